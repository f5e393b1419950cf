"""The offline copy: the same site, built to be opened from disk (`file://`).

`MIANJING_OFFLINE=1 mkdocs build` turns on Material's offline plugin (mkdocs.yml), which makes
page links end in .html and inlines the search index into search/search_index.js. This hook
does the rest, only in that build:

- instant navigation off (it fetches pages, which a browser refuses from disk);
- the `iframe-worker` shim (pinned npm, copied into the site) instead of the plugin's unpkg.com
  URL, so search runs its worker from disk with no request to the network;
- the practice data as scripts, since nothing can be fetched from disk: `questions.index.js`
  (the records of questions.index.json) and, per question page, `offline/<page>.js` with the
  HTML of its questions; overrides/assets/javascripts/practice/common.js loads them on `file:`.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from mianjing import sections as built_sections

SHIM_URI = "assets/javascripts/vendor/iframe-worker.js"
INSTANT = ("navigation.instant", "navigation.instant.progress")
QUESTIONS_JS = "questions.index.js"
SECTIONS_DIR = "offline"


def enabled(config) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


def on_config(config):
    if not enabled(config):
        return config
    config.theme["features"] = [f for f in config.theme["features"] if f not in INSTANT]
    polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in p]
    config.extra["polyfills"] = [*polyfills, SHIM_URI]
    return config


def on_files(files, config):
    if not enabled(config):
        return files
    shim = Path(config.config_file_path).resolve().parent / "node_modules" / "iframe-worker" / "shim" / "index.js"
    if not shim.is_file():
        raise PluginError(f"{shim} not found. Run `make setup` (or `npm ci`) first.")
    files.append(File.generated(config, SHIM_URI, abs_src_path=str(shim)))
    return files


def sections_script(page_url: str) -> str:
    return f"{SECTIONS_DIR}/{page_url.removesuffix('.html')}.js"


def on_post_build(config):
    if not enabled(config):
        return
    site = Path(config.site_dir)
    index = (site / "questions.index.json").read_text(encoding="utf-8")
    (site / QUESTIONS_JS).write_text(f"window.__mianjingQuestions = {index};\n", encoding="utf-8")
    for url in sorted({q["url"] for q in json.loads(index)["questions"]}):
        html = (site / url).read_text(encoding="utf-8")
        sections = built_sections.read(html)
        out = site / sections_script(url)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("(window.__mianjingSections = window.__mianjingSections || {})"
                       f"[{json.dumps(url)}] = {json.dumps(sections, ensure_ascii=False)};\n", encoding="utf-8")
