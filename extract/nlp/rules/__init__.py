"""The word lists of the NLP rules, as plain-text data files in this directory.

A linguist edits these files, not the Python code. Two formats, both UTF-8:

- ``<name>.txt``: one entry per line. Read with :func:`words` (a frozenset, for membership
  tests) or :func:`ordered` (a tuple in file order, where order matters).
- ``<name>.tsv``: one ``key<TAB>value`` pair per line. Read with :func:`mapping` (a dict in
  file order).

In both, lines starting with ``#`` are comments (each file starts with what the list is for)
and blank lines are ignored. Entries are taken exactly as written: case matters, and a
duplicate entry or key, leading or trailing whitespace, or a malformed mapping line is an
error when the file is loaded. Files are read once per process (the functions are cached);
the rule modules load them at import into module-level names, so no rule reads a file per
call.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

__all__ = ["mapping", "ordered", "parse_entries", "parse_mapping", "words"]


def _read(filename: str) -> str:
    return files(__name__).joinpath(filename).read_text(encoding="utf-8")


def parse_entries(text: str, source: str = "<text>") -> tuple[str, ...]:
    """Entries of a list file's ``text``: comment and blank lines skipped, duplicates and
    stray whitespace rejected (``ValueError`` naming ``source`` and the line)."""
    out: list[str] = []
    seen: set[str] = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{source}:{lineno}"
        if line != line.strip():
            raise ValueError(f"{where}: leading or trailing whitespace in {line!r}")
        if line in seen:
            raise ValueError(f"{where}: duplicate entry {line!r}")
        seen.add(line)
        out.append(line)
    return tuple(out)


def parse_mapping(text: str, source: str = "<text>") -> dict[str, str]:
    """``key<TAB>value`` pairs of a mapping file's ``text``, in file order (same checks as
    :func:`parse_entries`; every line has exactly one tab, no key repeats)."""
    out: dict[str, str] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{source}:{lineno}"
        parts = line.split("\t")
        if len(parts) != 2 or not all(parts):
            raise ValueError(f"{where}: expected key<TAB>value, got {line!r}")
        key, value = parts
        if key != key.strip() or value != value.strip():
            raise ValueError(f"{where}: leading or trailing whitespace in {line!r}")
        if key in out:
            raise ValueError(f"{where}: duplicate key {key!r}")
        out[key] = value
    return out


@cache
def ordered(name: str) -> tuple[str, ...]:
    """Entries of ``<name>.txt`` in file order."""
    filename = f"{name}.txt"
    return parse_entries(_read(filename), filename)


@cache
def words(name: str) -> frozenset[str]:
    """Entries of ``<name>.txt`` as a set."""
    return frozenset(ordered(name))


@cache
def _mapping(name: str) -> dict[str, str]:
    filename = f"{name}.tsv"
    return parse_mapping(_read(filename), filename)


def mapping(name: str) -> dict[str, str]:
    """``<name>.tsv`` as a dict in file order (a fresh copy: callers may change it)."""
    return dict(_mapping(name))
