"""Stage 2: split a note into candidate items.

Three note layouts are recognised (see docs/about/format.md for the output side):

* numbered  — Typora notes: `# N Section` headings with `N. question` list items whose answers
              are indented below them (note 004);
* headings  — Markdown heading trees: a heading with child headings is structure, a leaf heading
              is a question (notes 000, 002, 003, chatbot drafts included);
* qa        — scraped pages: `Q: …` lines and bare question lines with the answer on the
              following lines, plus an outline of `-` bullets (note 001).

Every non-blank line ends up in exactly one item (kept or dropped), so the report can account
for everything.
"""

from __future__ import annotations

import re

from .model import Item, Note, NoteError

FENCE_RE = re.compile(r"^\s*(```+|~~~+)")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
NUMBERED_RE = re.compile(r"^ {0,3}(\d+)[.、．]\s*(.*)$")
QA_RE = re.compile(r"^Q\s*[:：]\s*(.*)$")
REFERENCE_RE = re.compile(r"^\s*【参考】\s*$")
TERMINAL = tuple("？?。！!）)>")


def fence_mask(note: Note) -> list[bool]:
    """True for lines inside (or delimiting) a code fence; raises on an unclosed fence."""
    mask, opener, start = [], None, 0
    for i, line in enumerate(note.lines, 1):
        m = FENCE_RE.match(line)
        if opener is None and m:
            opener, start = m.group(1)[0] * 3, i
            mask.append(True)
        elif opener is not None:
            mask.append(True)
            if m and line.strip().startswith(opener) and line.strip().strip(opener[0]) == "":
                opener = None
        else:
            mask.append(False)
    if opener is not None:
        raise NoteError(note.path, start, "code fence opened here is never closed (add a closing ```)")
    return mask


def detect(note: Note, mask: list[bool]) -> str:
    lines = [l for l, f in zip(note.lines, mask) if not f]
    if any(QA_RE.match(l) for l in lines):
        return "qa"
    numbered = any(NUMBERED_RE.match(l) for l in lines)
    sections = any(l.startswith("# ") for l in lines)   # Typora notes use level-1 sections
    headings = any(HEADING_RE.match(l) for l in lines)
    if numbered and (sections or not headings):
        return "numbered"
    return "headings"


def split(note: Note) -> list[Item]:
    mask = fence_mask(note)
    fmt = detect(note, mask)
    items = {"numbered": split_numbered, "headings": split_headings, "qa": split_qa}[fmt](note, mask)
    return [it for it in items if it.question.strip() or any(t.strip() for _, t in it.answer)
            or it.kind == "question"]


def _blank(items_lines) -> bool:
    return all(not t.strip() for _, t in items_lines)


# --------------------------------------------------------------------------- numbered (004)

def split_numbered(note: Note, mask: list[bool]) -> list[Item]:
    items: list[Item] = []
    section: list[str] = []
    cur: Item | None = None
    continuing = False            # the question text may wrap onto the next line(s)

    def start(kind: str, line: int, text: str) -> Item:
        it = Item(note=note.name, line=line, question=text, context=list(section), kind=kind)
        items.append(it)
        return it

    for i, line in enumerate(note.lines, 1):
        if not mask[i - 1]:
            h = HEADING_RE.match(line)
            if h and len(h.group(1)) == 1:
                section = [re.sub(r"^(\d+|N(\+\d+)?)\s+", "", h.group(2)).strip()]
                cur, continuing = None, False
                continue
            if h:  # a deeper heading inside this layout is a question of its own (e.g. "## CRF")
                cur, continuing = start("question", i, h.group(2)), False
                continue
            m = NUMBERED_RE.match(line)
            if m:
                cur = start("question", i, m.group(2).strip())
                continuing = True
                continue
            if REFERENCE_RE.match(line):
                cur, continuing = start("residue", i, line.strip()), False
                continue
            if continuing and line.strip() and cur is not None:
                q = re.sub(r"<[^>]+>", "", cur.question).strip()
                if q and not q.endswith(TERMINAL) and not re.fullmatch(r"[?？/、.。\s]*", q):
                    nxt = line.strip()
                    glue = "" if CJK.match(nxt[:1]) or CJK.match(q[-1:]) else " "
                    cur.question += glue + nxt
                    continue
        continuing = False
        if cur is None:
            if not line.strip():
                continue
            # text between a section heading and its first item: a section intro
            cur = start("intro", i, "")
        cur.answer.append((i, line))
    return items


