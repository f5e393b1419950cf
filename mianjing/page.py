"""The page model: a docs page parsed once, fence-aware, for every reader and writer.

This module is the only place that knows the page format of docs/about/format.md:

- what a question is: a top-level `## 标题 {#id}` on a question page (never inside a code fence,
  an admonition or a 4-space block);
- the meta line under it (`重要度：★★☆ ｜ 来源：002、004 ｜ 标签：A、B` + `{ .q-meta }`);
- the bold labels that split an answer (要点 / 解答 / 追问 / 参考);
- the 待补充 marker (an admonition titled "待补充", any kind);
- the `# 示意` marker of code blocks that are shown but not run;
- links from an answer to a notebook.

The checker (mianjing.lint), the importer (mianjing.write), the structure generator, the MkDocs
hooks and the tests all read pages through `parse()`, and the writer formats headings and meta
lines through `heading_line()` / `meta_lines()`, so the two directions cannot drift apart.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path, PurePosixPath

import yaml

from .config import load_yaml

# ----------------------------------------------------------------------------- format constants

LABELS = ("要点", "解答", "追问", "参考")
STUB_TITLE = "待补充"
META_CLASS = "q-meta"                 # the meta line's paragraph in the rendered page
META_ATTR = "{ ." + META_CLASS + " }"
META_PREFIX = "重要度："
META_RE = re.compile(
    "^" + META_PREFIX + r"(?P<stars>(?=[★☆]{3} )★{1,3}☆{0,2}) ｜ 来源：(?P<sources>[^｜\s][^｜]*?)"
    r" ｜ 标签：(?P<tags>[^｜\s][^｜]*)$"
)
ILLUSTRATIVE_MARK = "# 示意"        # first line of a python block that is shown, not run
RUNNABLE_LANGS = ("python",)
NON_QUESTION_SECTIONS = frozenset({"about", "notebooks", "practice"})

_FENCE_RE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_ATTR_RE = re.compile(r"[ \t]+\{([^{}]*)\}[ \t]*$")
_ID_TOKEN_RE = re.compile(r"(?:^|\s)#([^\s}]+)")
_LABEL_RE = re.compile(r"^\*\*(" + "|".join(LABELS) + r")\*\*\s*$")
_ADMONITION_RE = re.compile(r'^(?P<indent>\s*)(?:!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)(?:\s+"(?P<title>[^"]*)")?')
_NOTEBOOK_LINK_RE = re.compile(r"\]\((?:\.\./)+notebooks/([a-z0-9-]+)\.ipynb(?:#[^)]*)?\)")


def is_question_page(src: str | None) -> bool:
    """docs/<section>/<topic>.md, except section indexes and the about/ and notebooks/ folders."""
    if not src:
        return False
    parts = PurePosixPath(src).parts
    return (len(parts) == 2 and parts[1].endswith(".md") and parts[1] != "index.md"
            and parts[0] not in NON_QUESTION_SECTIONS)


# ----------------------------------------------------------------------------- writer side

def heading_line(title: str, qid: str) -> str:
    return f"## {title} {{#{qid}}}"


def meta_lines(importance: int, sources: list[str], tags: list[str]) -> list[str]:
    stars = "★" * importance + "☆" * (3 - importance)
    return [f"{META_PREFIX}{stars} ｜ 来源：{'、'.join(sources)} ｜ 标签：{'、'.join(tags)}", META_ATTR]


def stub_lines(reason: str) -> list[str]:
    return [f'!!! warning "{STUB_TITLE}"', "", "    " + reason]


# ----------------------------------------------------------------------------- the model

@dataclass
class Line:
    no: int          # 1-based
    raw: str
    kind: str        # front | fence-open | fence | fence-close | text

    @cached_property
    def masked(self) -> str:
        """Text lines with code spans and $`…`$ math blanked out (same length)."""
        if self.kind != "text":
            return ""
        return mask_inline(self.raw)[0] if "`" in self.raw else self.raw


@dataclass
class Fence:
    line: int        # line of the opening fence
    end: int         # line of the closing fence (or the last line if never closed)
    indent: str
    lang: str        # first word of the info string, without "{." … "}"
    info: str
    body: str        # dedented content
    closed: bool = True

    @property
    def illustrative(self) -> bool:
        first = self.body.lstrip("\n").split("\n", 1)[0].strip()
        return first.startswith(ILLUSTRATIVE_MARK)

    @property
    def runnable(self) -> bool:
        return self.lang in RUNNABLE_LANGS and not self.illustrative


@dataclass
class Heading:
    line: int
    level: int
    title: str       # without the trailing {…}
    attr: str | None  # the text inside a trailing {…}, if any

    @property
    def ids(self) -> list[str]:
        return _ID_TOKEN_RE.findall(self.attr) if self.attr else []


@dataclass
class Admonition:
    line: int
    indent: int
    kind: str
    title: str | None


@dataclass
class Meta:
    importance: int
    sources: list[str]
    tags: list[str]


@dataclass
class Block:
    label: str
    line: int        # line of the bold label
    end: int         # last line (inclusive)
    text: str        # content after the label line


@dataclass
class Question:
    id: str | None
    title: str
    line: int
    end: int                          # last line (inclusive)
    meta: Meta | None
    meta_ok: bool                     # blank line, meta line, { .q-meta } right under the heading
    meta_found: str                   # what stands where the meta line should be
    blocks: dict[str, Block]
    fences: list[Fence]
    admonitions: list[Admonition]
    notebooks: list[str]              # notebook stems linked from the answer
    lines: list[Line] = field(repr=False, default_factory=list)
    meta_span: tuple[int, ...] = ()    # line numbers taken by the meta line and its { .q-meta }

    @property
    def content(self) -> list[Line]:
        """The lines of the answer: everything under the heading except the meta line."""
        return [ln for ln in self.lines[1:] if ln.no not in self.meta_span]

    @property
    def stub(self) -> bool:
        return any(a.title == STUB_TITLE for a in self.admonitions)

    @property
    def body(self) -> str:
        """Everything under the heading."""
        return "\n".join(ln.raw for ln in self.lines[1:])


@dataclass
class Page:
    src: str | None                   # docs-relative path, e.g. transformer/attention.md
    text: str
    lines: list[Line]
    front: dict | None                # parsed front matter (None: missing)
    front_error: str | None           # YAML error, if any
    headings: list[Heading]
    fences: list[Fence]
    admonitions: list[Admonition]
    questions: list[Question]
    problems: list[tuple[int, str, str]]   # structural: (line, code, message)

    @property
    def title(self) -> str | None:
        t = (self.front or {}).get("title") if isinstance(self.front, dict) else None
        return str(t).strip() if t else None

    @property
    def h1(self) -> list[Heading]:
        return [h for h in self.headings if h.level == 1]

    @property
    def summary(self) -> str:
        """The first paragraph after the `#` heading."""
        h1 = self.h1
        start = h1[0].line if h1 else 0
        para: list[str] = []
        for ln in self.lines[start:]:
            if ln.kind != "text":
                if para:
                    break
                continue
            if not ln.raw.strip():
                if para:
                    break
                continue
            if _HEADING_RE.match(ln.raw):
                break
            para.append(ln.raw.strip())
        return " ".join(para)

    @property
    def ids(self) -> list[tuple[str, int]]:
        """Every explicit id on the page, with its line."""
        return [(i, h.line) for h in self.headings for i in h.ids]

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)


# ----------------------------------------------------------------------------- scanning

def mask_inline(line: str) -> tuple[str, list[tuple[int, str]]]:
    """Blank out code spans and $`…`$ math; return the masked line and unclosed `$`` columns."""
    out = list(line)
    unclosed: list[tuple[int, str]] = []
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if ch == "\\" and i + 1 < n:
            i += 2
            continue
        math = ch == "$" and i + 1 < n and line[i + 1] == "`"
        if ch == "`" or math:
            j = i + 1 if math else i
            k = j
            while k < n and line[k] == "`":
                k += 1
            ticks = line[j:k]
            close = re.compile(r"(?<!`)" + ticks + r"(?!`)" + (r"\$" if math else ""))
            m = close.search(line, k)
            if m:
                for p in range(i, m.end()):
                    out[p] = " "
                i = m.end()
                continue
            if math:
                unclosed.append((i, "$" + ticks))
            i = k
            continue
        i += 1
    return "".join(out), unclosed


