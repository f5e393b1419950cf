"""Notebook back-links: every notebook page ends with the questions whose answers link to it.

Answers link to their notebook by hand ("可运行代码"); the reverse direction is derived here from
those links, so the two can never disagree and a notebook never has to know its page's path.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path

from mkdocs.utils import get_relative_url

QUESTION_RE = re.compile(r"^## (.+?) \{#([a-z0-9-]+)\}\s*$")
NOTEBOOK_LINK_RE = re.compile(r"\]\((?:\.\./)+notebooks/([a-z0-9-]+)\.ipynb(?:#[^)]*)?\)")
_links: dict[str, list[tuple[str, str, str]]] = {}


def questions_linking_notebooks(pages: dict[str, str]) -> dict[str, list[tuple[str, str, str]]]:
    """{notebook stem: [(page src_uri, question id, question title)]} from Markdown sources."""
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for src_uri, text in sorted(pages.items()):
        question = None
        for line in text.splitlines():
            if m := QUESTION_RE.match(line):
                question = (m.group(2), m.group(1).replace("`", ""))
            elif question:
                for stem in NOTEBOOK_LINK_RE.findall(line):
                    ref = (src_uri, *question)
                    if ref not in found[stem]:
                        found[stem].append(ref)
    return dict(found)


def on_files(files, config):
    pages = {
        f.src_uri: Path(f.abs_src_path).read_text(encoding="utf-8")
        for f in files.documentation_pages()
        if f.src_uri.endswith(".md")
    }
    _links.clear()
    _links.update(questions_linking_notebooks(pages))
    return files


def on_page_content(content, page, config, files):
    src = page.file.src_uri
    if not (src.startswith("notebooks/") and src.endswith(".ipynb")):
        return content
    refs = _links.get(Path(src).stem)
    if not refs:
        return content
    items = []
    for page_uri, qid, title in refs:
        target = files.get_file_from_path(page_uri)
        href = get_relative_url(target.url, page.url) + f"#{qid}"
        items.append(f'<li><a href="{html.escape(href)}">{html.escape(title)}</a></li>')
    return (
        content
        + '<h2 id="related-questions">相关面试题<a class="headerlink" href="#related-questions" '
        + 'title="本节链接">¶</a></h2>\n<ul class="nb-backlinks">'
        + "".join(items)
        + "</ul>\n"
    )
