"""Data Docs that open offline. GX's pages load Bootstrap, jQuery, bootstrap-table, Font
Awesome and Vega from CDNs, and the logo from GX's web server: without a network the index
has no result list and the status column is blank. After GX builds the site, `localize` copies
the bundled files (`data_docs_assets/`, npm packages of the exact versions GX asks for; its
README) into `<site>/static/vendor/` and points every page at them with relative links (the
logo at the site's own copy), so the site opens from disk, a file share or any web server."""

from __future__ import annotations

import logging
import os
import re
import shutil
from pathlib import Path

log = logging.getLogger(__name__)

ASSETS = Path(__file__).with_name("data_docs_assets")
VENDOR = Path("static") / "vendor"

# CDN URL in GX 1.24's templates -> the bundled file.
LOCAL: dict[str, str] = {
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery-3.7.1.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js":
        "popper-1.12.9.min.js",
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css":
        "bootstrap-4.3.1.min.css",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js":
        "bootstrap-4.3.1.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css":
        "bootstrap-table-1.19.1.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js":
        "bootstrap-table-1.19.1.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.min.js": "bootstrap-table-filter-control-1.19.1.min.js",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.min.css": "bootstrap-table-filter-control-1.19.1.min.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.css": "bootstrap-table-filter-control-1.19.1.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/"
    "bootstrap-datepicker.min.css": "bootstrap-datepicker-1.9.0.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/"
    "bootstrap-datepicker.min.js": "bootstrap-datepicker-1.9.0.min.js",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/"
    "bootstrap-prefers-dark.css": "bootstrap-prefers-dark-1.1.0.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css":
        "fontawesome-6.6.0/css/all.min.css",
    "https://cdn.jsdelivr.net/npm/vega@5": "vega-5.33.1.min.js",
    "https://cdn.jsdelivr.net/npm/vega-lite@5": "vega-lite-5.23.0.min.js",
    "https://cdn.jsdelivr.net/npm/vega-embed@6": "vega-embed-6.29.0.min.js",
}

# GX's logo, loaded from its web-assets bucket: the site has a copy in static/images/ (the dark
# theme's variant has none; the plain logo stands in).
GX_IMAGES = re.compile(r"https://great-expectations-web-assets\.s3\.us-east-2\.amazonaws\.com/"
                       r"(logo-long\.png|full_logo_dark\.png)(?:\?[^\"')\s]*)?")
SITE_IMAGES = Path("static") / "images"
# A tag that loads something, and the http(s) URL it loads; a URL in inline CSS.
ASSET_TAG = re.compile(r"<(?:script|link|img)\b[^>]*>", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*["']?(https?://[^"')\s]+)""", re.IGNORECASE)
_ASSET_URL = re.compile(r"""\b(?:src|href)\s*=\s*["'](https?://[^"']+)["']""", re.IGNORECASE)
# Subresource integrity and CORS mode are for third-party CDNs; on a page opened from disk a
# crossorigin script is a CORS request browsers refuse for file:// URLs.
_CDN_ONLY_ATTRIBUTES = re.compile(r"""\s+(?:integrity|crossorigin)\s*=\s*["'][^"']*["']""",
                                  re.IGNORECASE)


def remote_assets(html: str) -> list[str]:
    """The http(s) URLs `html` loads scripts, styles or images from (links to other pages
    aside)."""
    tags = [m.group(1) for tag in ASSET_TAG.findall(html) if (m := _ASSET_URL.search(tag))]
    return tags + _CSS_URL.findall(html)


def localize(site: Path) -> set[str]:
    """Bundle the assets into `site` and rewrite its pages to use them. Returns the remote
    asset URLs that have no bundled copy (left as they are; logged)."""
    vendor = site / VENDOR
    shutil.copytree(ASSETS, vendor, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("README.md", "__pycache__"))
    missing: set[str] = set()
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if not any(url in html for url in LOCAL) and not GX_IMAGES.search(html):
            continue  # rendered and rewritten by an earlier run
        prefix = Path(os.path.relpath(vendor, page.parent)).as_posix()
        images = Path(os.path.relpath(site / SITE_IMAGES, page.parent)).as_posix()

        def local(tag: re.Match, prefix: str = prefix) -> str:
            text = tag.group(0)
            url = _ASSET_URL.search(text)
            if not url or url.group(1) not in LOCAL:
                return text
            text = text.replace(url.group(1), f"{prefix}/{LOCAL[url.group(1)]}")
            return _CDN_ONLY_ATTRIBUTES.sub("", text)

        tmp = page.with_name(f".{page.name}.tmp")
        html = ASSET_TAG.sub(local, GX_IMAGES.sub(f"{images}/logo-long.png", html))
        missing.update(remote_assets(html))
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, page)  # a reader never sees half a page
    if missing:
        log.warning("Data Docs load assets newsdw has no local copy of: %s", sorted(missing))
    return missing
