"""`sources.yml`: what the daily run reads."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SOURCE_TYPES = ("folder", "feed", "urls")
# Per-source options of `feed` and `urls` sources (extract.sources.http.HttpOptions).
WEB_OPTIONS = (
    "timeout", "total_timeout", "source_timeout", "max_bytes", "retries", "backoff_base",
    "backoff_max", "max_concurrency_per_host", "max_workers", "max_redirects",
)


# The keys of one entry under `sources:`; web sources also take WEB_OPTIONS. Anything else is
# a typo (`lanugage: en` would silently disable the language filter), so it is refused.
SOURCE_KEYS = ("name", "type", "path", "url", "urls", "file", "language", "limit")
TOP_LEVEL_KEYS = ("sources",)


class SourceConfigError(ValueError):
    """sources.yml is missing or malformed; the message says where."""


def unknown_keys_error(where: str, unknown: list[str], known: tuple[str, ...] | list[str],
                       what: str = "key") -> SourceConfigError:
    """``unknown key 'lanugage' (did you mean 'language'?); known keys: …``"""
    parts = []
    for key in unknown:
        close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
        parts.append(f"{key!r} (did you mean {close[0]!r}?)" if close else repr(key))
    plural = "s" if len(unknown) > 1 else ""
    return SourceConfigError(
        f"{where}: unknown {what}{plural} {', '.join(parts)}; known: {', '.join(known)}"
    )


@dataclass(frozen=True)
class SourceConfig:
    name: str
    type: str
    path: Path | None = None  # folder
    urls: tuple[str, ...] = ()  # feed / urls
    language: str | None = None  # keep only articles in this language
    limit: int | None = None  # at most this many articles per run
    options: dict = field(default_factory=dict)


def load_sources(path: Path) -> list[SourceConfig]:
    if not path.is_file():
        raise SourceConfigError(f"sources file not found: {path}")
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise SourceConfigError(f"{path}: not valid YAML: {exc}") from exc
    entries = doc.get("sources") if isinstance(doc, dict) else None
    if isinstance(doc, dict) and (extra := sorted(map(str, set(doc) - set(TOP_LEVEL_KEYS)))):
        raise unknown_keys_error(str(path), extra, TOP_LEVEL_KEYS)
    if not isinstance(entries, list) or not entries:
        raise SourceConfigError(f"{path}: expected a non-empty list under `sources:`")
    configs, seen = [], set()
    for i, entry in enumerate(entries):
        where = f"{path}: sources[{i}]"
        if not isinstance(entry, dict):
            raise SourceConfigError(f"{where}: expected a mapping")
        name, kind = entry.get("name"), entry.get("type")
        if not name or not isinstance(name, str):
            raise SourceConfigError(f"{where}: `name` is required")
        if name in seen:
            raise SourceConfigError(f"{where}: duplicate source name {name!r}")
        seen.add(name)
        if kind not in SOURCE_TYPES:
            raise SourceConfigError(f"{where} ({name}): `type` must be one of {SOURCE_TYPES}")
        folder = None
        if kind == "folder":
            if not entry.get("path"):
                raise SourceConfigError(f"{where} ({name}): folder sources need `path`")
            folder = (path.parent / entry["path"]).resolve()
        urls = entry.get("urls") or ([entry["url"]] if entry.get("url") else [])
        if entry.get("file"):
            url_file = (path.parent / entry["file"]).resolve()
            urls = [*urls, *_read_url_list(url_file, where)]
        if kind in ("feed", "urls") and not urls:
            raise SourceConfigError(
                f"{where} ({name}): {kind} sources need `url`, `urls` or `file`"
            )
        limit = entry.get("limit")
        if limit is not None and (not isinstance(limit, int) or limit < 1):
            raise SourceConfigError(f"{where} ({name}): `limit` must be a positive integer")
        language = entry.get("language")
        if language is not None and not isinstance(language, str):
            raise SourceConfigError(f"{where} ({name}): `language` must be a code like `en`")
        options = {k: v for k, v in entry.items() if k not in SOURCE_KEYS}
        if kind in ("feed", "urls"):
            _check_web_options(options, f"{where} ({name})")
        elif options:
            raise unknown_keys_error(f"{where} ({name})", sorted(map(str, options)), SOURCE_KEYS)
        configs.append(
            SourceConfig(
                name=name,
                type=kind,
                path=folder,
                urls=tuple(urls),
                language=language,
                limit=limit,
                options=options,
            )
        )
    return configs


def _check_web_options(options: dict, where: str) -> None:
    unknown = sorted(map(str, set(options) - set(WEB_OPTIONS)))
    if unknown:
        raise unknown_keys_error(where, unknown, (*SOURCE_KEYS, *WEB_OPTIONS))
    from extract.sources.http import HttpOptions  # the HTTP stack only for web sources

    try:
        HttpOptions.from_options(options)
    except ValueError as exc:
        raise SourceConfigError(f"{where}: {exc}") from exc


def _read_url_list(path: Path, where: str) -> list[str]:
    if not path.is_file():
        raise SourceConfigError(f"{where}: url list not found: {path}")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [s for line in lines if (s := line.strip()) and not s.startswith("#")]
