"""Search: Chinese segmentation with a domain dictionary, a clean index, synonyms for the browser.

Build time (this hook, wrapping Material's search plugin):
- Material segments Chinese with jieba (only if jieba imports). This hook loads
  mianjing/search/userdict.txt into jieba first, so domain words (投机采样, 旋转位置编码, …) stay
  one token; it does so when the first page is segmented rather than through Material's
  `jieba_dict_user` option, which starts jieba (≈ 1.5 s) on every build, even one whose pages all
  come from the entry cache.
- Each page is indexed from a cleaned copy of its HTML (``index_html``): a KaTeX formula (MathML +
  TeX annotation + glyph spans, i.e. three times) becomes readable plain math once (√(d_k)); notebook pages are
  flattened to their narrative and their code, once (no prompts, outputs, copy buttons, or the
  hidden copy of each cell's source), so headings inside cells start sections again; permalinks
  (¶) go; the question meta line goes (stars and note numbers are noise).
- A question's entry carries the question's own tags (from the page model), shown as chips;
  other sections drop the page tags (the section name, on every result otherwise).
- Page entries get a lower boost (PAGE_BOOST) so results land on the question's anchor.
- The tags overview page is left out by its front matter (`search: exclude: true`).
- Material fetches search/search_index.json on every page load; it gets only the index's config
  there (``lazy_stub``). The documents are in search/search_index.full.json, fetched by the worker
  wrapper when the reader first opens search (overrides/assets/javascripts/search-lazy.js tells
  it); the wrapper loads the query code and Material's worker only then too. The offline build
  keeps the whole index in search_index.json.
- The index is written as UTF-8 (Material escapes every CJK character as ``\\uXXXX``,
  doubling the file) and carries ``config.synonyms`` for the query side.

Query time: overrides/assets/javascripts/workers/search-zh.js wraps Material's search worker. It
segments the query against the index's own vocabulary (= jieba's output at build time), drops
function words, and expands synonyms from ``config.synonyms`` (see that file for why synonyms are
expanded in the query rather than in the index).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path

import lxml.html
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from mianjing import search_terms
from mianjing.hooks.offline import enabled as offline_build
from mianjing.config import ROOT, cache_root
from mianjing.files import write_atomic
from mianjing.page import META_CLASS, is_question_page, parse

SYNONYMS = "mianjing/search/synonyms.txt"
USER_DICT = ROOT / "mianjing" / "search" / "userdict.txt"
_state: dict = {}


@functools.cache
def load_user_dict() -> None:
    """Our domain words into jieba, once, before it segments the first page."""
    import jieba

    jieba.load_userdict(str(USER_DICT))


def on_startup(command, dirty):
    if command == "serve":   # now, while the first build runs anyway, not when the first edit is saved
        load_user_dict()


# Page entries (title + intro; for section index pages, the list of all question titles) weigh
# less than question sections: Material shows the best-scoring entry of a page first and folds
# the rest, so a page title like "涌现、幻觉与复读机" would otherwise land readers on the page top
# instead of the question.
PAGE_BOOST = 0.2

NOTEBOOK_NOISE = {"jp-OutputArea", "jp-Cell-outputWrapper", "jp-InputPrompt", "jp-OutputPrompt",
                  "zeroclipboard-container", "clipboard-copy-txt"}
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _replace(el, text: str = "", nodes=()) -> None:
    """Put *text* and then *nodes* where *el* is (its tail is kept), and remove *el*."""
    parent = el.getparent()
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    for node in nodes:
        el.addprevious(node)
    last = el.getprevious()
    if el.tail:
        if last is not None:
            last.tail = (last.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _tex(el) -> str:
    """A formula as readable plain math (snippets never show TeX commands): √(d_k), (a)/(b), α."""
    ann = el.xpath('.//annotation[@encoding="application/x-tex"]')
    return f" {search_terms.tex_to_plain(ann[0].text_content().strip())} " if ann else " "


def _flatten_notebook(root) -> None:
    """Replace each notebook cell by its rendered markdown or its code, at the top level.

    mkdocs-jupyter nests every heading inside a cell's <div>s; Material's indexer returns to the
    previous section when such a <div> closes, so code and text after a heading landed in the
    page's first section. Flat cells keep each part under its own heading.
    """
    cells = [c for c in root.find_class("jp-Cell")
             if not any("jp-Cell" in _classes(a) for a in c.iterancestors())]
    for cell in cells:
        text, nodes = "", []
        for md in cell.find_class("jp-RenderedMarkdown"):
            if nodes:
                nodes[-1].tail = (nodes[-1].tail or "") + (md.text or "")
            else:
                text += md.text or ""
            nodes += list(md)
        if "jp-CodeCell" in _classes(cell):
            pre = next(iter(cell.xpath('.//*[contains(concat(" ", @class, " "), " jp-InputArea ")]//pre')), None)
            code = pre.text_content() if pre is not None else ""
            if code.strip():
                new = lxml.html.Element("pre")
                new.text = code.strip("\n")
                text, nodes = "", [new]
        _replace(cell, text, nodes)


def _drop_answer_code_and_references(root) -> None:
    """Question pages: code blocks (readers search words, not code: implementations are indexed
    once, in the notebooks) and the 参考 list (paper titles the answer already names) go."""
    for el in list(root.iter("pre")):
        block = next((a for a in el.iterancestors() if "highlight" in _classes(a)), el)
        if block.getparent() is not None:
            _replace(block)
    for label in [p for p in root.iter("p") if p.text_content().strip() == "参考"]:
        nxt = label.getnext()
        while nxt is not None and not (isinstance(nxt.tag, str) and re.fullmatch(r"h[1-6]", nxt.tag)):
            after = nxt.getnext()
            _replace(nxt)
            nxt = after
        _replace(label)


def index_html(html: str, question_page: bool = False) -> str:
    """The page HTML as it should be indexed: formulas as readable plain math, once; diagram
    labels once (not again from the dark-theme copy); no notebook noise, no permalinks."""
    if not question_page and not any(s in html for s in ("katex", "jp-Cell", "headerlink", META_CLASS, "\u200b",
                                                         "mermaid-dark")):
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    if question_page:
        _drop_answer_code_and_references(root)
    for el in root.find_class("mermaid-dark"):
        _replace(el)
    for el in root.find_class("katex"):
        _replace(el, _tex(el))
    for el in list(root.iter("math")):  # notebook math outside a .katex wrapper
        _replace(el, _tex(el))
    if root.find_class("jp-Cell"):
        for el in [e for e in root.iter() if isinstance(e.tag, str) and _classes(e) & NOTEBOOK_NOISE]:
            if el.getparent() is not None:
                _replace(el)
        _flatten_notebook(root)
    for el in root.xpath('.//a[contains(concat(" ", @class, " "), " headerlink ")]'):
        _replace(el)
    for el in root.find_class(META_CLASS):  # the question's tags are attached to its entry instead
        _replace(el)
    for el in list(root.iter("p")):  # the bare "**解答**" label carries nothing
        if el.text_content().strip() == "解答":
            _replace(el)
    out = (root.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in root)
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


SECTION_BOOST = 0.5   # a notebook section or a sub-heading inside an answer: below the questions
NOTEBOOK_BOOST = 0.3  # and a notebook below the question that links to it


def set_tags_and_boost(entries: list[dict], tags: dict[str, list[str]]) -> None:
    """Question entries get their own tags; other sections none and a lower boost; page entries
    the lowest (results land on the question that answers, not on a page top or a notebook)."""
    for entry in entries:
        anchor = entry["location"].partition("#")[2]
        if anchor in tags:
            entry["tags"] = list(tags[anchor])
        elif anchor:
            entry.pop("tags", None)
            entry["boost"] = entry.get("boost", 1) * SECTION_BOOST
        else:
            entry["boost"] = entry.get("boost", 1) * PAGE_BOOST
        if entry["location"].startswith("notebooks/"):
            entry["boost"] = entry.get("boost", 1) * NOTEBOOK_BOOST


def add_keywords(entries: list[dict], separator: re.Pattern) -> None:
    """The canonical form of every technical term of an entry, from its title and from its text
    (fields `keytitle` and `keywords`, see mianjing/search_terms.py)."""
    phrases = search_terms.vocabulary()
    for entry in entries:
        for field, source in (("keytitle", entry["title"]), ("keywords", entry["text"])):
            text = search_terms.plain(ZERO_WIDTH.sub("", source))
            found = (search_terms.split_terms(text, separator) | search_terms.phrase_terms(text, phrases)
                     | search_terms.versioned_terms(text))
            if found:
                entry[field] = " ".join(sorted(found))


# jieba's word boundaries: Material writes U+200B (3 bytes in UTF-8, a quarter of the index);
# the file carries U+007F (1 byte, also in the separator), the worker shows neither
WORD_BREAK = "\u200b"
WORD_BREAK_IN_FILE = "\x7f"


WINDOW = 4   # characters each side: as many as the longest separator match needs (`&lt;`)
SEPARATOR, ORDINARY, OTHER = "separator", "ordinary", "other"


def word_break_trimmer(separator: str, chars: set[str]):
    """A function that writes jieba's breaks as 1-byte U+007F and keeps them only where they split
    two words: a break beside a space or punctuation (half of them) tokenizes the same without it.
    *chars*: every character of the texts it will see. Regular expressions, not a loop per break
    (≈ 170,000 of them)."""
    kinds = {c: _kind(c, separator) for c in chars}
    seps = re.escape("".join(sorted(c for c, k in kinds.items() if k == SEPARATOR)))
    not_ordinary = re.escape("".join(sorted(c for c, k in kinds.items() if k != ORDINARY and not c.isascii())))
    runs = re.compile(f"{WORD_BREAK}{{2,}}")
    beside_separator = re.compile(f"(?<=[{seps}]){WORD_BREAK}|{WORD_BREAK}(?=[{seps}])") if seps else None
    ordinary = f"[^\\x00-\\x7f{not_ordinary}]"
    between_ordinary = re.compile(f"(?<={ordinary}){WORD_BREAK}(?={ordinary})")

    def other(m: re.Match) -> str:   # an ASCII letter, `.` or `&` beside it: look at the surroundings
        text, i = m.string, m.start()
        left = text[max(0, i - WINDOW):i].replace(WORD_BREAK, WORD_BREAK_IN_FILE)
        right = text[i + 1:i + 1 + WINDOW].replace(WORD_BREAK, WORD_BREAK_IN_FILE)
        return WORD_BREAK_IN_FILE if _splits(left, right, separator) else ""

    def trim(text: str) -> str:
        text = runs.sub(WORD_BREAK, text).strip(WORD_BREAK)
        if beside_separator:
            text = beside_separator.sub("", text)
        text = between_ordinary.sub(WORD_BREAK_IN_FILE, text)
        return re.sub(WORD_BREAK, other, text) if WORD_BREAK in text else text

    return trim


def _kind(char: str, separator: str) -> str:
    """How a character sits next to a break. SEPARATOR: it separates whatever its neighbours (a
    space, ，), so a break beside it adds nothing. ORDINARY: not ASCII and no separator, so never
    part of a separator match (the separator's longer alternatives are ASCII): a break between two
    splits words. OTHER (ASCII letters, `.`, `&`): it depends on the surroundings."""
    if all(_tokens(f"{n}{char}{n}", separator) == [n, n] for n in ("5", "a", "A", "中")):
        return SEPARATOR
    return ORDINARY if not char.isascii() and _tokens(char, separator) else OTHER


def _splits(left: str, right: str, separator: str) -> bool:
    return _tokens(left + WORD_BREAK_IN_FILE + right, separator) != _tokens(left + right, separator)


def _tokens(text: str, separator: str) -> list[str]:
    return [t for t in re.split(separator, text, flags=re.ASCII) if t]   # \b and \s as in JavaScript


def write_word_breaks(entries: list[dict], separator: str) -> None:
    """Titles and texts as the index file carries them: no ¶, and jieba's breaks as 1-byte U+007F
    where they split words. Done per page, when its entries are made (and cached): whether a break
    stays depends only on its neighbours, so a page's own characters give what the whole index's
    would."""
    trim = word_break_trimmer(separator, set().union(*(e[f] for e in entries for f in ("title", "text"))))
    for entry in entries:
        entry["title"] = trim(entry["title"].replace("¶", "").strip())
        entry["text"] = trim(entry["text"])


def finish_index(data: str, synonyms: list[list[str]]) -> str:
    """Post-process Material's search_index.json text: synonyms and the term list in, UTF-8 out."""
    index = json.loads(data)
    index["config"]["synonyms"] = synonyms
    index["config"]["terms"] = sorted({t for d in index["docs"] for f in ("keywords", "keytitle")
                                       for t in d.get(f, "").split()})
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


FULL_INDEX = "search/search_index.full.json"
WORKER_DIR = "assets/javascripts/workers/"


def lazy_stub(full: str) -> str:
    """What Material fetches on every page load: the index's config only, and where the documents
    are. The worker wrapper fetches them when the reader opens search (search-lazy.js tells it)."""
    config = json.loads(full)["config"]
    config["index"] = "../" * WORKER_DIR.count("/") + FULL_INDEX   # relative to the worker script
    for name in ("synonyms", "terms"):    # the worker gets them with the documents
        config.pop(name, None)
    return json.dumps({"config": config, "docs": []}, ensure_ascii=False, separators=(",", ":"))


def entry_salt(search_config) -> str:
    """What besides a page changes its entries: this hook, the jieba dictionary, Material's options."""
    parts = [Path(__file__).read_bytes(), Path(search_terms.__file__).read_bytes(),
             json.dumps(search_terms.vocabulary(), sort_keys=True).encode(),
             USER_DICT.read_bytes(), json.dumps(dict(search_config), default=str).encode()]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def entries_cache(page, salt: str) -> Path:
    """Entries of a page are cached by its URL, HTML, markdown and meta (the search sees nothing else)."""
    h = hashlib.sha256()
    meta = {k: page.meta.get(k) for k in ("title", "tags", "search")}   # what Material's indexer reads
    for part in (salt, page.url, page.title or "", json.dumps(meta, default=str, sort_keys=True),
                 page.markdown or "", page.content or ""):
        h.update(part.encode("utf-8") + b"\0")
    return cache_root() / "search-entries" / f"{h.hexdigest()}.json"


@event_priority(-100)  # after the search plugin created its index
def on_config(config):
    # read the pages' tags again: `make serve` keeps our modules (and their caches) between
    # rebuilds, and an edit may add a tag (unchanged pages are parsed from memory: cheap)
    search_terms.vocabulary.cache_clear()
    root = Path(config.config_file_path).resolve().parent
    plugin = config.plugins.get("material/search")
    if plugin is None or not hasattr(plugin, "search_index"):
        return config
    index = plugin.search_index
    add_entry = index.add_entry_from_context
    generate = index.generate_search_index
    synonyms = load_synonyms(root / SYNONYMS) if (root / SYNONYMS).is_file() else []

    if "\\u007f" not in plugin.config["separator"]:
        raise PluginError("mkdocs.yml: search.separator must contain \\u007f (the word break in the index file)")
    salt = entry_salt(plugin.config)
    separator = re.compile(plugin.config["separator"])

    def add_entry_from_context(page):
        path = entries_cache(page, salt)
        if path.is_file():   # same page, same settings: the entries Material + jieba made last time
            index.entries.extend(json.loads(path.read_text(encoding="utf-8")))
            return
        load_user_dict()
        before = len(index.entries)
        html = page.content
        page.content = index_html(html, is_question_page(page.file.src_uri))
        try:
            add_entry(page)
        finally:
            page.content = html
        set_tags_and_boost(index.entries[before:], question_tags(page.markdown, page.file.src_uri))
        add_keywords(index.entries[before:], separator)
        write_word_breaks(index.entries[before:], plugin.config["separator"])
        write_atomic({path: json.dumps(index.entries[before:], ensure_ascii=False)})

    # the offline build (opened from disk) keeps the whole index where Material expects it
    lazy = not offline_build(config)

    def generate_search_index(prev):
        full = finish_index(generate(prev), synonyms)
        if not lazy:
            return full
        _state["full"] = full
        return lazy_stub(full)

    index.add_entry_from_context = add_entry_from_context
    index.generate_search_index = generate_search_index
    return config


WRAPPER = "search-zh.js"
_CONFIG_RE = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def check_wrapper(site: Path) -> str | None:
    """The query wrapper is what Material starts as its worker, and the worker it wraps exists.
    A Material update that renames the config block or the worker must fail the build, not
    silently give Chinese readers a search that finds nothing."""
    home = site / "index.html"
    m = _CONFIG_RE.search(home.read_text(encoding="utf-8")) if home.is_file() else None
    if not m:
        return "no Material config block (#__config) in index.html: overrides/main.html `{% block config %}` no longer matches"
    worker = json.loads(m.group(1)).get("search", "")
    if f"{WORKER_DIR}{WRAPPER}?w=" not in worker:
        return (f"Material's worker is {worker!r}, not our wrapper: overrides/main.html replaces "
                f"'javascripts/workers/search.' in the config block and no longer finds it")
    wrapped = worker.split("?w=", 1)[1]
    for name in (WRAPPER, "search-query.js", wrapped):
        if not (site / WORKER_DIR / name).is_file():
            return f"{WORKER_DIR}{name} is missing from the site"
    return None


@event_priority(-100)  # after Material's search plugin wrote search_index.json
def on_post_build(config):
    problem = check_wrapper(Path(config.site_dir))
    if problem:
        raise PluginError(f"search wiring (mianjing/hooks/search.py): {problem}")
    if "full" in _state:
        path = Path(config.site_dir) / FULL_INDEX
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_state.pop("full"), encoding="utf-8")
