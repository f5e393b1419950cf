"""Stage 3: turn raw items into clean Markdown, decide each answer's status, drop what must go.

Order matters: code spans and fences are protected first, then HTML, images, links, formulas
and note markup are rewritten in the prose only, and personal data is redacted last.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import pii
from .model import Item, Note, NoteError

PLACEHOLDER_RE = re.compile(r"^[\s?？/、.。…\-—_]*$")
NUM_PREFIX_RE = re.compile(r"^\s*(?:[(（]\s*\d+\s*[)）]|\d+(?:\.\d+)*\s*[.、．)）](?!\d))\s*")
STAR_RE = re.compile("[⭐🌟]")
CLOSING_RE = re.compile(r"^(希望(以上|这些|这份).*(帮助|顺利)|祝你?面试顺利).*$")
ANSWER_LABEL_RE = re.compile(r"^\s*(\*\*)?(回答|答案|解答|答)\s*[:：]\s*(\*\*)?\s*(\*\*)?")
SELF_INTRO_RE = re.compile(r"自我介绍")
PERSONAL = {"phone", "email", "id-number", "self-intro-name", "school-degree"}
IMG_MD_RE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
IMG_HTML_RE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*['\"]?([^'\"\s>]+)['\"]?[^>]*>", re.I)
LINK_RE = re.compile(r"(?<!!)\[([^\]]*)\]\(\s*([^)\s]+)\s*\)")
SCRIPT_RE = re.compile(r"<(script|style|iframe|object|embed)\b.*?(</\1\s*>|$)", re.I | re.S)
TAG_RE = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
SAFE_TAGS = {"br", "sub", "sup", "kbd"}
LIST_RE = re.compile(r"^\s*([-*+]|\d+[.)])\s+")
CODE_SPAN_RE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# chatbot drafts separate questions with `---`
HR_RE = re.compile(r"^\s*(-{3,}|\*{3,}|_{3,})\s*$")
# a few Unicode symbols KaTeX 0.15 does not accept in math mode
MATH_UNICODE = {"τ": r"\tau ", "∑": r"\sum ", "−": "-", "λ": r"\lambda ", "γ": r"\gamma ",
                "β": r"\beta ", "α": r"\alpha ", "σ": r"\sigma ", "μ": r"\mu ", "θ": r"\theta ",
                "ε": r"\epsilon ", "π": r"\pi ", "×": r"\times ", "≈": r"\approx ", "≤": r"\le ",
                "≥": r"\ge ", "∈": r"\in ", "→": r"\to ", "⋅": r"\cdot ", "·": r"\cdot "}


# --------------------------------------------------------------------------- question text

def clean_question(text: str) -> tuple[str, int, bool]:
    """Return (title, star count, marked-unanswered) for a raw question line."""
    stars = len(STAR_RE.findall(text))
    unanswered = "❓" in text
    t = STAR_RE.sub("", text).replace("❓", "").replace("✅", "")
    t = re.sub(r"<[^>]+>", "", t)                      # <u>…</u> and friends
    t = t.replace("**", "").replace("==", "")
    t = re.sub(r"^\s*Q\s*[:：]\s*", "", t)
    t = NUM_PREFIX_RE.sub("", t, count=1)
    t = repair_formulas(t)
    t = heading_math(t)
    t = re.sub(r"\s+", " ", t).strip()
    return t, stars, unanswered


def heading_math(text: str) -> str:
    """Headings carry no formulas: `$\\sqrt{d_k}$` → `根号 d_k`."""
    def words(tex: str) -> str:
        tex = re.sub(r"\\sqrt\{([^{}]*)\}", r"根号 \1", tex)
        tex = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"\1/\2", tex)
        tex = re.sub(r"\\[a-zA-Z]+", "", tex)
        return tex.replace("{", "").replace("}", "").strip()
    text = re.sub(r"\$`(.+?)`\$", lambda m: " " + words(m.group(1)) + " ", text)
    text = re.sub(r"\$+([^$]+)\$+", lambda m: " " + words(m.group(1)) + " ", text)
    return text


def repair_formulas(text: str) -> str:
    """Undo KaTeX copy-paste glue `dk\\sqrt{d_k}dk` (MathML text + TeX + glyphs) → $`\\sqrt{d_k}`$."""
    out, pos = [], 0
    for m in re.finditer(r"\\[a-zA-Z]+", text):
        if m.start() < pos:
            continue
        end = m.end()
        while end < len(text) and text[end] in "{_^":
            if text[end] == "{":
                depth = 0
                for k in range(end, len(text)):
                    depth += {"{": 1, "}": -1}.get(text[k], 0)
                    if depth == 0:
                        end = k + 1
                        break
                else:
                    break
            else:
                end += 1
        tex = text[m.start():end]
        flat = re.sub(r"\\[a-zA-Z]+|[{}_^\s]", "", tex)
        if flat and text[m.start() - len(flat):m.start()] == flat and text[end:end + len(flat)] == flat:
            out.append(text[pos:m.start() - len(flat)])
            out.append(f"$`{tex}`$")
            pos = end + len(flat)
    out.append(text[pos:])
    return "".join(out)


# --------------------------------------------------------------------------- answer text

def _split_code(text: str) -> list[tuple[bool, str]]:
    """Split one line into (is_code, segment) around inline code spans."""
    parts, pos = [], 0
    for m in CODE_SPAN_RE.finditer(text):
        parts.append((False, text[pos:m.start()]))
        parts.append((True, m.group(0)))
        pos = m.end()
    parts.append((False, text[pos:]))
    return parts


def _prose(line: str, fn) -> str:
    return "".join(seg if code else fn(seg) for code, seg in _split_code(line))


class Cleaner:
    def __init__(self, item: Item, note_dir: Path):
        self.item, self.note_dir = item, note_dir
        self.images: list[str] = []

    # images: the notes' assets/ are gone and remote images break the offline site
    def drop_image(self, src: str) -> str:
        local = not re.match(r"^[a-z]+://", src, re.I)
        if local and src and (self.note_dir / src).is_file():
            return src  # never happens for the notes we have; keep if it really exists
        self.images.append(src)
        return ""

    def html(self, s: str, in_table: bool) -> str:
        s = IMG_HTML_RE.sub(lambda m: self.drop_image(m.group(1)), s)
        s = SCRIPT_RE.sub("", s)

        def tag(m):
            name = m.group(1).lower()
            if name == "br":
                return "<br>" if in_table else "\n"
            if name in SAFE_TAGS:
                return m.group(0).split()[0].rstrip(">") + ">" if not m.group(0).startswith("</") else f"</{name}>"
            return ""
        return TAG_RE.sub(tag, s)

    def links(self, s: str) -> str:
        s = IMG_MD_RE.sub(lambda m: self.drop_image(m.group(2)), s)

        def link(m):
            text, url = m.group(1), m.group(2)
            if re.match(r"^\s*javascript:", url, re.I) or "zhida.zhihu.com/search" in url:
                return text            # unsafe, or a zhihu auto-entity link around a plain word
            return m.group(0)      # tracking parameters and profile links: pii.redact, later
        return LINK_RE.sub(link, s)

    def math_inline(self, s: str, lineno: int) -> str:
        s = repair_formulas(s)
        s = re.sub(r"(?<!\$)\$\$([^$]+?)\$\$(?!\$)", lambda m: f"$`{fix_tex(m.group(1))}`$", s)
        s = re.sub(r"(?<![$`\\])\$(?!`)([^$\n]+?)(?<![\\`])\$(?!`)", lambda m: f"$`{fix_tex(m.group(1))}`$", s)
        bare = re.sub(r"\$`.*?`\$", "", s).replace("\\$", "")
        if "$" in bare:
            raise NoteError(self.item_path, lineno, "unbalanced `$` in the answer (a formula is not closed)")
        return s

    def markup(self, s: str) -> str:
        if STAR_RE.search(s):
            self.item.stars += len(STAR_RE.findall(s))
            s = STAR_RE.sub("", s)
        return s.replace("✅", "").replace("❓", "")


def fix_tex(tex: str) -> str:
    tex = tex.replace("{\\prime}", "'")
    if not tex.isascii():
        for k, v in MATH_UNICODE.items():
            tex = tex.replace(k, v)
    return tex.strip()


def clean_answer(item: Item, note: Note) -> str:
    """Raw answer lines → Markdown body (dedented, formulas converted, HTML/images removed)."""
    c = Cleaner(item, Path(note.path).parent)
    c.item_path = note.path
    lines = [(n, t.expandtabs(4).rstrip()) for n, t in item.answer]
    out: list[str] = []
    in_fence, fence_indent, fence_mark = False, 0, ""
    in_math, math_start, math_buf = False, 0, []
    # common indentation of prose lines (004 indents answers under the list item)
    indents = [len(t) - len(t.lstrip()) for n, t in lines if t.strip()]
    base = min(indents) if indents else 0
    prev_kind = "blank"
    for n, raw in lines:
        t = raw[base:] if raw[:base].strip() == "" else raw.lstrip()
        s = t.strip()
        if in_fence:
            out.append(t[fence_indent:] if t[:fence_indent].strip() == "" else t.lstrip())
            if s.startswith(fence_mark) and s.strip(fence_mark[0]) == "":
                in_fence = False
            continue
        m = re.match(r"^(\s*)(```+|~~~+)\s*(\S*)", t)
        if m and not in_math:
            in_fence, fence_indent, fence_mark = True, len(m.group(1)), m.group(2)
            if out and out[-1].strip() and prev_kind != "list":
                out.append("")
            out.append(t[fence_indent:])
            prev_kind = "code"
            continue
        if in_math:
            if s.endswith("$$"):
                body = s[:-2].strip()
                if body:
                    math_buf.append(body)
                out += ["```math", *[fix_tex(x) for x in math_buf], "```"]
                in_math, prev_kind = False, "code"
            else:
                math_buf.append(s)
            continue
        if s.startswith("$$") and not re.fullmatch(r"\$\$.+\$\$", s):
            in_math, math_start, math_buf = True, n, ([s[2:].strip()] if s[2:].strip() else [])
            if out and out[-1].strip():
                out.append("")
            continue
        if re.fullmatch(r"\$\$(.+)\$\$", s):
            if out and out[-1].strip():
                out.append("")
            out += ["```math", fix_tex(s[2:-2]), "```"]
            prev_kind = "code"
            continue
        if HR_RE.match(t) or CLOSING_RE.match(s):
            continue
        in_table = s.startswith("|")
        t = _prose(t, lambda seg: c.markup(c.links(c.html(seg, in_table))))
        t = _prose(t, lambda seg: c.math_inline(seg, n))
        t = ANSWER_LABEL_RE.sub("", t) if ANSWER_LABEL_RE.match(t) else t
        for piece in t.split("\n"):   # <br> outside tables became line breaks
            prev_kind = _emit(out, piece, prev_kind)
    if in_fence:
        raise NoteError(note.path, item.line, "code fence in this answer is never closed")
    if in_math:
        raise NoteError(note.path, math_start, "`$$` formula block is never closed")
    item.removed_images = c.images
    return tidy("\n".join(out))


def _emit(out: list[str], t: str, prev_kind: str) -> str:
    s = t.strip()
    if not s or re.fullmatch(r"[\s>*_~-]*|\*\*\s*\*\*", s):
        if out and out[-1] != "":
            out.append("")
        return "blank"
    if s.startswith("#"):
        t = s = "**" + s.lstrip("#").strip() + "**"   # a heading inside an answer would break the page
    indent = len(t) - len(t.lstrip())
    if s.startswith("|"):
        kind = "table"
        if prev_kind not in ("table", "blank"):
            out.append("")
        t = s
    elif LIST_RE.match(t):
        kind = "list"
        if prev_kind not in ("list", "blank", "listtext"):
            out.append("")
    elif prev_kind in ("list", "listtext") and indent >= 2:
        kind = "listtext"                       # continuation paragraph of a list item
        t = " " * max(indent, 4) + s if indent >= 3 else "    " + s
    else:
        kind = "text"
        t = s                                   # prose never starts indented (no code blocks)
        if prev_kind in ("text", "table", "code") or prev_kind == "list" and indent == 0:
            out.append("")                      # one line of a note = one paragraph
    out.append(t)
    return kind


def tidy(text: str) -> str:
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = re.sub(r"\[([^\]]*)\]\(\s*\)", r"\1", text)          # links whose URL was removed
    text = re.sub(r"[ \t]+$", "", text, flags=re.M)
    return text.strip("\n")


# --------------------------------------------------------------------------- status

def answer_status(body: str, had_images: bool) -> str:
    text = re.sub(r"```.*?```", "CODE", body, flags=re.S)
    plain = [l for l in text.split("\n") if re.sub(r"[\s|:\-*#>]", "", l)]
    if not plain:
        return "image-only" if had_images else "unanswered"
    if "CODE" in text or any(l.lstrip().startswith("|") for l in plain):
        return "answered"
    return "outline" if is_outline(plain) else "answered"


def is_outline(lines: list[str]) -> bool:
    """Only a skeleton: short terms joined by + 、 ， ；, or labels with nothing after them.

    "定义+公式+与交叉熵关系+性质" and "贪婪策略、beam search、top-p" are outlines; a sentence
    ("防止 softmax 计算值过大，导致梯度消失。") is an answer, however short.
    """
    terms: list[str] = []
    plus, widest = False, 0
    for line in lines:
        s = LIST_RE.sub("", line).replace("**", "").replace("==", "").strip()
        s = re.sub(r"^(?:[①-⑩]|\d+[)）]|[(（]\d+[)）]|【[^】]{1,8}】)", "", s).strip()
        if not s or re.fullmatch(r"[^：:。]{1,20}[：:]", s):
            continue                                       # a label with nothing after it
        s = re.sub(r"^[^：:。，]{1,12}[：:]\s*", "", s)     # drop a short "label：" prefix
        if s.endswith("。") or "。" in s or len(s) > 80:
            return False
        parts = [x.strip() for x in re.split(r"[+＋、，,；;/]", s) if x.strip()]
        if any(len(x) > 16 for x in parts):
            return False
        plus = plus or "+" in s or "＋" in s
        if len(parts) >= 2 or plus:
            terms += parts          # a line with a single phrase says nothing either way
        widest = max(widest, len(parts))
    if not terms:
        return False
    avg = sum(map(len, terms)) / len(terms)
    return (plus and (sum(map(len, terms)) <= 40 or len(terms) >= 4)) \
        or (avg <= 8 and widest >= 5) or (avg <= 6.5 and len(terms) >= 4)


# --------------------------------------------------------------------------- item

def clean_item(item: Item, note: Note) -> Item:
    """Fill title, body, status, stars, dropped, removed_images and redactions of one item."""
    title, stars, marked = clean_question(item.question)
    if len(item.context) >= 2 and len(title) <= 16 and not re.search(r"[?？]", title):
        # a bare topic heading ("LLaVA-1.5") reads as a question with its parent ("VLM模型架构")
        parent = clean_question(item.context[-1])[0]
        if parent and parent.lower() not in title.lower():
            title = f"{parent}：{title}"
    item.title, item.stars = title, stars
    if item.kind == "preamble":
        item.body = clean_answer(item, note)
        item.dropped = "preamble"
        return item
    if item.kind in ("outline", "residue"):
        item.body = clean_answer(item, note) if item.answer else ""
        item.dropped = item.kind
        return item
    if item.kind == "intro":
        # text between a section heading and its first item
        item.body = clean_answer(item, note)
        plain = re.sub(r"\s", "", item.body)
        if SELF_INTRO_RE.search(item.body) or "面试官" in item.body:
            item.title = item.question = "自我介绍"
            item.kind = "question"
        else:
            item.dropped = "residue" if not plain or not is_outline(item.body.split("\n")) else "outline"
            return item
    elif PLACEHOLDER_RE.match(title):
        item.dropped = "placeholder"
        item.body = ""
        return item
    else:
        item.body = clean_answer(item, note)
    item.status = "unanswered" if marked and not item.body.strip() else answer_status(item.body, bool(item.removed_images))
    redact_item(item)
    return item


def redact_item(item: Item) -> None:
    title, f1 = pii.redact(item.title)
    body, f2 = pii.redact(item.body)
    kinds = sorted({f.kind for f in [*f1, *f2]})
    item.redactions = kinds
    if set(kinds) & PERSONAL and SELF_INTRO_RE.search(item.title):
        item.dropped = "personal-data"   # a self-introduction is kept only if nothing personal remains
    item.title, item.body = title, tidy(body)


def clean(items: list[Item], note: Note) -> list[Item]:
    return [clean_item(it, note) for it in items]
