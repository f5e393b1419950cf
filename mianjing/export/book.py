"""PDF: the book (every question with its full answer) and the 答题卡 (questions and room to write).

Both are one print page of our own (`book_html`, `sheet_html`), made from the built site's
question parts (mianjing/export/built.py), printed by the Debian chromium the tests use
(Playwright `page.pdf`); the bookmarks (section → page → question) are added with pypdf. Formulas are the
site's KaTeX HTML with its CSS and fonts; diagrams the light SVG; code the site's highlighting;
collapsed blocks are opened and tabs laid out one after another, so nothing is hidden on paper.
The text is set in a pinned web font (FONT_CSS), which chromium embeds (subset) into the PDF.
"""

from __future__ import annotations

import copy
import html
import re
import shutil
import tempfile
import time
from itertools import groupby
from pathlib import Path

from pygments.formatters import HtmlFormatter
from pypdf import PdfReader, PdfWriter
from pypdf.generic import Fit, NameObject, TextStringObject

from mianjing import config
from mianjing.browser import launch

from .built import BuiltQuestion, BuiltSite, ExportError, resolve_links, to_html

_PLACEHOLDER = re.compile(r'<img data-diagram="(\d+)"[^>]*>')
# the text font is pinned (npm @fontsource/noto-sans-sc, static TrueType, real bold): chromium embeds
# TrueType as named CID fonts, but system Noto CJK (CFF outlines) and any synthesised bold only as
# unnamed Type 3 glyph procedures (bigger files, and `pdffonts` cannot tell which font it was)
FONT_CSS = [config.ROOT / "node_modules" / "@fontsource" / "noto-sans-sc" / f"{w}.css" for w in (400, 700)]
FONT = '"Noto Sans SC", "DejaVu Sans", sans-serif'
MONO = '"DejaVu Sans Mono", "Noto Sans SC", monospace'
SHEET_LINES = {1: 4, 2: 6, 3: 8}    # ruled lines to write on, by importance
# loading and laying out the whole book is ≈ 13 s on two idle cores; `make test` prints while two
# browser-test workers run, which took it past Playwright's default 30 s. A hang still fails.
LOAD_TIMEOUT_MS = 300_000

CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
html { font-family: %(font)s; font-size: 10pt; line-height: 1.62; color: #111; }
body { margin: 0; }
a { color: #1849a9; text-decoration: none; }
h1 { font-size: 19pt; margin: 0 0 .6em; break-before: page; }
h2 { font-size: 14pt; margin: 1.4em 0 .4em; padding-bottom: .15em; border-bottom: 1px solid #bbb; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 1.3em 0 .2em; break-after: avoid; }
h3 a.self { color: inherit; }
h3 .stars { color: #b7791f; font-size: 9pt; font-weight: normal; margin-left: .4em; }
.meta { color: #666; font-size: 8.5pt; margin: 0 0 .4em; }
p, ul, ol { margin: .35em 0; }
li { margin: .1em 0; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 8pt; line-height: 1.45; background: #f5f6f8;
      padding: .5em .7em; border-radius: 3px; margin: .5em 0; }
code { font-family: %(mono)s; font-size: .92em; }
table { border-collapse: collapse; margin: .5em 0; font-size: 8.8pt; break-inside: auto; }
th, td { border: 1px solid #bbb; padding: .15em .45em; vertical-align: top; }
th { background: #f0f1f4; }
tr { break-inside: avoid; }
.admonition, details { border-left: 3px solid #448aff; background: #f3f7ff; padding: .1em .8em; margin: .6em 0; }
.admonition.warning, details.warning { border-color: #f08c00; background: #fff7eb; }
.admonition-title, summary { font-weight: bold; display: block; }
.katex { font-size: 1.08em; }
.katex { font-family: KaTeX_Main, %(font)s; }   /* CJK in \\text{} */
.katex-mathml { display: none; }   /* the TeX/MathML copy: screen readers on the site; in a PDF, every formula twice */
.katex-display { margin: .5em 0; overflow: visible; }
.diagram { margin: .5em 0; break-inside: avoid; text-align: center; }
.diagram svg { max-width: 100%%; max-height: 120mm; height: auto; }
.diagram svg * { font-family: %(font)s !important; }   /* laid out with Noto Sans CJK SC: same metrics */
.tab-label { margin-bottom: 0; }
.cover { height: 250mm; display: flex; flex-direction: column; justify-content: center; }
.cover .title { font-size: 30pt; font-weight: bold; margin: 0; }
.cover .subtitle { font-size: 13pt; color: #444; margin: .5em 0 2em; }
.cover .facts { font-size: 10pt; color: #555; }
.toc { break-before: page; }
.toc h1 { break-before: avoid; }
.toc ol { list-style: none; padding-left: 0; }
.toc > ol > li { margin-top: .7em; font-weight: bold; }
.toc ol ol { padding-left: 1.2em; font-weight: normal; }
.toc ol ol ol { columns: 1; font-size: 8.8pt; color: #333; }
.lines { margin: .3em 0 1em; }
.lines div { border-bottom: 1px solid #c8c8c8; height: 8.5mm; }
.sheet h3 { break-inside: avoid; }
.sheet .q { break-inside: avoid; }
"""


def _css() -> str:
    return CSS % {"font": FONT, "mono": MONO} + HtmlFormatter(style="default").get_style_defs(".highlight")


def _part(el, bq: BuiltQuestion, site: BuiltSite) -> str:
    if el is None:
        return ""
    el = copy.deepcopy(el)
    resolve_links(el, bq, site, internal=True)
    return _PLACEHOLDER.sub(lambda m: f'<div class="diagram">{bq.diagrams[int(m.group(1))].light}</div>',
                            to_html(el))


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _head(site: BuiltSite, title: str) -> str:
    sheets = [site.site_dir / "assets" / "katex" / "katex.min.css", *FONT_CSS]
    for css in sheets:
        if not css.is_file():
            raise ExportError(f"{css} not found: run `make setup` (npm ci) and build the site")
    links = "".join(f'<link rel="stylesheet" href="{css.resolve().as_uri()}">' for css in sheets)
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{_esc(title)}</title>'
            f'{links}<style>{_css()}</style></head><body>')


def _cover(site: BuiltSite, title: str, subtitle: str, date: str) -> str:
    n = len(site.questions)
    return (f'<section class="cover"><p class="title">{_esc(title)}</p><p class="subtitle">{_esc(subtitle)}</p>'
            f'<div class="facts"><p>{n} 道题 · 生成于 {date}</p>'
            f'<p>网站：<a href="{site.site_url}">{_esc(site.site_url)}</a>（随时更新；本文件每次发布时重新生成）</p>'
            f'<p>内容 CC BY-SA 4.0 · 代码 MIT</p></div></section>')


def _sections(site: BuiltSite):
    """(section title, [(page title, [questions])]) in site order."""
    for section, qs in groupby(site.questions, key=lambda q: q.record["section_title"]):
        yield section, [(page, list(items)) for page, items in groupby(qs, key=lambda q: q.record["page_title"])]


def _toc(site: BuiltSite, with_questions: bool) -> str:
    out = ['<nav class="toc"><h1>目录</h1><ol>']
    for k, (section, pages) in enumerate(_sections(site)):
        out.append(f'<li><a href="#section-{k}">{_esc(section)}</a><ol>')
        for page, qs in pages:
            out.append(f'<li><a href="#{qs[0].id}">{_esc(page)}</a>')
            if with_questions:
                out.append("<ol>" + "".join(f'<li><a href="#{q.id}">{_esc(q.record["title"])}</a></li>' for q in qs)
                           + "</ol>")
            out.append("</li>")
        out.append("</ol></li>")
    out.append("</ol></nav>")
    return "".join(out)


def _heading(bq: BuiltQuestion) -> str:
    # linking the heading to itself makes chromium keep it as a named destination (bookmarks)
    return (f'<h3 id="{bq.id}"><a class="self" href="#{bq.id}">{_esc(bq.record["title"])}</a>'
            f'<span class="stars">{bq.stars}</span></h3>')


def book_html(site: BuiltSite, date: str) -> str:
    out = [_head(site, "大模型面试题解"), _cover(site, "大模型面试题解", "大模型、多模态与深度学习面试题的系统解答", date),
           _toc(site, with_questions=True), "<main>"]
    for k, (section, pages) in enumerate(_sections(site)):
        out.append(f'<section><h1 id="section-{k}">{_esc(section)}</h1>')
        for page, qs in pages:
            out.append(f"<h2>{_esc(page)}</h2>")
            for q in qs:
                tags = "、".join(q.record["tags"])
                out += ['<article class="q">', _heading(q),
                        f'<p class="meta">重要度 {q.stars}{" ｜ 标签：" + _esc(tags) if tags else ""} ｜ '
                        f'<a href="{site.site_url}{q.record["url"]}#{q.record["anchor"]}">网站上的这道题</a></p>',
                        _part(q.keypoints, q, site), _part(q.answer, q, site), "</article>"]
        out.append("</section>")
    out.append("</main></body></html>")
    return "".join(out)


def sheet_html(site: BuiltSite, date: str, keypoints: bool = False) -> str:
    title = "大模型面试题解 · 答题卡" + ("（附要点）" if keypoints else "")
    sub = "先写下你的回答，再对照网站或 PDF 书" + ("；每题附要点，便于写完自查" if keypoints else "")
    out = [_head(site, title), _cover(site, title, sub, date), _toc(site, with_questions=False), '<main class="sheet">']
    for k, (section, pages) in enumerate(_sections(site)):
        out.append(f'<section><h1 id="section-{k}">{_esc(section)}</h1>')
        for page, qs in pages:
            out.append(f"<h2>{_esc(page)}</h2>")
            for q in qs:
                lines = "<div></div>" * SHEET_LINES.get(int(q.record["importance"]), 6)
                out += ['<div class="q">', _heading(q), f'<div class="lines">{lines}</div>', "</div>"]
                if keypoints:
                    out.append(_part(q.keypoints, q, site))
        out.append("</section>")
    out.append("</main></body></html>")
    return "".join(out)


# page numbers only: header and footer are rendered apart from the page and cannot use its web font
FOOTER = ('<div style="font-size:7.5pt;color:#777;width:100%;text-align:center;font-family:\'DejaVu Sans\',sans-serif">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def outline(site: BuiltSite) -> list[tuple[str, str, list]]:
    """Bookmarks: (title, anchor, children) for sections → pages → questions, the anchors the
    print page's table of contents links to (chromium keeps link targets as named destinations)."""
    return [(section, f"section-{k}", [(page, qs[0].id, [(q.record["title"], q.id, []) for q in qs])
                                       for page, qs in pages])
            for k, (section, pages) in enumerate(_sections(site))]


def add_outline(pdf: Path, items: list[tuple[str, str, list]], title: str) -> None:
    """Write the bookmarks into *pdf* (chromium makes them only for a tagged PDF, which is three
    times the size), open the bookmarks pane on opening, set the title and language."""
    reader = PdfReader(pdf)
    dests = reader.named_destinations
    writer = PdfWriter(clone_from=reader)

    def add(entries, parent):
        for text, anchor, children in entries:
            dest = dests.get("/" + anchor)
            if dest is None:
                raise ExportError(f"{pdf.name}: no destination #{anchor} for bookmark「{text}」")
            item = writer.add_outline_item(title=text, page_number=reader.get_destination_page_number(dest),
                                           parent=parent, fit=Fit.xyz(top=dest.top), is_open=False)
            add(children, item)

    add(items, None)
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({"/Title": title, "/Creator": "大模型面试题解 (mianjing.export.book)"})
    writer._root_object[NameObject("/Lang")] = TextStringObject("zh-CN")
    part = pdf.with_name(pdf.name + ".outline")
    with open(part, "wb") as fh:
        writer.write(fh)
    part.replace(pdf)


def print_pdfs(jobs: list[tuple[str, Path, str]], items: list[tuple[str, str, list]]) -> dict[str, float]:
    """Print each (print page HTML, output PDF, title) with one chromium, then add the bookmarks;
    returns the seconds each took. One after another: printing in parallel contexts measured no
    faster on two cores (the offline build runs alongside). Each PDF is written whole or not at all."""
    from playwright.sync_api import sync_playwright

    seconds = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = launch(pw)
        try:
            for k, (doc, out, title) in enumerate(jobs):
                start = time.perf_counter()
                src, pdf = Path(tmp) / f"print-{k}.html", Path(tmp) / f"print-{k}.pdf"
                src.write_text(doc, encoding="utf-8")
                page = browser.new_page()
                page.goto(src.as_uri(), wait_until="load", timeout=LOAD_TIMEOUT_MS)
                page.evaluate("document.fonts.ready")
                page.pdf(path=str(pdf), format="A4", print_background=True,
                         display_header_footer=True, header_template="<div></div>", footer_template=FOOTER,
                         margin={"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"})
                page.close()
                add_outline(pdf, items, title)
                part = out.with_name(out.name + ".part")
                shutil.move(str(pdf), part)
                part.replace(out)
                seconds[out.name] = time.perf_counter() - start
        finally:
            browser.close()
    return seconds
