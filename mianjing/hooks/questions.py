"""Question data: `site/questions.json`, the one file practice mode, exports and search read.

Per question (fields documented in docs/about/data.md): id, aliases, url, anchor, title, section,
section title, page title, importance, sources, tags, 要点 as rendered HTML, notebook links.

The structure comes from the page model (mianjing.page) of each page's Markdown; the 要点 HTML
is cut out of the page's rendered HTML between our own markers (the question's `<h2 id>` and
the bold labels Python-Markdown renders as `<p><strong>要点</strong></p>`), so formulas and
code in it are exactly what the page shows.
"""

from __future__ import annotations

import html as htmllib
import json
import posixpath
import re

from mkdocs.utils import get_relative_url

from mianjing import sections
from mianjing.classify import load as load_taxonomy
from mianjing.page import LABELS, Page, is_question_page, meta_lines, parse
from mianjing.structure import Register

DATA_URI = "questions.json"
INDEX_URI = "questions.index.json"   # the same records without keypoints_html: for pages that load fast
SOURCES_PAGE = "about/sources.md"   # one `## … {#source-<label>}` per source label
FORMAT_VERSION = 1
_LABEL_P = re.compile(r"<p><strong>(" + "|".join(LABELS) + r")</strong></p>")
_TAG = re.compile(r"<[^>]+>")
_state: dict = {}


def on_config(config):
    _state.update(pages={}, html={}, urls={}, titles={}, tax=load_taxonomy(), register=Register.load())
    return config


def source_anchor(label: str) -> str:
    return "source-" + (label if label.isascii() else "supplement")


def link_sources(markdown: str, model: Page, src: str) -> str:
    """The meta line's source labels become links to their description on the sources page."""
    lines = markdown.split("\n")
    target = posixpath.relpath(SOURCES_PAGE, posixpath.dirname(src))
    for q in model.questions:
        if q.meta_ok:
            linked = [f"[{s}]({target}#{source_anchor(s)})" for s in q.meta.sources]
            lines[q.meta_span[0] - 1] = meta_lines(q.meta.importance, linked, q.meta.tags)[0]
    return "\n".join(lines)


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    if not is_question_page(src):
        return markdown
    model = parse(markdown, src)                        # MkDocs has already taken the front matter off
    _state["pages"][src] = model
    _state["urls"][src] = page.url
    _state["titles"][src] = page.title or ""
    return link_sources(markdown, model, src)


def question_sections(html: str, ids: list[str]) -> dict[str, str]:
    """{id: the HTML from the question's <h2> up to the next question's <h2>}."""
    starts = []
    for qid in ids:
        m = re.search(r'<h2 id="' + re.escape(qid) + r'"', html)
        if m:
            starts.append((m.start(), qid))
    starts.sort()
    return {qid: html[pos: starts[k + 1][0] if k + 1 < len(starts) else len(html)]
            for k, (pos, qid) in enumerate(starts)}


def labelled(section: str, label: str) -> str:
    """The HTML between the bold `label` paragraph and the next label (or the section's end)."""
    marks = list(_LABEL_P.finditer(section))
    for k, m in enumerate(marks):
        if m.group(1) == label:
            end = marks[k + 1].start() if k + 1 < len(marks) else len(section)
            return section[m.end(): end].strip()
    return ""


def heading_text(section: str) -> str:
    m = re.match(r"<h2[^>]*>(.*?)</h2>", section, re.S)
    inner = re.sub(r'<a class="headerlink".*?</a>', "", m.group(1), flags=re.S) if m else ""
    return htmllib.unescape(_TAG.sub("", inner)).strip()


def alias_anchors(html: str, aliases: dict[str, list[str]]) -> str:
    """An empty anchor for every old id right before the heading that replaced it."""
    for qid, olds in aliases.items():
        anchors = "".join(f'<span class="q-alias" id="{old}"></span>' for old in olds)
        html = html.replace(f'<h2 id="{qid}"', anchors + f'<h2 id="{qid}"', 1)
    return html


def on_page_content(html, page, config, files):
    model: Page | None = _state["pages"].get(page.file.src_uri)
    if model is None:
        return html
    reg: Register = _state["register"]
    aliases = {q.id: reg.aliases_of(q.id) for q in model.questions if q.id and reg.aliases_of(q.id)}
    html = alias_anchors(html, aliases)
    _state["html"][page.file.src_uri] = question_sections(html, [q.id for q in model.questions if q.id])
    return html


def wrap_parts(section: str) -> str:
    """要点 in <div class="q-part q-keypoints">, 解答 and everything after it in <div class="q-part
    q-answer"> (mianjing/sections.py): what practice mode hides and reveals."""
    marks = {m.group(1): m.start() for m in reversed(list(_LABEL_P.finditer(section)))}
    kp, ans = marks.get("要点"), marks.get("解答")
    if ans is None:
        return section
    if kp is not None and kp < ans:
        return section[:kp] + sections.part(sections.KEYPOINTS, section[kp:ans]) + sections.part(sections.ANSWER, section[ans:])
    return section[:ans] + sections.part(sections.ANSWER, section[ans:])


