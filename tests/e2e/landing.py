"""Landing folders for the end-to-end runs: articles in the sample format, written by code."""

from __future__ import annotations

from pathlib import Path

TOPICS = ("rain", "wind", "fog", "frost", "heat", "snow")


def actorless_articles(folder: Path, day: str) -> list[Path]:
    """Six weather reports dated ``day`` in which the tagger finds no actor and no entity at
    all (checked with ``newsdw tag``): the raw suite's NLP health fails on them (critical), as
    it does when the model is broken. A real validation failure, reached through real data."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, topic in enumerate(TOPICS):
        body = " ".join([
            f"The {topic} stayed over the valley for most of the morning and the fields were "
            "quiet.",
            f"Farmers waited for the {topic} to pass before they went back to work on the land.",
            "The roads were slow, the schools opened late and the buses ran on a shorter route.",
            f"By the evening the {topic} had eased and the sky over the hills was clear again.",
            "Nobody expects the weather to change much before the end of the week.",
        ] * 2)
        path = folder / f"quiet_{day}_{i}.txt"
        path.write_text(f"date {day}\ntitle: a day of {topic}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def folder_sources(root: Path, folder: Path) -> Path:
    """A sources.yml reading ``folder`` (English only, as the bundled one)."""
    sources = root / "sources.yml"
    sources.write_text(
        f"sources:\n  - name: landing\n    type: folder\n    path: {folder}\n    language: en\n"
    )
    return sources
