"""Retired pages keep working: each `moved_pages` entry of mianjing/ids.yml becomes a small page at
the old URL that forwards to the new page, keeping the `#id` (readers' bookmarks, shared links).

Question ids that moved between pages or were renamed are handled in the browser by
overrides/assets/javascripts/anchors.js, from questions.json.
"""

from __future__ import annotations

import html
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from mianjing.config import DOCS
from mianjing.structure import Register

STUB = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8">
<title>页面已移动</title>
<link rel="canonical" href="{href}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="1; url={href}">
<script>location.replace({js} + location.hash)</script>
</head><body><p>本页已合并到 <a href="{href}">新页面</a>。</p></body></html>
"""


def page_url(path: str, use_directory_urls: bool) -> str:
    return f"{path}/" if use_directory_urls else f"{path}.html"


def on_post_build(config):
    if Path(config.docs_dir).resolve() != DOCS.resolve():
        return  # the register describes this repository's docs/, not a test project's
    site = Path(config.site_dir)
    for old, new in Register.load().moved_pages.items():
        old_url, new_url = page_url(old, config.use_directory_urls), page_url(new, config.use_directory_urls)
        target = site / (new_url + "index.html" if config.use_directory_urls else new_url)
        if not target.is_file():
            raise PluginError(f"mianjing/ids.yml: moved page {old} -> {new}, but {new} is not a page of the site")
        out = site / (old_url + "index.html" if config.use_directory_urls else old_url)
        if out.exists():
            raise PluginError(f"mianjing/ids.yml: {old} is listed as moved, but the site still has that page")
        href = get_relative_url(new_url, old_url)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(STUB.format(href=html.escape(href), js=repr(href)), encoding="utf-8")