_H2_ID = re.compile(r'<h2 id="([^"]+)"')
_ALIAS_OPEN = '<span class="q-alias" id="'
_ALIAS = re.compile(r'<span class="q-alias" id="[^"]+"></span>')


def practice_bar(questions: int, practice_url: str) -> str:
    """The 阅读 / 自测 bar above the first question, rendered here rather than inserted by
    practice/page.js: a bar inserted after the first paint pushes the page down (a layout shift on
    every topic page). Hidden, with its space kept, until page.js wires it up."""
    return ('<div class="practice-bar" role="region" aria-label="练习">'
            '<div class="practice-bar__modes" role="group" aria-label="模式">'
            '<button type="button" class="md-button" data-mode="read">阅读</button>'
            '<button type="button" class="md-button" data-mode="test">自测</button></div>'
            '<label class="practice-bar__option"><input type="checkbox" class="practice-bar__reveal"> 要点和答案一起显示</label>'
            '<div class="practice-bar__status">'
            f'<progress class="practice-bar__progress" value="0" max="{questions}" aria-label="本页自评进度"></progress>'
            f'<span class="practice-bar__counts">本页 0/{questions} 已自评：会 0 · 模糊 0 · 不会 0</span></div>'
            f'<a href="{htmllib.escape(practice_url)}" class="practice-bar__link">全站进度与随机练习</a></div>')


def wrap_sections(output: str, ids: list[str], aliases: dict[str, list[str]] | None = None,
                  before: str = "") -> str:
    """Each question, from its <h2> (and the alias anchors right before it) to the next question or
    the end of the article, in a <section class="q-section" data-q="id">, its parts wrapped
    (wrap_parts): the unit practice mode works with. *before* goes right before the first one."""
    heading_at = {m.group(1): m.start() for m in _H2_ID.finditer(output)}
    found = []
    for qid in ids:
        start = heading_at.get(qid)
        if start is None:
            continue
        while (alias := output.rfind(_ALIAS_OPEN, 0, start)) >= 0 and _ALIAS.fullmatch(output, alias, start):
            start = alias
        found.append((start, qid))
    if not found:
        return output
    found.sort()
    end = output.find("</article>", found[-1][0])
    footer = output.rfind('<aside class="md-source-file"', found[-1][0], end)
    end = footer if footer > 0 else end
    pieces, last = [], 0
    for k, (start, qid) in enumerate(found):
        stop = found[k + 1][0] if k + 1 < len(found) else end
        pieces += [output[last:start], before if k == 0 else "", sections.open_tag(qid, (aliases or {}).get(qid)),
                   wrap_parts(output[start:stop]), sections.CLOSE_TAG]
        last = stop
    return "".join(pieces) + output[last:]


def on_post_page(output, page, config):
    model: Page | None = _state["pages"].get(page.file.src_uri)
    if model is None:
        return output
    reg: Register = _state["register"]
    ids = [q.id for q in model.questions if q.id]
    bar = practice_bar(len(ids), get_relative_url("practice/", page.url))
    return wrap_sections(output, ids, {qid: reg.aliases_of(qid) for qid in ids}, before=bar)


def records(config, files) -> list[dict]:
    tax, reg = _state["tax"], _state["register"]
    titles = {s["slug"]: s["title"] for s in tax.sections}
    order = {f"{p.path}.md": n for n, p in enumerate(tax.pages)}
    nb_titles = {nb["slug"]: nb["title"] for g in tax.notebooks for nb in g["items"]}
    out = []
    for src in sorted(_state["pages"], key=lambda s: (order.get(s, len(order)), s)):
        model = _state["pages"][src]
        sections = _state["html"].get(src, {})
        section = src.split("/", 1)[0]
        url = _state["urls"][src]
        for q in model.questions:
            if not q.id or q.meta is None:
                continue
            notebooks = []
            for stem in q.notebooks:
                f = files.get_file_from_path(f"notebooks/{stem}.ipynb")
                if f is not None:
                    notebooks.append({"slug": stem, "title": nb_titles.get(stem, stem), "url": f.url})
            out.append({
                "id": q.id,
                "aliases": reg.aliases_of(q.id),
                "url": url,
                "anchor": q.id,
                "title": heading_text(sections.get(q.id, "")) or q.title,
                "section": section,
                "section_title": titles.get(section, section),
                "page_title": _state["titles"][src],
                "importance": q.meta.importance,
                "sources": q.meta.sources,
                "tags": q.meta.tags,
                "keypoints_html": labelled(sections.get(q.id, ""), "要点"),
                "notebooks": notebooks,
            })
    return out


def on_post_build(config):
    questions = records(config, _state["files"])
    light = [{k: v for k, v in q.items() if k != "keypoints_html"} for q in questions]
    for uri, items in ((DATA_URI, questions), (INDEX_URI, light)):
        with open(f"{config.site_dir}/{uri}", "w", encoding="utf-8") as fh:
            json.dump({"version": FORMAT_VERSION, "questions": items}, fh, ensure_ascii=False, separators=(",", ":"))


def on_files(files, config):
    _state["files"] = files
    return files
