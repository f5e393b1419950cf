"""Notebook back-links: every notebook page ends with the questions whose answers link to it.

Answers link to their notebook by hand ("可运行代码"); the reverse direction is derived here from
those links (read through the page model), so the two can never disagree and a notebook never
has to know its page's path.
"""

from __future__ import annotations

import html
from pathlib import Path

from mkdocs.utils import get_relative_url

from mianjing.page import Page, is_question_page, parse

_links: dict[str, list[tuple[str, str, str]]] = {}


def questions_linking_notebooks(pages: dict[str, Page]) -> dict[str, list[tuple[str, str, str]]]:
    """{notebook stem: [(page src_uri, question id, question title)]}, in page order."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for src, page in sorted(pages.items()):
        for q in page.questions:
            for stem in q.notebooks:
                if q.id:
                    found.setdefault(stem, []).append((src, q.id, q.title.replace("`", "")))
    return found


def on_files(files, config):
    pages = {
        f.src_uri: parse(Path(f.abs_src_path).read_text(encoding="utf-8"), f.src_uri)
        for f in files.documentation_pages()
        if is_question_page(f.src_uri)
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