def _front_matter_end(raw: list[str]) -> int:
    """Index of the closing `---` of the front matter, or -1."""
    if raw and raw[0].strip() == "---":
        for j in range(1, len(raw)):
            if raw[j].strip() in ("---", "..."):
                return j
    return -1


def scan(text: str) -> tuple[list[Line], list[Fence], list[tuple[int, str, str]]]:
    """Classify every line; collect fences (with their dedented bodies) and structural problems."""
    raw = text.split("\n")
    lines: list[Line] = []
    fences: list[Fence] = []
    problems: list[tuple[int, str, str]] = []
    end = _front_matter_end(raw)
    for k in range(end + 1):
        lines.append(Line(k + 1, raw[k], "front"))
    open_: tuple[re.Match, int] | None = None
    body: list[str] = []
    for idx in range(end + 1, len(raw)):
        line, no = raw[idx], idx + 1
        m = _FENCE_RE.match(line)
        if open_:
            om, start = open_
            fence = om.group("fence")
            if m and m.group("fence")[0] == fence[0] and len(m.group("fence")) >= len(fence) \
                    and not m.group("info").strip():
                lines.append(Line(no, line, "fence-close"))
                fences.append(_fence(om, start, no, body, True))
                open_, body = None, []
            else:
                lines.append(Line(no, line, "fence"))
                body.append(line)
            continue
        if m and not (m.group("fence")[0] == "`" and "`" in m.group("info")):
            open_, body = (m, no), []
            lines.append(Line(no, line, "fence-open"))
            continue
        lines.append(Line(no, line, "text"))
        for col, tok in (mask_inline(line)[1] if "$`" in line else ()):
            problems.append((no, "E-MATH-UNCLOSED",
                             f"第 {col + 1} 列的 {tok} 没有对应的 `$ 结尾，行内公式写成 $`…`$（两侧反引号个数相同）"))
    if open_:
        om, start = open_
        fences.append(_fence(om, start, len(raw), body, False))
        f = om.group("fence")
        problems.append((start, "E-FENCE-UNCLOSED", f"{f} 代码块没有结束，请在块末加一行 {f}"))
    return lines, fences, problems


