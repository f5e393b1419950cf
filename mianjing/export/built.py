"""The questions as the built site shows them: what every export starts from.

Records come from `questions.json` (docs/about/data.md); each question's rendered parts are cut
from its page (mianjing/sections.py): the `<section class="q-section" data-q>` the build wraps
around it, with its `.q-keypoints` (要点) and `.q-answer` (解答, 追问, 参考). So formulas, code and
diagrams are exactly what the page shows, and an export never renders Markdown a second way.

Parts are lxml elements, cleaned of what only makes sense on the site (permalinks, alias anchors,
line-number anchors in code, collapsed blocks, tab widgets), with links resolved by
`resolve_links`. Diagrams are taken out before parsing (an HTML parser lower-cases SVG's
camelCase names, fine for a browser but not for an .svg file) and left as
`<img data-diagram="N">` placeholders for the exporter to fill in: see `Diagram`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from mianjing import config, sections
from mianjing.mermaid import FIGURE_RE

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)    # http:, mailto:, data: …


class ExportError(Exception):
    pass


@dataclass(frozen=True)
class Diagram:
    light: str      # well-formed SVG (mianjing/mermaid.py writes XML)
    dark: str


@dataclass
class BuiltQuestion:
    record: dict                     # the questions.json record
    page_url: str                    # the page, relative to the site root (peft/lora/)
    keypoints: etree._Element | None
    answer: etree._Element | None
    diagrams: list[Diagram] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.record["id"]

    @property
    def stars(self) -> str:
        return "★" * int(self.record["importance"])


@dataclass
class BuiltSite:
    site_dir: Path
    site_url: str
    questions: list[BuiltQuestion]
    ids: dict[str, str]              # every id and alias → the question's current id


def _page_html(path: Path) -> str:
    if not path.is_file():
        raise ExportError(f"{path}: page not found: build the site first (`make build`)")
    return path.read_text(encoding="utf-8")


def _take_diagrams(html: str, diagrams: list[Diagram]) -> str:
    def keep(m: re.Match) -> str:
        diagrams.append(Diagram(m.group(1), m.group(2)))
        return f'<img data-diagram="{len(diagrams) - 1}" alt="图">'
    return FIGURE_RE.sub(keep, html)


def clean(part: etree._Element, prefix: str) -> etree._Element:
    """Site-only markup out; ids made unique across the whole export (prefixed by the question id)."""
    for a in part.xpath('.//a[contains(concat(" ", @class, " "), " headerlink ")]'):
        a.drop_tree()
    for a in part.xpath('.//a[starts-with(@id, "__codelineno-")]'):
        a.drop_tree()
    for s in part.xpath('.//span[contains(concat(" ", @class, " "), " q-alias ")]'):
        s.drop_tree()
    for d in part.xpath(".//details"):
        d.set("open", "")
    for tabs in part.xpath('.//div[contains(concat(" ", @class, " "), " tabbed-set ")]'):
        labels = [lab.text_content().strip() for lab in tabs.xpath('./div[@class="tabbed-labels"]/label')]
        blocks = tabs.xpath('./div[@class="tabbed-content"]/div[contains(@class, "tabbed-block")]')
        holder = etree.Element("div", {"class": "tabs"})
        for label, block in zip(labels, blocks):
            title = etree.SubElement(holder, "p", {"class": "tab-label"})
            etree.SubElement(title, "strong").text = label
            block.attrib.pop("class", None)
            holder.append(block)
        tabs.getparent().replace(tabs, holder)
    for el in part.xpath(".//*[@id]"):
        el.set("id", f"{prefix}--{el.get('id')}")
    return part


def resolve_links(part: etree._Element, bq: BuiltQuestion, site: BuiltSite, internal: bool) -> None:
    """Every link absolute on the site; with *internal*, a link to a question in the export (or to
    an element of the same question) becomes an `#anchor` inside the document instead."""
    pages = {q.page_url for q in site.questions}
    for el in part.xpath(".//*[@href] | .//*[@src]"):
        attr = "href" if el.get("href") is not None else "src"
        ref = el.get(attr)
        if not ref or _SCHEME.match(ref):
            continue
        path, _, frag = urljoin("/" + bq.page_url, ref).lstrip("/").partition("#")
        if internal and frag:
            if frag in site.ids and path in pages:
                el.set(attr, "#" + site.ids[frag])
                continue
            local = f"{bq.id}--{frag}"
            if path == bq.page_url and part.xpath(f'.//*[@id="{local}"]'):
                el.set(attr, "#" + local)
                continue
        el.set(attr, site.site_url + path + (f"#{frag}" if frag else ""))


def load(site_dir: Path, site_url: str | None = None) -> BuiltSite:
    """Every question of the built site in *site_dir*, in site order."""
    data_file = site_dir / "questions.json"
    if not data_file.is_file():
        raise ExportError(f"{data_file} not found: build the site first (`make build`)")
    data = json.loads(data_file.read_text(encoding="utf-8"))
    if data.get("version") != 1:
        raise ExportError(f"{data_file}: format version {data.get('version')!r}, this exporter reads 1")
    site_url = (site_url or config.site_url()).rstrip("/") + "/"
    ids = {q["id"]: q["id"] for q in data["questions"]}
    ids.update({old: q["id"] for q in data["questions"] for old in q["aliases"]})
    pages: dict[str, tuple[dict[str, str], list[Diagram]]] = {}
    out: list[BuiltQuestion] = []
    for rec in data["questions"]:
        url = rec["url"]
        if url not in pages:
            diagrams: list[Diagram] = []
            html = _take_diagrams(_page_html(site_dir / (url + "index.html" if url.endswith("/") else url)), diagrams)
            pages[url] = (sections.read(html), diagrams)
        found, diagrams = pages[url]
        if rec["id"] not in found:
            raise ExportError(f"{url}: question {rec['id']} is in questions.json but not on its page")
        section = lxml.html.fragment_fromstring(found[rec["id"]])
        parts = {}
        for name in (sections.KEYPOINTS, sections.ANSWER):
            el = section.xpath(f'./div[contains(concat(" ", @class, " "), " {name} ")]')
            parts[name] = clean(el[0], rec["id"]) if el else None
        out.append(BuiltQuestion(rec, url, parts[sections.KEYPOINTS], parts[sections.ANSWER], diagrams))
    return BuiltSite(site_dir, site_url, out, ids)


def to_html(part: etree._Element | None) -> str:
    if part is None:
        return ""
    return etree.tostring(part, encoding="unicode", method="html")
