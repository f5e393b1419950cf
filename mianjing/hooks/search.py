"""Search: Chinese segmentation with a domain dictionary, a clean index, synonyms for the browser.

Build time (this hook, wrapping Material's search plugin):
- Material segments Chinese with jieba (only if jieba imports); its `jieba_dict_user` option
  (mkdocs.yml) loads mianjing/search/userdict.txt so domain words (投机采样, 旋转位置编码, …) stay
  one token.
- Each page is indexed from a cleaned copy of its HTML (``index_html``): a KaTeX formula (MathML +
  TeX annotation + glyph spans, i.e. three times) becomes its TeX source once; notebook pages are
  flattened to their narrative and their code, once (no prompts, outputs, copy buttons, or the
  hidden copy of each cell's source), so headings inside cells start sections again; permalinks
  (¶) go; the question meta line goes (stars and note numbers are noise).
- A question's entry carries the question's own tags (from the page model), shown as chips;
  other sections drop the page tags (the section name, on every result otherwise).
- Page entries get a lower boost (PAGE_BOOST) so results land on the question's anchor.
- The tags overview page is left out by its front matter (`search: exclude: true`).
- search_index.json is written as UTF-8 (Material escapes every CJK character as ``\\uXXXX``,
  doubling the file) and carries ``config.synonyms`` for the query side.

Query time: overrides/assets/javascripts/workers/search-zh.js wraps Material's search worker. It
segments the query against the index's own vocabulary (= jieba's output at build time), drops
function words, and expands synonyms from ``config.synonyms`` (see that file for why synonyms are
expanded in the query rather than in the index).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.plugins import event_priority

from mianjing.page import META_CLASS, is_question_page, parse

SYNONYMS = "mianjing/search/synonyms.txt"
# Page entries (title + intro; for section index pages, the list of all question titles) weigh
# less than question sections: Material shows the best-scoring entry of a page first and folds
# the rest, so a page title like "涌现、幻觉与复读机" would otherwise land readers on the page top
# instead of the question.
PAGE_BOOST = 0.2

NOTEBOOK_NOISE = (
    ".jp-OutputArea, .jp-Cell-outputWrapper, .jp-InputPrompt, .jp-OutputPrompt, "
    ".zeroclipboard-container, .clipboard-copy-txt, link, style, script"
)
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def _tex(el) -> str:
    ann = el.find("annotation", attrs={"encoding": "application/x-tex"})
    return f" {ann.get_text().strip()} " if ann else " "


def _flatten_notebook(soup: BeautifulSoup) -> None:
    """Replace each notebook cell by its rendered markdown or its code, at the top level.

    mkdocs-jupyter nests every heading inside a cell's <div>s; Material's indexer returns to the
    previous section when such a <div> closes, so code and text after a heading landed in the
    page's first section. Flat cells keep each part under its own heading.
    """
    for cell in soup.select(".jp-Cell"):
        if cell.find_parent(class_="jp-Cell"):
            continue  # nested wrapper of the same cell: handled by the outer one
        parts = []
        for md in cell.select(".jp-RenderedMarkdown"):
            parts.extend(md.contents)
        if "jp-CodeCell" in (cell.get("class") or []):
            txt = cell.select_one(".clipboard-copy-txt")
            pre = cell.select_one(".jp-InputArea pre")
            code = txt.get_text() if txt else pre.get_text() if pre else ""
            if code.strip():
                new_pre = soup.new_tag("pre")
                new_pre.string = code.strip("\n")
                parts = [new_pre]
        frag = soup.new_tag("div")
        for part in list(parts):
            frag.append(part.extract() if hasattr(part, "extract") else part)
        cell.replace_with(frag)
        frag.unwrap()


def index_html(html: str) -> str:
    """The page HTML as it should be indexed: formulas as TeX, no notebook noise, no permalinks."""
    if not any(s in html for s in ("katex", "jp-Cell", "headerlink", META_CLASS, "\u200b")):
        return html
    soup = BeautifulSoup(html, "html.parser")
    for el in soup.select(".katex"):
        el.replace_with(_tex(el))
    for el in soup.select("math"):  # notebook math outside a .katex wrapper
        el.replace_with(_tex(el))
    for el in soup.select(".katex-html"):
        el.decompose()
    if soup.select_one(".jp-Cell"):
        for el in soup.select(NOTEBOOK_NOISE):
            el.decompose()
        _flatten_notebook(soup)
    for el in soup.select("a.headerlink"):
        el.decompose()
    for el in soup.select(f"p.{META_CLASS}"):  # the question's tags are attached to its entry instead
        el.decompose()
    for el in soup.find_all(["p"]):  # the bare "**解答**" label carries nothing
        if el.get_text(strip=True) == "解答":
            el.decompose()
    out = str(soup)
    return ZERO_WIDTH.sub("", out)  # jieba's separators are added later; stray ones must go


def load_synonyms(path: Path) -> list[list[str]]:
    """One group per line, members separated by `|` or a tab; `#` starts a comment."""
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        members = [m.strip() for m in re.split(r"[|\t]", line) if m.strip()]
        if len(members) > 1:
            groups.append(members)
    return groups


def question_tags(markdown: str, src: str) -> dict[str, list[str]]:
    """{question id: its tags} of a page, from the page model."""
    if not is_question_page(src):
        return {}
    return {q.id: q.meta.tags for q in parse(markdown, src).questions if q.id and q.meta}


def set_tags_and_boost(entries: list[dict], tags: dict[str, list[str]]) -> None:
    """Question entries get their own tags; other sections none; page entries a lower boost."""
    for entry in entries:
        anchor = entry["location"].partition("#")[2]
        if anchor in tags:
            entry["tags"] = list(tags[anchor])
        elif anchor:
            entry.pop("tags", None)
        else:
            entry["boost"] = entry.get("boost", 1) * PAGE_BOOST


def finish_index(data: str, synonyms: list[list[str]]) -> str:
    """Post-process Material's search_index.json text: synonyms in, UTF-8 out."""
    index = json.loads(data)
    index["config"]["synonyms"] = synonyms
    for doc in index["docs"]:
        doc["title"] = doc["title"].replace("¶", "").strip()
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


@event_priority(-100)  # after the search plugin created its index
def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    plugin = config.plugins.get("material/search")
    if plugin is None or not hasattr(plugin, "search_index"):
        return config
    index = plugin.search_index
    add_entry = index.add_entry_from_context
    generate = index.generate_search_index
    synonyms = load_synonyms(root / SYNONYMS) if (root / SYNONYMS).is_file() else []

    def add_entry_from_context(page):
        before = len(index.entries)
        html = page.content
        page.content = index_html(html)
        try:
            add_entry(page)
        finally:
            page.content = html
        set_tags_and_boost(index.entries[before:], question_tags(page.markdown, page.file.src_uri))

    def generate_search_index(prev):
        return finish_index(generate(prev), synonyms)

    index.add_entry_from_context = add_entry_from_context
    index.generate_search_index = generate_search_index
    return config
