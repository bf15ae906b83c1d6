"""Data Docs open offline: after a real validation run renders the GX site, no page loads a
script, a style or an image from the network; every asset it loads is a file of the site."""

from __future__ import annotations

import re
from pathlib import Path

from expectations.docs_assets import ASSET_TAG, LOCAL, remote_assets
from tests.integration.test_validation import _validate, warehouse  # noqa: F401 (fixture)

# what localize points pages at (GX's own relative links are GX's: its favicon link on the
# deeper validation pages misses a level, and a missing favicon costs nothing)
LOCAL_ASSET = re.compile(
    r"""\b(?:src|href)\s*=\s*["']([^"']*static/(?:vendor/[^"']+|images/logo-long\.png))["']""")


def test_built_data_docs_load_no_asset_over_http(warehouse: Path, tmp_path: Path) -> None:  # noqa: F811
    docs = tmp_path / "data_docs"
    for layer in ("raw", "marts", "raw"):  # a second run re-renders the index over the first
        report = _validate(warehouse, layer, docs)
        assert report.docs_index is not None
    pages = sorted(docs.rglob("*.html"))
    assert len(pages) >= 4  # the index, suites and validation results
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert remote_assets(html) == [], page.relative_to(docs)
        assert "great-expectations-web-assets" not in html  # the logo is the site's copy
        tags = ASSET_TAG.findall(html)
        assert not any("integrity=" in t or "crossorigin=" in t for t in tags), page
        loaded = [m.group(1) for t in tags if (m := LOCAL_ASSET.search(t))]
        assert loaded, f"{page.relative_to(docs)} loads no bundled asset"
        for ref in loaded:
            assert (page.parent / ref).resolve().is_file(), (page.relative_to(docs), ref)
    index = (docs / "index.html").read_text(encoding="utf-8")
    # the index loads jQuery, Bootstrap and bootstrap-table (its result list) from the site
    for name in ("jquery-3.7.1.min.js", "bootstrap-table-1.19.1.min.js",
                 "bootstrap-4.3.1.min.css"):
        assert f"static/vendor/{name}" in index
    # and the fonts Font Awesome's CSS points at are there too
    css = docs / "static" / "vendor" / LOCAL[
        "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css"]
    for font in re.findall(r"url\(\.\./webfonts/([^)]+\.woff2)\)", css.read_text()):
        assert (css.parent.parent / "webfonts" / font).is_file(), font