# --------------------------------------------------------------------------- headings (000/002/003)

def split_headings(note: Note, mask: list[bool]) -> list[Item]:
    heads = []
    for i, line in enumerate(note.lines, 1):
        if not mask[i - 1]:
            h = HEADING_RE.match(line)
            if h:
                heads.append((i, len(h.group(1)), h.group(2)))
    items: list[Item] = []
    first = heads[0][0] if heads else len(note.lines) + 1
    pre = [(i, l) for i, l in enumerate(note.lines[: first - 1], 1)]
    if not _blank(pre):
        line0 = next(i for i, l in pre if l.strip())
        items.append(Item(note=note.name, line=line0, question="", answer=pre, kind="preamble"))
    stack: list[tuple[int, str]] = []
    for n, (i, level, text) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(note.lines) + 1
        leaf = n + 1 == len(heads) or heads[n + 1][1] <= level
        while stack and stack[-1][0] >= level:
            stack.pop()
        body = [(j, note.lines[j - 1]) for j in range(i + 1, end)]
        if leaf or not _blank(body):
            items.append(Item(note=note.name, line=i, question=text, answer=body,
                              context=[t for _, t in stack]))
        stack.append((level, text))
    return items


# --------------------------------------------------------------------------- qa (001)

RESIDUE_LINES = re.compile(
    r"^(更多推荐|所有评论\s*[(（]\d+[)）]|相关推荐|点赞|收藏|分享|评论|举报|打赏|关注|版权声明.*|"
    r"阅读全文|展开全文|文章标签.*|最新推荐文章.*|登录后复制|复制|AI\s*生成.*)$")
CJK = re.compile(r"[\u4e00-\u9fff]")


def is_category(line: str) -> bool:
    s = line.strip()
    return 0 < len(s) <= 8 and not re.search(r"[?？:：,，。.()（）!！]", s) and not RESIDUE_LINES.match(s)


def is_bare_question(line: str) -> bool:
    s = line.strip()
    if s.endswith(("?", "？")):
        return True
    cjk = len(CJK.findall(s))
    return cjk >= 10 and cjk / max(len(s), 1) > 0.3 and bool(re.search(r"请|如何|为什么|怎么|什么|设计", s))


def split_qa(note: Note, mask: list[bool]) -> list[Item]:
    items: list[Item] = []
    section: list[str] = []
    cur: Item | None = None
    state = "start"               # start → outline → body
    prev_dash = False
    for i, line in enumerate(note.lines, 1):
        s = line.strip()
        if mask[i - 1]:
            if cur is None:
                cur = Item(note=note.name, line=i, question="", kind="residue")
                items.append(cur)
            cur.answer.append((i, line))
            continue
        if not s:
            if cur is not None and cur.kind == "question":
                cur.answer.append((i, line))
            continue
        if state == "start" and not items:
            items.append(Item(note=note.name, line=i, question=s, kind="residue"))  # page title
            continue
        if state in ("start", "outline") and (s.startswith("-") or s == "知识体系框架"
                                              or (state == "outline" and prev_dash)):
            state = "outline"
            text = s.lstrip("-").strip()
            if text:
                items.append(Item(note=note.name, line=i, question=text, kind="outline"))
            prev_dash = s == "-"
            continue
        if state != "body":
            state = "body"
        if RESIDUE_LINES.match(s):
            cur = None
            items.append(Item(note=note.name, line=i, question=s, kind="residue"))
            continue
        q = QA_RE.match(s)
        if q or (is_bare_question(s) and not is_category(s)):
            cur = Item(note=note.name, line=i, question=q.group(1) if q else s, context=list(section))
            items.append(cur)
            continue
        if is_category(s):
            section = [s]
            cur = None
            continue
        if cur is None:
            cur = Item(note=note.name, line=i, question="", kind="residue")
            items.append(cur)
        cur.answer.append((i, line))
    return items
