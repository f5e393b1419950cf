"""Stage 6: render new questions and pages — in memory first, then write atomically.

Existing questions are never overwritten: a question already in docs/ (same concept id, same id
with a similar heading, a similar heading, or an original text the report already placed) is
reported as `existing` with its link, and new questions are only ever appended to a page.
Headings, meta lines and the 待补充 marker come from the page model (mianjing.page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import autocorrect_py

from .classify import Taxonomy
from .model import Question
from .page import heading_line, meta_lines, parse, question_pages, stub_lines

WARNINGS = {
    "unanswered": "导入时只有题目，没有解答。",
    "outline": "导入时只有提纲，需要展开成完整的解答。",
    "image-only": "导入时解答只有一张图片（已丢失），需要用文字、表格、公式或 mermaid 图重写。",
}


@dataclass
class Existing:
    qid: str
    title: str
    page: str          # "section/slug"


def all_ids(docs: Path) -> set[str]:
    """Every explicit heading id on the site (ids are unique site-wide)."""
    return {i for md in docs.rglob("*.md") for i, _ in parse(md.read_text(encoding="utf-8")).ids}


def scan_docs(docs: Path) -> dict[str, Existing]:
    """Questions already on the question pages (docs/<section>/<page>.md)."""
    found: dict[str, Existing] = {}
    for page in question_pages(docs):
        for q in page.questions:
            if q.id:
                found.setdefault(q.id, Existing(q.id, q.title, page.src[: -len(".md")]))
    return found


def source_label(note: str) -> str:
    """Short source label shown on pages: the note's file name before the first "_"."""
    return note.split("_", 1)[0].rsplit(".", 1)[0]


FENCE_BLOCK = re.compile(r"^(```+|~~~+).*?^\1[ \t]*$", re.M | re.S)


def polish(text: str) -> str:
    """CJK/Latin spacing and full-width punctuation in the prose; code blocks stay as written."""
    out, pos = [], 0
    for m in FENCE_BLOCK.finditer(text):
        out.append(autocorrect_py.format_for(text[pos:m.start()], "markdown") if text[pos:m.start()].strip() else text[pos:m.start()])
        out.append(m.group(0))
        pos = m.end()
    rest = text[pos:]
    out.append(autocorrect_py.format_for(rest, "markdown") if rest.strip() else rest)
    return "".join(out)


def heading_text(title: str) -> str:
    t = autocorrect_py.format(title).replace("{", "（").replace("}", "）")
    return re.sub(r"(?<!\\)([*_`<>\[\]])", r"\\\1", t)


def render_question(q: Question) -> str:
    sources = list(dict.fromkeys(source_label(it.note) for it in sorted(q.sources, key=lambda i: i.note)))
    primary = q.sources[0]
    out = [heading_line(heading_text(q.title), q.qid), "", *meta_lines(q.stars, sources, q.tags), "", "**解答**", ""]
    if primary.body.strip() and primary.status != "image-only":
        out += [polish(primary.body), ""]
    if primary.status in WARNINGS:
        out += [*stub_lines(WARNINGS[primary.status]), ""]
    for other in q.sources[1:]:
        if not other.body.strip():
            continue
        body = polish(other.body)
        out += [f'??? note "其他来源的回答（{source_label(other.note)}）"', ""]
        out += [("    " + line) if line.strip() else "" for line in body.split("\n")]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def render_page_head(tax: Taxonomy, page_path: str) -> str:
    page = tax.page(page_path)
    section = tax.section(page.section)
    return (f"---\ntitle: {page.title}\ntags:\n  - {section['title']}\n---\n\n"
            f"# {page.title}\n\n{page.abstract or page.title}\n")
