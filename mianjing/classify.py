"""Stage 4: put every question into a section and a topic page, and give it a stable id.

`taxonomy.yml` is the single source of truth: known recurring questions (`concepts`) are matched
by regex first; everything else is scored against the pages' keywords, with the note's own
section heading as a hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .config import load_yaml
from .model import Item

TAXONOMY = Path(__file__).with_name("taxonomy.yml")
LATIN_STOP = {"the", "a", "an", "of", "is", "are", "and", "or", "to", "in", "on", "for", "what",
              "how", "does", "do", "with", "between", "it", "its", "we", "you", "your", "be"}
MAX_ID = 40


@dataclass
class Page:
    section: str
    slug: str
    title: str
    abstract: str
    keywords: list[str]

    @property
    def path(self) -> str:
        return f"{self.section}/{self.slug}"


@dataclass
class Taxonomy:
    sections: list[dict]
    pages: list[Page]
    concepts: list[dict]
    terms: dict[str, str]
    hints: dict[str, str] = field(default_factory=dict)   # note heading → section slug
    keywords: frozenset[str] = frozenset()
    notebooks: list[dict] = field(default_factory=list)  # groups: {group, items: [{slug, title, covers, checks}]}

    def page(self, path: str) -> Page:
        return next(p for p in self.pages if p.path == path)

    def section(self, slug: str) -> dict:
        return next(s for s in self.sections if s["slug"] == slug)


@lru_cache(maxsize=4)
def load(path: str | Path = TAXONOMY) -> Taxonomy:
    data = load_yaml(Path(path).read_text(encoding="utf-8"))
    pages, hints = [], {}
    for sec in data["sections"]:
        for h in sec.get("hints", []):
            hints[h.lower()] = sec["slug"]
        for p in sec["pages"]:
            pages.append(Page(sec["slug"], p["slug"], p["title"], p.get("abstract", ""),
                              [str(k).lower() for k in p.get("keywords", [])]))
    concepts = []
    for c in data.get("concepts", []):
        c = dict(c)
        c["regex"] = [re.compile(p, re.I) for p in c["patterns"]]
        concepts.append(c)
    keywords = frozenset(k for p in pages for k in p.keywords)
    return Taxonomy(data["sections"], pages, concepts, dict(data.get("terms", {})), hints, keywords,
                    list(data.get("notebooks", [])))


def _kw_re(kw: str) -> re.Pattern:
    if re.search(r"[a-z0-9]", kw):
        return re.compile(r"(?<![a-z0-9])" + re.escape(kw) + r"(?![a-z])")
    return re.compile(re.escape(kw))


@lru_cache(maxsize=4096)
def _compiled(kw: str) -> re.Pattern:
    return _kw_re(kw)


@lru_cache(maxsize=4)
def _term_re(terms: tuple[str, ...]) -> re.Pattern:
    alts = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(alts + r"|[a-z0-9]+")     # mapped terms first ("b+树"), then Latin words


def concept_of(title: str, tax: Taxonomy) -> dict | None:
    for c in tax.concepts:
        if any(r.search(title) for r in c["regex"]):
            return c
    return None


def _hint(context: list[str], tax: Taxonomy) -> str | None:
    for heading in reversed(context):
        h = re.sub(r"^[\d一二三四五六七八九十]+[、.．]\s*", "", heading).strip().lower()
        if h in tax.hints:
            return tax.hints[h]
    return None


def _present(tax: Taxonomy, text: str) -> set[str]:
    """All keywords occurring in `text` as substrings (a cheap superset of the real hits)."""
    return {kw for kw in tax.keywords if kw in text} if text else set()


def _hits(keywords: list[str], text: str, present: set[str]) -> list[str]:
    return [kw for kw in keywords if kw in present and _compiled(kw).search(text)]


def score_pages(item: Item, tax: Taxonomy) -> list[tuple[float, int, Page, list[str]]]:
    title = item.title.lower()
    ctx = " ".join(item.context).lower()
    body = item.body[:400].lower()
    hint = _hint(item.context, tax)
    in_title, in_ctx = _present(tax, title), _present(tax, ctx)
    in_body = _present(tax, body)
    seen = in_title | in_ctx | in_body
    scored = []
    for order, page in enumerate(tax.pages):
        if hint != page.section and seen.isdisjoint(page.keywords):
            scored.append((0.0, -order, page, []))
            continue
        hits = _hits(page.keywords, title, in_title)
        s = sum(min(5.0, 2 + len(kw) / 2) for kw in hits)   # longer keywords are more specific
        s += len(_hits(page.keywords, ctx, in_ctx))
        s += min(1.5, 0.5 * len(_hits(page.keywords, body, in_body)))
        if hint == page.section:
            s += 2.0
        scored.append((s, -order, page, hits))
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return scored


def tags_for(title: str, hits: list[str], fallback: str) -> list[str]:
    """Tags as spelled in the question itself (keyword `lora` → `LoRA`)."""
    out: list[str] = []
    low = title.lower()
    for kw in hits:
        m = _compiled(kw).search(low)
        tag = title[m.start():m.end()] if m else kw
        if tag.lower() not in {t.lower() for t in out} and not any(tag.lower() in t.lower() for t in out):
            out.append(tag)
    return out[:3] or [fallback]


def make_id(title: str, tax: Taxonomy) -> str:
    """Stable id from Latin tokens and the Chinese→English term map: `lora-init`, never a hash."""
    low = title.lower()
    pattern = _term_re(tuple(tax.terms))
    words: list[str] = []
    for m in pattern.finditer(low):   # leftmost match; the term map's longest entry wins
        w = m.group(0)
        if w in tax.terms:
            words.append(tax.terms[w])
        elif re.fullmatch(r"[a-z0-9]+", w) and w not in LATIN_STOP and not (w.isdigit() and len(w) <= 2):
            words.append(w)
    slug = "-".join(w for n, w in enumerate(words) if n == 0 or w != words[n - 1])
    slug = re.sub(r"[^a-z0-9-]+", "-", slug).strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    while len(slug) > MAX_ID and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug[:MAX_ID].strip("-") or "q"


def classify_item(item: Item, tax: Taxonomy) -> Item:
    c = concept_of(item.title, tax)
    if c:
        page = tax.page(c["page"])
        item.concept, item.qid = c["id"], c["id"]
        item.tags = list(c.get("tags", [])) or [page.title]
        item.canonical = c.get("title", "")
    else:
        best = score_pages(item, tax)[0]
        page = best[2]
        item.qid = make_id(item.title, tax)
        item.tags = tags_for(item.title, best[3], page.title)
    item.section, item.page = page.section, page.path
    return item


def classify(items: list[Item], tax: Taxonomy | None = None) -> list[Item]:
    tax = tax or load()
    return [classify_item(it, tax) if not it.dropped else it for it in items]
