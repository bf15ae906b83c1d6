"""What a text is about: a CAP major topic (with its IPTC Media Topic) for any text.

``model.py`` is the runtime (numpy only): a static word-piece embedding table distilled from
all-MiniLM-L6-v2 (``distill.py``, run once with the weights in a throwaway venv) with a linear
classifier over the CAP major topics folded into it (``train.py``). ``data/`` holds the topic
list, the training sentences and the artefact; ``data/MODEL_CARD.md`` says where each came
from and under which licence.
"""
