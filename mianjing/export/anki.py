"""Anki: a deck (.apkg, with the pinned genanki) and a TSV for Anki's plain-text import.

One note per question. Front: section · page, the question, its ★. Back: 要点, the full answer
and a link to the question on the site. Formulas go back to their TeX between Anki's own MathJax
delimiters, `\\(…\\)` and `\\[…\\]`; code keeps the site's highlighting (Pygments classes, styled
by the note type's CSS); diagrams become .svg media files (named by their content).

Updating: the note GUID comes from the question id (`guid_for`), and the note type and deck ids
are fixed, so importing a newer deck updates the existing cards and keeps their review history.
A renamed question (a new id) arrives as a new card.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import re
import tempfile
from pathlib import Path

import genanki
from lxml import etree
from pygments.formatters import HtmlFormatter

from .built import BuiltQuestion, BuiltSite, resolve_links, to_html

DECK_ROOT = "大模型面试题解"
MODEL_ID = 1736902218            # fixed forever: Anki matches note types by id
MODEL_NAME = "大模型面试题解"
FIELDS = ["Question", "Context", "Importance", "Keypoints", "Answer", "Link", "Id"]
GUID_NAMESPACE = "mianjing"
_PLACEHOLDER = re.compile(r'<img data-diagram="(\d+)"[^>]*>')

FRONT = """<div class="q-context">{{Context}}</div>
<div class="q-title">{{Question}}</div>
<div class="q-stars">{{Importance}}</div>"""

BACK = """{{FrontSide}}
<hr id="answer">
{{Keypoints}}
{{Answer}}
<p class="q-link"><a href="{{Link}}">在网站上查看这道题</a></p>"""

CSS = """
.card { font-family: -apple-system, BlinkMacSystemFont, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  font-size: 17px; line-height: 1.65; text-align: left; color: #1f2328; background: #fff;
  max-width: 46em; margin: 0 auto; padding: 0 .6em; }
