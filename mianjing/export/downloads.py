"""The downloads: `manifest.json` next to the files, and the table on the 下载 page.

docs/downloads.md has a `<div id="downloads">` with a fallback sentence (a local build has no
exports); after the exports are written, the built page's block is replaced by the table of
files (name, what it is, size, question count, date).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from mianjing.files import write_atomic

from .built import ExportError

MANIFEST = "manifest.json"
PAGE = "downloads/index.html"
_BLOCK = re.compile(r'(<div id="downloads">).*?(</div>)', re.S)


def human_size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def write_manifest(out_dir: Path, files: list[dict], questions: int, date: str) -> dict:
    manifest = {"version": 1, "date": date, "questions": questions,
                "files": [{**f, "bytes": (out_dir / f["name"]).stat().st_size} for f in files]}
    write_atomic({out_dir / MANIFEST: json.dumps(manifest, ensure_ascii=False, indent=2)})
    return manifest


def table(manifest: dict, prefix: str) -> str:
    rows = "".join(
        f'<tr><td><a href="{prefix}{html.escape(f["name"])}" download>{html.escape(f["title"])}</a></td>'
        f'<td>{html.escape(f["what"])}</td><td>{human_size(f["bytes"])}</td></tr>'
        for f in manifest["files"])
    return (f'<p>共 {manifest["questions"]} 道题，生成于 {manifest["date"]}。</p>'
            '<table><thead><tr><th>文件</th><th>内容</th><th>大小</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def patch_page(site_dir: Path, manifest: dict, files_url: str) -> None:
    """Put the table into the built 下载 page (*files_url*: the files' folder, relative to the page)."""
    page = site_dir / PAGE
    if not page.is_file():
        raise ExportError(f"{page} not found: docs/downloads.md is not in the built site")
    text = page.read_text(encoding="utf-8")
    new, n = _BLOCK.subn(lambda m: m.group(1) + table(manifest, files_url) + m.group(2), text, count=1)
    if n != 1:
        raise ExportError(f'{page}: no <div id="downloads"> block to fill (docs/downloads.md changed?)')
    write_atomic({page: new})   # the site may be served (tests) while the exports run
