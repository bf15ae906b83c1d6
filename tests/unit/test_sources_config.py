"""sources.yml refuses what it does not know: a typo'd key must not silently change the run."""

from __future__ import annotations

import pytest

from extract.sources.config import SourceConfigError, load_sources


def write(tmp_path, body: str):
    (tmp_path / "landing").mkdir(exist_ok=True)
    path = tmp_path / "sources.yml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_typo_in_a_source_key_is_refused_with_a_suggestion(tmp_path):
    path = write(tmp_path, "sources:\n  - name: a\n    type: folder\n    path: landing\n"
                           "    lanugage: en\n")
    with pytest.raises(SourceConfigError) as err:
        load_sources(path)
    message = str(err.value)
    assert "unknown key 'lanugage' (did you mean 'language'?)" in message
    assert "sources[0] (a)" in message and "\n" not in message


def test_an_unknown_top_level_key_is_refused(tmp_path):
    path = write(tmp_path, "source:\n  - name: a\n    type: folder\n    path: landing\n")
    with pytest.raises(SourceConfigError, match=r"unknown key 'source' \(did you mean 'sources'"):
        load_sources(path)


def test_web_options_on_a_folder_source_are_refused(tmp_path):
    path = write(tmp_path, "sources:\n  - name: a\n    type: folder\n    path: landing\n"
                           "    timeout: 3\n")
    with pytest.raises(SourceConfigError, match="unknown key 'timeout'"):
        load_sources(path)


def test_a_language_must_be_a_code(tmp_path):
    path = write(tmp_path, "sources:\n  - name: a\n    type: folder\n    path: landing\n"
                           "    language: [en]\n")
    with pytest.raises(SourceConfigError, match="language"):
        load_sources(path)


def test_known_keys_still_load(tmp_path):
    path = write(tmp_path, "sources:\n  - name: a\n    type: folder\n    path: landing\n"
                           "    language: en\n    limit: 5\n")
    (source,) = load_sources(path)
    assert (source.language, source.limit, source.options) == ("en", 5, {})