.card.nightMode, .nightMode .card { color: #e6edf3; background: #1e1e1e; }
.q-context { color: #6e7781; font-size: .8em; }
.q-title { font-size: 1.2em; font-weight: 600; margin: .3em 0; }
.q-stars { color: #d4a72c; }
hr#answer { margin: 1em 0; }
pre { overflow-x: auto; padding: .6em .8em; font-size: .85em; line-height: 1.45; background: #f6f8fa; border-radius: 4px; }
.nightMode pre { background: #f6f8fa; color: #1f2328; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
table { border-collapse: collapse; margin: .6em 0; font-size: .9em; }
th, td { border: 1px solid #d0d7de; padding: .25em .6em; }
.admonition, details { border-left: 4px solid #448aff; padding: .1em .8em; margin: .8em 0; background: rgba(68,138,255,.07); }
.admonition.warning, details.warning { border-color: #ff9100; background: rgba(255,145,0,.08); }
.admonition-title, summary { font-weight: 600; }
img.diagram { display: block; max-width: 100%; height: auto; margin: .6em 0; background: #fff; }
.math.display { display: block; text-align: center; margin: .5em 0; }
.q-link { margin-top: 1.2em; font-size: .85em; }
.tab-label { margin-bottom: 0; }
"""


def model() -> genanki.Model:
    pygments = HtmlFormatter(style="default").get_style_defs(".highlight")
    return genanki.Model(MODEL_ID, MODEL_NAME, fields=[{"name": f} for f in FIELDS],
                         templates=[{"name": "问答", "qfmt": FRONT, "afmt": BACK}], css=CSS + pygments)


def deck_id(name: str) -> int:
    """Stable per deck name (a section's deck keeps its id across builds)."""
    return (1 << 30) + int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:12], 16) % (1 << 30)


def guid(qid: str) -> str:
    return genanki.guid_for(GUID_NAMESPACE, qid)


def deck_name(bq: BuiltQuestion) -> str:
    return f"{DECK_ROOT}::{bq.record['section_title']}"


def tags(bq: BuiltQuestion) -> list[str]:
    """Anki tags cannot contain spaces; `::` makes them hierarchical in Anki's browser."""
    r = bq.record
    raw = ([f"栏目::{r['section_title']}", f"重要度::{r['importance']}"]
           + [f"来源::{s}" for s in r["sources"]] + [f"标签::{t}" for t in r["tags"]])
    return ["_".join(t.split()) for t in raw]


def _math_to_mathjax(part: etree._Element) -> None:
    """KaTeX output (HTML + MathML with the TeX as annotation) → `\\(tex\\)` or `\\[tex\\]`."""
    for span in part.xpath('.//span[contains(concat(" ", @class, " "), " katex-display ")]'
                           ' | .//span[@class="katex"][not(ancestor::span[contains(@class, "katex-display")])]'):
        tex = span.xpath('string(.//annotation[@encoding="application/x-tex"])').strip()
        display = "katex-display" in span.get("class", "")
        span.attrib.clear()
        span.set("class", "math display" if display else "math")
        for child in list(span):
            span.remove(child)
        span.text = f"\\[{tex}\\]" if display else f"\\({tex}\\)"


def _diagrams_as_media(part: etree._Element, bq: BuiltQuestion, media: dict[str, bytes]) -> None:
    for img in part.xpath(".//img[@data-diagram]"):
        data = bq.diagrams[int(img.get("data-diagram"))].light.encode("utf-8")
        name = f"mianjing-{hashlib.sha256(data).hexdigest()[:16]}.svg"
        media[name] = data
        img.attrib.clear()
        img.attrib.update({"src": name, "class": "diagram", "alt": "图"})


def _diagrams_inline(html: str, bq: BuiltQuestion) -> str:
    """For the TSV (no media folder): the SVG itself goes into the field."""
    return _PLACEHOLDER.sub(lambda m: f'<div class="diagram">{bq.diagrams[int(m.group(1))].light}</div>', html)


def fields(bq: BuiltQuestion, site: BuiltSite, media: dict[str, bytes], inline_diagrams: bool) -> dict[str, str]:
    parts = {}
    for name, el in (("Keypoints", bq.keypoints), ("Answer", bq.answer)):
        if el is None:
            parts[name] = ""
            continue
        el = copy.deepcopy(el)
        resolve_links(el, bq, site, internal=False)
        _math_to_mathjax(el)
        if inline_diagrams:
            parts[name] = _diagrams_inline(to_html(el), bq)
        else:
            _diagrams_as_media(el, bq, media)
            parts[name] = to_html(el)
    r = bq.record
    return {
        "Question": _escape(r["title"]),
        "Context": _escape(f"{r['section_title']} · {r['page_title']}"),
        "Importance": bq.stars,
        "Keypoints": parts["Keypoints"],
        "Answer": parts["Answer"],
        "Link": f"{site.site_url}{r['url']}#{r['anchor']}",
        "Id": r["id"],
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_apkg(site: BuiltSite, out: Path, timestamp: float | None = None) -> dict:
    """The deck, one sub-deck per section; returns {"notes", "media"}."""
    m = model()
    decks: dict[str, genanki.Deck] = {}
    media: dict[str, bytes] = {}
    for bq in site.questions:
        name = deck_name(bq)
        deck = decks.setdefault(name, genanki.Deck(deck_id(name), name))
        f = fields(bq, site, media, inline_diagrams=False)
        deck.add_note(genanki.Note(model=m, fields=[f[k] for k in FIELDS], guid=guid(bq.id), tags=tags(bq)))
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, data in sorted(media.items()):
            (Path(tmp) / name).write_bytes(data)
            paths.append(str(Path(tmp) / name))
        package = genanki.Package(list(decks.values()), media_files=paths)
        part = out.with_name(out.name + ".part")
        package.write_to_file(str(part), timestamp=timestamp)
        part.replace(out)
    return {"notes": len(site.questions), "media": len(media)}


def write_tsv(site: BuiltSite, out: Path) -> dict:
    """Anki's plain-text import (File → Import), with the header lines that tell Anki the columns:
    GUID, deck and tags, then Front and Back for the built-in Basic (问答题) note type, which the
    reader picks in the import dialog (its name depends on Anki's language)."""
    buf = io.StringIO()
    buf.write("#separator:tab\n#html:true\n#guid column:1\n#deck column:2\n#tags column:3\n"
              "#columns:GUID\tDeck\tTags\tFront\tBack\n")
    writer = csv.writer(buf, delimiter="\t", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    for bq in site.questions:
        f = fields(bq, site, {}, inline_diagrams=True)
        front = (f'<div class="q-context">{f["Context"]}</div><div class="q-title">{f["Question"]}</div>'
                 f'<div class="q-stars">{f["Importance"]}</div>')
        back = f'{f["Keypoints"]}{f["Answer"]}<p><a href="{f["Link"]}">在网站上查看这道题</a></p>'
        writer.writerow([guid(bq.id), deck_name(bq), " ".join(tags(bq)), front, back])
    part = out.with_name(out.name + ".part")
    part.write_text(buf.getvalue(), encoding="utf-8")
    part.replace(out)
    return {"notes": len(site.questions)}