def _fence(m: re.Match, start: int, end: int, body: list[str], closed: bool) -> Fence:
    info = m.group("info").strip()
    lang = info.split()[0].lstrip("{.").rstrip("}") if info else ""
    indent = m.group("indent")
    stripped = [ln[len(indent):] if ln.startswith(indent) else ln.lstrip() for ln in body]
    return Fence(start, end, indent, lang, info, textwrap.dedent("\n".join(stripped)), closed)


def _heading(line: Line) -> Heading | None:
    if line.kind != "text":
        return None
    m = _HEADING_RE.match(line.raw)
    if not m:
        return None
    body = re.sub(r"[ \t]+#+$", "", m.group(2) or "")
    am = _ATTR_RE.search(body)
    attr = am.group(1) if am else None
    if am:
        body = body[: am.start()]
    return Heading(line.no, len(m.group(1)), body.strip(), attr)


def parse_meta(line: str) -> Meta | None:
    m = META_RE.match(line.strip())
    if not m:
        return None
    split = lambda s: [p.strip() for p in s.split("、") if p.strip()]
    return Meta(m.group("stars").count("★"), split(m.group("sources")), split(m.group("tags")))


def _question(heading: Heading, lines: list[Line], fences: list[Fence], admonitions: list[Admonition],
              end: int) -> Question:
    own = lines[heading.line - 1 : end]
    nxt = own[1:4]
    found = nxt[1].raw.strip() if len(nxt) > 1 else ""
    meta = parse_meta(found) if len(nxt) > 1 and nxt[1].kind == "text" else None
    meta_ok = (len(nxt) == 3 and nxt[0].raw.strip() == "" and meta is not None
               and nxt[2].raw.strip() == META_ATTR)
    # where the meta line is, even a malformed one: so that it never counts as answer text
    span = tuple(ln.no for ln in nxt[1:3]
                 if ln.kind == "text" and (ln.raw.strip() == META_ATTR or ln.raw.strip().startswith(META_PREFIX)))
    # labelled blocks: a bold label alone on a top-level line, up to the next label
    labels = [(ln.no, m.group(1)) for ln in own if ln.kind == "text" and (m := _LABEL_RE.match(ln.raw))]
    blocks: dict[str, Block] = {}
    for k, (no, label) in enumerate(labels):
        stop = labels[k + 1][0] - 1 if k + 1 < len(labels) else end
        text = "\n".join(ln.raw for ln in lines[no:stop]).strip("\n")
        blocks.setdefault(label, Block(label, no, stop, text))
    notebooks: list[str] = []
    for ln in own:
        if ln.kind == "text":
            for stem in _NOTEBOOK_LINK_RE.findall(ln.masked):
                if stem not in notebooks:
                    notebooks.append(stem)
    ids = heading.ids
    return Question(
        id=ids[0] if ids else None, title=heading.title, line=heading.line, end=end,
        meta=meta, meta_ok=meta_ok, meta_found=found,
        blocks=blocks,
        fences=[f for f in fences if heading.line < f.line <= end],
        admonitions=[a for a in admonitions if heading.line < a.line <= end],
        notebooks=notebooks, lines=own, meta_span=span,
    )


