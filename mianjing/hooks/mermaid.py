"""Mermaid: every diagram is rendered to SVG before the pages are converted (see mianjing/mermaid.py).

A diagram that does not parse fails the build with its page and line. Pages ship no mermaid
JavaScript: the fences become inline SVG through superfences' custom-fence formatter.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from mianjing import mermaid
from mianjing.page import parse


def diagrams(files) -> list[tuple[str, int, str]]:
    found = []
    for f in files.documentation_pages():
        if f.src_uri.endswith(".md") and f.abs_src_path:
            page = parse(Path(f.abs_src_path).read_text(encoding="utf-8"), f.src_uri)
            found += [(f"docs/{f.src_uri}", fence.line, fence.body) for fence in page.fences if fence.lang == "mermaid"]
    return found


def on_files(files, config):
    errors = mermaid.prerender(diagrams(files))
    if errors:
        raise PluginError("diagrams that do not parse:\n" + "\n".join(errors))
    return files


def on_post_build(config):
    mermaid.RENDERER.close()
