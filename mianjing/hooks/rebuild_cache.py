"""Rebuilds skip the work whose inputs did not change: each page's Markdown → HTML, and the
compilation of the theme's Jinja templates.

Python-Markdown (with pygments for the code) takes about half of a warm build, and `make serve`
re-renders every page on each save. MkDocs has no switch to skip an unchanged page, so two
events bracket its render: `on_page_markdown` runs last and, when the cache holds the page,
hands MkDocs an empty document to render; `on_page_content` runs first and puts back the cached
HTML with what MkDocs takes from a render — the table of contents, the anchors the page has and
the anchors it links to (MkDocs checks those after all pages are read) and the title from the
first heading. All of these are public attributes of MkDocs' `Page`.

The key is everything the HTML depends on: the Markdown after the other hooks, the page's path,
every file's path and URL (relative links and their warnings), mkdocs.yml, the versions of the
installed Python packages, package-lock.json (KaTeX, mermaid) and our own code (mianjing/, which
renders formulas and diagrams). A render that logs anything is not cached, so a broken link warns
(and fails `--strict`) on every build. Entries live in `.cache/markdown/<sha256>.json`; those no
build has used for two weeks are removed.
tests/test_rebuild_cache.py checks that a cached build writes the same pages as a fresh one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
from functools import lru_cache
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.toc import get_toc

from mianjing import config as project
from mianjing.config import cache_root
from mianjing.files import write_atomic

log = get_plugin_logger("rebuild-cache")
FORMAT = 1
KEEP_DAYS = 14
_state: dict = {}


class _Recorder(logging.Handler):
    """Anything logged while one page renders (broken links, extension warnings)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


_LOGGERS = (logging.getLogger(), logging.getLogger("mkdocs"))   # MkDocs' logger does not propagate


@lru_cache(maxsize=1)
def _environment() -> str:
    """Installed Python packages, the npm lock, and the source of our own package."""
    digest = hashlib.sha256(str(FORMAT).encode())
    # the installed packages' metadata folders are named <name>-<version>.dist-info (listing them is
    # instant; reading every package's metadata took half a second)
    installed = sorted({p.name for entry in sys.path if Path(entry).is_dir() for p in Path(entry).glob("*.dist-info")})
    digest.update("\n".join(installed).encode())
    lock = project.ROOT / "package-lock.json"
    digest.update(lock.read_bytes() if lock.is_file() else b"")
    for path in sorted((project.ROOT / "mianjing").rglob("*.py")):
        digest.update(str(path.relative_to(project.ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def on_config(config):
    _state.clear()
    _state.update(hits=0, rendered=0, pending={}, recorder=None)
    _state["config_bytes"] = Path(config.config_file_path).read_bytes()
    return config


def on_files(files, config):
    listing = "\n".join(sorted(f"{f.src_uri}\t{f.url}" for f in files))
    _state["site"] = hashlib.sha256(_environment().encode() + _state["config_bytes"] + listing.encode()).hexdigest()
    return files


def _key(markdown: str, page) -> str:
    text = f"{_state['site']}\n{page.file.src_uri}\n{markdown}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _path(key: str) -> Path:
    return cache_root() / "markdown" / f"{key}.json"


def _read(path: Path) -> dict | None:
    """The cached render, or None; an unreadable entry is rendered again (and rewritten)."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        os.utime(path)   # last used now: see prune()
        return entry
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        log.info(f"{path}: {err}; rendering the page again")
        return None


def _stop_recording() -> list[logging.LogRecord]:
    recorder = _state.get("recorder")
    if recorder is None:
        return []
    for logger in _LOGGERS:
        logger.removeHandler(recorder)
    _state["recorder"] = None
    return recorder.records


@event_priority(-100)   # after every other hook and plugin has changed the Markdown
def on_page_markdown(markdown, page, config, files):
    _stop_recording()   # left over if the previous page failed to render
    if not page.file.src_uri.endswith(".md"):
        return markdown   # notebooks: mkdocs-jupyter renders them, from its own cache
    key = _key(markdown, page)
    entry = _read(_path(key))
    _state["pending"][page.file.src_uri] = (key, markdown, entry)
    if entry is not None:
        return ""   # MkDocs renders an empty page; on_page_content puts the cached one back
    _state["recorder"] = _Recorder()
    for logger in _LOGGERS:
        logger.addHandler(_state["recorder"])
    return markdown


def _toc_tokens(items) -> list[dict]:
    return [{"level": a.level, "id": a.id, "name": a.title, "children": _toc_tokens(a.children)} for a in items]


@event_priority(100)   # before any other hook changes the HTML
def on_page_content(html, page, config, files):
    pending = _state["pending"].pop(page.file.src_uri, None)
    records = _stop_recording()
    if pending is None:
        return html
    key, markdown, entry = pending
    if entry is None:
        _state["rendered"] += 1
        if not records:
            links = {f.src_uri: anchors for f, anchors in (page.links_to_anchors or {}).items()}
            entry = {"html": html, "toc": _toc_tokens(page.toc), "anchors": sorted(page.present_anchor_ids or ()),
                     "links": links, "title": None if "title" in page.meta else page.title}
            write_atomic({_path(key): json.dumps(entry, ensure_ascii=False)})
        return html
    _state["hits"] += 1
    page.markdown = markdown
    page.toc = get_toc(entry["toc"])
    page.present_anchor_ids = set(entry["anchors"])
    page.links_to_anchors = {target: anchors for uri, anchors in entry["links"].items()
                             if (target := files.get_file_from_path(uri)) is not None}
    if entry["title"] is not None:
        page.title = entry["title"]
    return entry["html"]


def on_env(env, config, files):
    """Compiled templates are kept between builds; Jinja checks each template's source."""
    folder = cache_root() / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env


def prune(folder: Path, days: float = KEEP_DAYS) -> int:
    """Remove the entries no build has used for `days`: every change to our code or to a package
    makes a new entry for each page (≈ 9 MB), and the old ones would pile up."""
    cutoff = time.time() - days * 86400
    removed = 0
    for path in folder.glob("*.json"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:   # a concurrent build pruned it first
            pass
    return removed


def on_post_build(config):
    folder = cache_root() / "markdown"
    removed = prune(folder)
    log.info(f"Markdown: {_state['rendered']} pages rendered, {_state['hits']} from {folder}"
             + (f"; {removed} entries unused for {KEEP_DAYS} days removed" if removed else ""))


def on_build_error(error):
    _stop_recording()