@lru_cache(maxsize=256)
def parse(text: str, src: str | None = None, *, questions: bool | None = None) -> Page:
    """Parse a page. *src* is its docs-relative path; it decides whether `##` headings are
    questions (see `is_question_page`), unless *questions* says so explicitly.

    Memoised: the build's hooks each read every page, and a `Page` is never modified after
    parsing (treat it as read-only), so they share one parse per page text."""
    lines, fences, problems = scan(text)
    front, front_error = None, None
    front_lines = [ln.raw for ln in lines if ln.kind == "front"]
    if front_lines:
        try:
            front = load_yaml("\n".join(front_lines[1:-1])) or {}
        except yaml.YAMLError as exc:
            front_error = str(exc).splitlines()[0]
    headings = [h for ln in lines if (h := _heading(ln))]
    admonitions = [Admonition(ln.no, len(m.group("indent").expandtabs(4)), m.group("kind"), m.group("title"))
                   for ln in lines if ln.kind == "text" and (m := _ADMONITION_RE.match(ln.raw))]
    qs: list[Question] = []
    if questions if questions is not None else is_question_page(src):
        tops = [h for h in headings if h.level <= 2]
        for k, h in enumerate(tops):
            if h.level != 2:
                continue
            end = tops[k + 1].line - 1 if k + 1 < len(tops) else len(lines)
            qs.append(_question(h, lines, fences, admonitions, end))
    return Page(src, text, lines, front, front_error, headings, fences, admonitions, qs, problems)


def load(path: Path, docs: Path | None = None) -> Page:
    """Parse a file; *docs* (the docs/ folder) gives its src path."""
    src = None
    if docs is not None:
        try:
            src = path.resolve().relative_to(docs.resolve()).as_posix()
        except ValueError:
            src = None
    return parse(path.read_text(encoding="utf-8"), src)


def question_pages(docs: Path) -> list[Page]:
    """Every question page under *docs*, in path order."""
    return [load(p, docs) for p in sorted(docs.glob("*/*.md"))
            if is_question_page(p.relative_to(docs).as_posix())]
