"""Content linter for docs/: the rules of docs/about/format.md, run on every PR (`make check`).

Usage::

    python -m mianjing check [PATH ...] [--docs docs] [--strict-style] [--fix-style] [--format text|github]
    python -c "import mianjing.check as c; raise SystemExit(c.main())"

Every problem is printed as ``docs/x/y.md:12: CODE 说明（含修法）``; the exit code is 1 if there is at
least one error (codes ``E-…``), warnings (``W-…``) never fail the build.

Codes
-----
Page format (question pages ``docs/<栏目>/<主题>.md``, not ``index.md``, not ``about/`` or ``notebooks/``):

``E-FRONT-MATTER``    no YAML front matter, broken YAML, or no ``title``
``E-H1``              not exactly one ``# `` heading
``E-ID-MISSING``      a ``## `` question heading without ``{#id}``
``E-ID-FORMAT``       an id (on any heading, any page) that is not ``[a-z0-9-]+``
``E-ID-DUP``          the same id twice in docs/ (both places are reported)
``E-META``            the question is not followed by the meta line (``META_RE``) and ``{ .q-meta }``

Every page:

``E-HEADING-MATH``    a formula (``$``) in a heading
``E-BARE-MATH``       ``$…$`` / ``$$…$$`` outside markdown-katex syntax (``$`…`$``, ```` ```math ````)
``E-MATH-UNCLOSED``   ``$``` without its closing ```$``
``E-FENCE-UNCLOSED``  a ```` ``` ```` / ``~~~`` fence that is never closed
``E-HTML``            a raw HTML tag outside ``ALLOWED_TAGS``
``E-HTML-UNSAFE``     ``<script>``, ``<iframe>``, ``<style>`` …, an ``on*=`` attribute, a ``javascript:`` URL
``E-IMAGE-REMOTE``    an image from http(s) (the site must work offline; no hot-linking)
``E-IMAGE-MISSING``   an image whose file does not exist under docs/
``E-PLACEHOLDER``     an answer that is only "？", "/", "…", "TODO", "待补充"… without the
                      ``!!! warning "待补充"`` admonition
``E-MARK``            leftover note marks ``⭐ ❓ ✅`` (outside docs/about/) or ``<u>`` (``==mark==`` is fine)
``E-PII``             personal data or tracking links (see ``mianjing.pii``), checked on every line,
                      code blocks included
``E-STUB`` ``E-KEYPOINTS`` ``E-ANSWER`` ``E-REFS``  incomplete answers (see ``mianjing.answers``)
``E-NOTEBOOK``        a notebook in notebooks/ committed with outputs or execution counts, or not JSON
``W-SPACE``           CJK/Latin spacing and punctuation per autocorrect (``E-SPACE`` with
                      ``--strict-style``); ``--fix-style`` rewrites the files

Content checks skip fenced code blocks, ```` ```math ```` fences, inline code and ``$`…`$``.

Raw HTML allow-list (``ALLOWED_TAGS``): harmless inline/structural tags only --
br sub sup kbd mark small abbr details summary div span table thead tbody tfoot tr th td caption
code pre p a b i em strong s del ins ul ol li dl dt dd hr blockquote, and HTML comments.
Not allowed: ``<img>`` (no images: restate figures as tables, formulas or mermaid), ``<u>`` (the
importer converts it), anything else.  ``on*=`` attributes and ``javascript:`` URLs are errors even
on allowed tags.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mianjing import answers, pii

__all__ = ["Problem", "check_file", "check_tree", "fix_style", "main", "META_RE", "ALLOWED_TAGS"]

ALLOWED_TAGS = frozenset(
    """
    br sub sup kbd mark small abbr details summary div span table thead tbody tfoot tr th td caption
    code pre p a b i em strong s del ins ul ol li dl dt dd hr blockquote
    """.split()
)
UNSAFE_TAGS = frozenset("script iframe frame frameset style object embed applet form input button link meta base svg math".split())
NON_QUESTION_SECTIONS = frozenset({"about", "notebooks"})

META_RE = re.compile(
    r"^重要度：(?=[★☆]{3} )★{1,3}☆{0,2} ｜ 来源：[^｜\s][^｜]*? ｜ 标签：[^｜\s][^｜]*$"
)
META_ATTR = "{ .q-meta }"
PLACEHOLDER_ANSWERS = frozenset(
    {"？", "?", "/", "、", "…", "……", "...", "。", "-", "TODO", "todo", "TBD", "待补充", "略", "无", "同上"}
)
MARKS = "⭐❓✅"
WAIT_ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s+\w+\s+"待补充"')

_FENCE_RE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_ATTR_RE = re.compile(r"[ \t]+\{([^{}]*)\}[ \t]*$")
_ATTR_NOSPACE_RE = re.compile(r"(?<=\S)\{\s*#[^{}]*\}[ \t]*$")
_ID_TOKEN_RE = re.compile(r"(?:^|\s)#([^\s}]+)")
_ID_RE = re.compile(r"^[a-z0-9-]+$")
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^<>]*)>?")
_ON_ATTR_RE = re.compile(r"\son[a-z]+\s*=", re.I)
_JS_URL_RE = re.compile(r"(?:href|src|action|formaction|data)\s*=\s*[\"']?\s*javascript:|\]\(\s*<?\s*javascript:", re.I)
_MD_IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*)?\)")
_BARE_MATH_RE = re.compile(
    r"\$\$"  # display math
    r"|(?<![\\$])\$(?=[^\s$])[^$]*?(?<=[^\s\\$])\$(?!\$)"  # $x$ (no space inside the dollars)
    r"|(?<![\\$])\$[^$]*\\[A-Za-z]+[^$]*\$"  # $ \frac{a}{b} $: a TeX command between dollars
)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    code: str
    message: str
    severity: str = field(default="")

    def __post_init__(self):
        if not self.severity:
            object.__setattr__(self, "severity", "warning" if self.code.startswith("W-") else "error")

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code} {self.message}"


# --------------------------------------------------------------------------- scanning helpers


@dataclass
class _Line:
    no: int  # 1-based
    raw: str
    kind: str  # "front", "fence", "fence-open", "fence-close", "text"
    fence_info: str = ""
    masked: str = ""  # text lines: inline code and $`…`$ replaced by spaces


def _mask_inline(line: str) -> tuple[str, list[tuple[int, str]]]:
    """Replace code spans and $`…`$ math by spaces; return masked line and unclosed-math columns."""
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


def _scan(text: str) -> tuple[list[_Line], list[tuple[int, str]]]:
    """Classify lines; return lines and structural problems (line, code/message) found on the way."""
    lines = text.split("\n")
    out: list[_Line] = []
    issues: list[tuple[int, str, str]] = []
    start = 0
    if lines and lines[0].strip() == "---":
        for j in range(1, len(lines)):
            if lines[j].strip() in ("---", "..."):
                for k in range(0, j + 1):
                    out.append(_Line(k + 1, lines[k], "front"))
                start = j + 1
                break
    fence: tuple[str, int, int, str] | None = None  # (char, length, line no, info)
    for idx in range(start, len(lines)):
        raw = lines[idx]
        no = idx + 1
        m = _FENCE_RE.match(raw)
        if fence:
            if m and m.group(2)[0] == fence[0] and len(m.group(2)) >= fence[1] and not m.group(3).strip():
                out.append(_Line(no, raw, "fence-close", fence[3]))
                fence = None
            else:
                out.append(_Line(no, raw, "fence", fence[3]))
            continue
        if m and not (m.group(2)[0] == "`" and "`" in m.group(3)):
            info = m.group(3).strip().split()[0].lstrip("{.").rstrip("}") if m.group(3).strip() else ""
            fence = (m.group(2)[0], len(m.group(2)), no, info)
            out.append(_Line(no, raw, "fence-open", info))
            continue
        masked, unclosed = _mask_inline(raw)
        out.append(_Line(no, raw, "text", masked=masked))
        for col, tok in unclosed:
            issues.append((no, "E-MATH-UNCLOSED", f"第 {col + 1} 列的 {tok} 没有对应的 `$ 结尾，行内公式写成 $`…`$（两侧反引号个数相同）"))
    if fence:
        issues.append((fence[2], "E-FENCE-UNCLOSED", f"{fence[0] * fence[1]} 代码块没有结束，请在块末加一行 {fence[0] * fence[1]}"))
    return out, issues


def _heading(line: _Line):
    """(level, text, attr) for an ATX heading line, else None."""
    if line.kind != "text":
        return None
    m = _HEADING_RE.match(line.raw)
    if not m:
        return None
    body = m.group(2) or ""
    body = re.sub(r"[ \t]+#+$", "", body)
    am = _ATTR_RE.search(body)
    attr = am.group(1) if am else None
    if am:
        body = body[: am.start()]
    return len(m.group(1)), body, attr


def _ids(attr: str | None) -> list[str]:
    return _ID_TOKEN_RE.findall(attr) if attr else []


def _docs_root(path: Path) -> Path:
    for parent in path.resolve().parents:
        if parent.name == "docs":
            return parent
    return path.resolve().parent


def _display(path: Path, docs_dir: Path) -> str:
    p = path.resolve()
    for base in (Path.cwd(), docs_dir.resolve().parent):
        try:
            return p.relative_to(base).as_posix()
        except ValueError:
            pass
    return str(path)


def _section(path: Path, docs_dir: Path) -> str | None:
    try:
        rel = path.resolve().relative_to(docs_dir.resolve())
    except ValueError:
        return None
    return rel.parts[0] if len(rel.parts) > 1 else None


def _is_question_page(path: Path, docs_dir: Path) -> bool:
    try:
        rel = path.resolve().relative_to(docs_dir.resolve())
    except ValueError:
        return False
    return len(rel.parts) == 2 and rel.suffix == ".md" and rel.name != "index.md" and rel.parts[0] not in NON_QUESTION_SECTIONS


# --------------------------------------------------------------------------- style (autocorrect)


def _autocorrect():
    try:
        import autocorrect_py
    except ImportError:  # pragma: no cover - listed in requirements.txt
        return None
    return autocorrect_py


def fix_style(text: str) -> str:
    """autocorrect's markdown formatting applied to prose only.

    Fenced blocks (code, ```math, mermaid) are kept byte for byte (autocorrect would otherwise
    "fix" strings and comments inside code), and the space before a heading's ``{#id}`` is kept
    (autocorrect removes it after full-width punctuation, which breaks attr_list).
    """
    ac = _autocorrect()
    if ac is None:
        return text
    lines, _ = _scan(text)
    out: list[str] = []
    chunk: list[str] = []

    def flush():
        if not chunk:
            return
        src = "\n".join(chunk)
        new = ac.format_for(src, "md")
        new_lines = new.split("\n")
        if len(new_lines) != len(chunk):  # never let a formatter move lines around
            new_lines = list(chunk)
        for old, cur in zip(chunk, new_lines):
            am = _ATTR_RE.search(old)
            if am and not _ATTR_RE.search(cur):
                nm = re.search(r"\{[^{}]*\}[ \t]*$", cur)
                if nm:
                    cur = cur[: nm.start()].rstrip() + old[am.start() :]
            out.append(cur)
        chunk.clear()

    i = 0
    while i < len(lines):
        ln = lines[i]
        adm = _ADMONITION_RE.match(ln.raw) if ln.kind == "text" else None
        if adm:
            # admonition body: autocorrect would take the 4-space indent for a code block
            chunk.append(ln.raw)
            flush()
            indent = len(adm.group(1)) + 4
            j = i + 1
            while j < len(lines) and (not lines[j].raw.strip() or _indent(lines[j].raw) >= indent):
                j += 1
            while j > i + 1 and not lines[j - 1].raw.strip():
                j -= 1
            body = [lines[k].raw for k in range(i + 1, j)]
            fixed = fix_style("\n".join(b[indent:] for b in body)).split("\n")
            if len(fixed) != len(body):
                fixed = [b[indent:] for b in body]
            out.extend((" " * indent + f) if f else b[: len(b) - len(b.lstrip())] for f, b in zip(fixed, body))
            i = j
            continue
        if ln.kind in ("text", "front"):
            chunk.append(ln.raw)
        else:
            flush()
            out.append(ln.raw)
        i += 1
    flush()
    return "\n".join(out)


_ADMONITION_RE = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)\s+\S")


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _diff_fragment(old: str, new: str) -> tuple[str, str]:
    a = 0
    while a < min(len(old), len(new)) and old[a] == new[a]:
        a += 1
    b = 0
    while b < min(len(old), len(new)) - a and old[-1 - b] == new[-1 - b]:
        b += 1
    lo, hi = max(0, a - 6), max(0, b - 6)
    return old[lo : len(old) - hi], new[lo : len(new) - hi]


def _style_problems(text: str, shown: str, strict: bool) -> list[Problem]:
    fixed = fix_style(text)
    if fixed == text:
        return []
    code = "E-SPACE" if strict else "W-SPACE"
    problems = []
    for no, (old, new) in enumerate(zip(text.split("\n"), fixed.split("\n")), 1):
        if old != new:
            a, b = _diff_fragment(old, new)
            problems.append(
                Problem(shown, no, code, f"中英文间距/标点：「{a}」→「{b}」（可运行 check --fix-style 自动修正）")
            )
    return problems


# --------------------------------------------------------------------------- the rules


def _check_text(text: str, path: Path, docs_dir: Path, shown: str) -> tuple[list[Problem], list[tuple[str, int]]]:
    """Problems of one file, and the ids it defines (id, line) for the cross-file check."""
    problems: list[Problem] = []

    def add(no: int, code: str, msg: str):
        problems.append(Problem(shown, no, code, msg))

    lines, issues = _scan(text)
    for no, code, msg in issues:
        add(no, code, msg)

    # --- ids and headings (every page)
    ids: list[tuple[str, int]] = []
    headings = []
    for i, ln in enumerate(lines):
        h = _heading(ln)
        if not h:
            continue
        level, body, attr = h
        headings.append((i, level, body, attr))
        if "$" in body:
            add(ln.no, "E-HEADING-MATH", "标题里不放公式（会污染目录和搜索标题），请写成文字，如「根号 d_k」")
        for ident in _ids(attr):
            if not _ID_RE.match(ident):
                add(ln.no, "E-ID-FORMAT", f"id「{ident}」只能用小写字母、数字和连字符 [a-z0-9-]+")
            ids.append((ident, ln.no))
        if attr is None and _ATTR_NOSPACE_RE.search(body):
            add(ln.no, "E-ID-MISSING", "{#id} 前面要有一个空格，否则不会被识别为 id：`## 题目 {#id}`")

    # --- page format (question pages)
    if _is_question_page(path, docs_dir):
        front = [ln.raw for ln in lines if ln.kind == "front"]
        if not front:
            add(1, "E-FRONT-MATTER", "页面要以 YAML front matter 开头：第一行 ---，写 title: 页面标题，再一行 ---")
        else:
            try:
                meta = yaml.safe_load("\n".join(front[1:-1])) or {}
            except yaml.YAMLError as exc:
                add(1, "E-FRONT-MATTER", f"front matter 不是合法的 YAML：{str(exc).splitlines()[0]}")
                meta = None
            if meta is not None and (not isinstance(meta, dict) or not str(meta.get("title") or "").strip()):
                add(1, "E-FRONT-MATTER", "front matter 缺少 title: 页面标题")
        h1 = [ln for (i, level, _, _) in headings if level == 1 for ln in [lines[i]]]
        if len(h1) != 1:
            where = "、".join(str(ln.no) for ln in h1) or "无"
            add(h1[1].no if len(h1) > 1 else 1, "E-H1", f"每页恰好一个一级标题「# 标题」（现在 {len(h1)} 个，行 {where}）")
        for i, level, body, attr in headings:
            if level != 2:
                continue
            ln = lines[i]
            qids = _ids(attr)
            if not qids:
                add(ln.no, "E-ID-MISSING", "题目标题要带稳定的英文 id：`## 题目 {#some-id}`（小写字母、数字、连字符，发布后不再改）")
            # meta line: one blank line, then the meta line, then { .q-meta }
            nxt = [lines[j] for j in range(i + 1, min(i + 4, len(lines)))]
            ok = (
                len(nxt) == 3
                and nxt[0].raw.strip() == ""
                and META_RE.match(nxt[1].raw.strip())
                and nxt[2].raw.strip() == META_ATTR
            )
            if not ok:
                got = nxt[1].raw.strip() if len(nxt) > 1 else ""
                add(
                    ln.no,
                    "E-META",
                    "题目下空一行后写元信息行「重要度：★★☆ ｜ 来源：004 ｜ 标签：A、B」，下一行写 { .q-meta }"
                    + (f"（现在是「{got[:40]}」）" if got and not META_RE.match(got) else ""),
                )
        _check_placeholders(lines, headings, add)

    # --- content rules (every page; the about/ pages may mention the note marks they explain)
    about = _section(path, docs_dir) == "about"
    for ln in lines:
        if ln.kind == "fence" and ln.fence_info == "math" and ln.raw.strip().startswith("$"):
            add(ln.no, "E-BARE-MATH", "```math 代码块里直接写 TeX，不要再加 $ 或 $$")
        if ln.kind != "text":
            continue
        s = ln.masked
        if _BARE_MATH_RE.search(s.replace("\\$", "  ")):
            add(ln.no, "E-BARE-MATH", "裸的 $…$ 公式，请改成 $`…`$ 或 ```math 代码块（字面的美元符号写成 \\$ 或放进 `…`）")
        _check_html(s, ln.no, add)
        for m in _MD_IMAGE_RE.finditer(s):
            _check_image(m.group(1), ln.no, path, docs_dir, add)
        found = [c for c in MARKS if c in s]
        if found and not about:
            add(ln.no, "E-MARK", f"原笔记标记 {''.join(found)} 不要留在正文：重要度写在元信息行，疑问/已会等标记删掉")
    for ln in lines:
        for f in pii.find(ln.raw):
            if f.kind == "tracking-param":
                fixed = pii.strip_tracking(f.text)
                how = f"改成 {fixed}" if fixed != f.text else "分享短链接会暴露分享者，请删除或换成原文链接"
                add(ln.no, "E-PII", f"链接带分享跟踪参数：{how}")
            elif f.kind == "profile-link":
                add(ln.no, "E-PII", f"个人主页链接（{f.text}）：请删除，引用文章或仓库本身")
            else:
                add(ln.no, "E-PII", f"第 {f.start + 1} 列疑似个人信息（{f.kind}）：请删除（姓名、学校、电话、邮箱、证件号都不能出现）")
    return problems, ids


def _check_html(s: str, no: int, add) -> None:
    unsafe_reported = False
    if _ON_ATTR_RE.search(s) and "<" in s or _JS_URL_RE.search(s):
        add(no, "E-HTML-UNSAFE", "禁止 on*= 事件属性和 javascript: 链接，请删除")
        unsafe_reported = True
    for m in _TAG_RE.finditer(s):
        name = m.group(2).lower()
        if name in UNSAFE_TAGS:
            add(no, "E-HTML-UNSAFE", f"禁止 <{name}> 标签，请删除（图表用 mermaid，公式用 $`…`$）")
        elif name == "u":
            if not m.group(1):
                add(no, "E-MARK", "<u> 下划线是原笔记标记：改成 **加粗** 或 ==高亮==")
        elif name == "img":
            add(no, "E-HTML", "不放图片（<img>）：把图里的信息写成表格、公式或 mermaid 图")
        elif name not in ALLOWED_TAGS:
            add(no, "E-HTML", f"不允许的 HTML 标签 <{name}>；若是代码或泛型（如 List<int>），请放进 `…`")
        elif not unsafe_reported and _ON_ATTR_RE.search(m.group(0)):
            add(no, "E-HTML-UNSAFE", "禁止 on*= 事件属性，请删除")


def _check_image(target: str, no: int, path: Path, docs_dir: Path, add) -> None:
    if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", target, re.I) or target.lower().startswith(("http:", "https:", "data:")):
        add(no, "E-IMAGE-REMOTE", f"不引用外部图片（{target[:60]}）：站点要能离线使用；把信息写成表格、公式或 mermaid 图")
        return
    rel = target.split("#", 1)[0].split("?", 1)[0]
    from urllib.parse import unquote

    rel = unquote(rel)
    base = docs_dir if rel.startswith("/") else path.parent
    file = (base / rel.lstrip("/")).resolve()
    try:
        file.relative_to(docs_dir.resolve())
        inside = True
    except ValueError:
        inside = False
    if not inside or not file.is_file():
        add(no, "E-IMAGE-MISSING", f"图片 {target} 在 docs/ 下不存在：删掉它，把信息写成表格、公式或 mermaid 图")


_STRUCTURAL = re.compile(r"^\s*(?:\*\*(?:要点|解答|追问|参考|答案|回答)\*\*[：:]?|\{[^{}]*\}|<!--.*-->)\s*$")


def _check_placeholders(lines: list[_Line], headings, add) -> None:
    """A question whose answer consists only of placeholder tokens, without the 待补充 admonition."""
    starts = [(i, level) for i, level, _, _ in headings]
    for n, (i, level) in enumerate(starts):
        if level != 2:
            continue
        end = next((j for j, lv in starts[n + 1 :] if lv <= 2), len(lines))
        body = lines[i + 1 : end]
        if any(ln.kind == "text" and WAIT_ADMONITION.match(ln.raw) for ln in body):
            continue
        content = []
        for ln in body:
            if ln.kind != "text":
                if ln.kind in ("fence-open", "fence"):
                    content.append(("fence", ln.no))
                continue
            t = ln.raw.strip()
            if not t or t.startswith("重要度：") or _STRUCTURAL.match(t):
                continue
            t = re.sub(r"^(?:[-*+>]|\d+[.)])\s*", "", t).strip().strip("*_").strip()
            content.append((t, ln.no))
        if content and all(t in PLACEHOLDER_ANSWERS or not t for t, _ in content):
            add(content[0][1], "E-PLACEHOLDER",
                '答案只有占位符：补全答案，或者写一个 !!! warning "待补充" 提示块说明缺什么')
        elif not content:
            add(lines[i].no, "E-PLACEHOLDER",
                '这道题没有答案：补全「要点」「解答」，或者写一个 !!! warning "待补充" 提示块')
        else:
            for t, no in content:
                if t in ("TODO", "todo", "TBD", "待补充"):
                    add(no, "E-PLACEHOLDER", f"占位文字「{t}」：补全内容，或改用 !!! warning \"待补充\" 提示块")


# --------------------------------------------------------------------------- public API


def check_file(path, docs_dir=None, *, strict_style: bool = False, style: bool = True) -> list[Problem]:
    """Problems of one Markdown file (ids are checked for duplicates within the file only)."""
    path = Path(path)
    docs = Path(docs_dir) if docs_dir else _docs_root(path)
    problems, ids = _check_one(path, docs, strict_style=strict_style, style=style)
    problems += _dup_problems({_display(path, docs): ids})
    return _sorted(problems)


def _check_one(path: Path, docs: Path, *, strict_style: bool, style: bool):
    shown = _display(path, docs)
    text = path.read_text(encoding="utf-8")
    problems, ids = _check_text(text, path, docs, shown)
    if _is_question_page(path, docs):
        problems += [Problem(shown, no, code, msg) for no, code, msg in answers.problems(text)]
    if style:
        problems += _style_problems(text, shown, strict_style)
    return problems, ids


def _dup_problems(ids_by_file: dict[str, list[tuple[str, int]]]) -> list[Problem]:
    where: dict[str, list[tuple[str, int]]] = {}
    for shown, ids in ids_by_file.items():
        for ident, no in ids:
            where.setdefault(ident, []).append((shown, no))
    out = []
    for ident, places in where.items():
        if len(places) > 1:
            for shown, no in places:
                others = "、".join(f"{s}:{n}" for s, n in places if (s, n) != (shown, no))
                out.append(Problem(shown, no, "E-ID-DUP", f"id「{ident}」重复（另见 {others}）：id 全站唯一，给其中一个换新 id"))
    return out


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.code, p.message))


def _md_files(docs_dir: Path) -> list[Path]:
    return sorted(p for p in docs_dir.rglob("*.md") if p.is_file())


def check_tree(docs_dir="docs", *, strict_style: bool = False, style: bool = True, only=None) -> list[Problem]:
    """Problems of every .md under *docs_dir*, including ids duplicated across files.

    *only*: an optional collection of paths; problems are reported for those files only (the
    duplicate-id check still looks at the whole tree)."""
    docs = Path(docs_dir)
    wanted = {Path(p).resolve() for p in only} if only is not None else None
    problems: list[Problem] = []
    ids_by_file: dict[str, list[tuple[str, int]]] = {}
    for path in _md_files(docs):
        selected = wanted is None or path.resolve() in wanted
        if selected:
            found, ids = _check_one(path, docs, strict_style=strict_style, style=style)
            problems += found
        else:
            _, ids = _check_text(path.read_text(encoding="utf-8"), path, docs, _display(path, docs))
        ids_by_file[_display(path, docs)] = ids
    dups = _dup_problems(ids_by_file)
    if wanted is not None:
        shown = {_display(p, docs) for p in wanted}
        dups = [p for p in dups if p.path in shown]
    return _sorted(problems + dups)


def check_notebooks(nb_dir) -> list[Problem]:
    """Notebooks are committed without outputs: reviewable diffs, and the site build runs them."""
    import json

    out = []
    for path in sorted(Path(nb_dir).glob("*.ipynb")):
        shown = str(path)
        try:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        except (ValueError, KeyError) as err:
            out.append(Problem(shown, 1, "E-NOTEBOOK", f"不是有效的 .ipynb：{err}"))
            continue
        for n, cell in enumerate(cells, 1):
            if cell.get("cell_type") == "code" and (cell.get("outputs") or cell.get("execution_count")):
                out.append(Problem(shown, 1, "E-NOTEBOOK", f"第 {n} 个单元格带着输出：提交前清空输出"
                                   "（Jupyter：Edit → Clear Outputs of All Cells，或 nbstripout）"))
                break
    return out


def _fix_files(files: list[Path]) -> int:
    changed = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        new = fix_style(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def _gh_escape(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mianjing check", description="检查 docs/ 下页面的格式、公式、HTML、图片、个人信息和中文排版")
    parser.add_argument("paths", nargs="*", help="只检查这些文件或目录（默认：整个 docs/）")
    parser.add_argument("--docs", default=None, help="docs 目录（默认：当前目录下的 docs/，没有则用仓库的 docs/）")
    parser.add_argument("--strict-style", action="store_true", help="中英文间距/标点问题按错误处理（E-SPACE）")
    parser.add_argument("--fix-style", action="store_true", help="用 autocorrect 改写文件的中英文间距/标点（跳过代码和公式）后再检查")
    parser.add_argument("--no-style", action="store_true", help="不检查中英文排版")
    parser.add_argument("--format", choices=("text", "github"), default="text", help="github：输出 GitHub Actions 注释")
    args = parser.parse_args(argv)

    docs = Path(args.docs) if args.docs else Path("docs")
    if not args.docs and not docs.is_dir():
        docs = Path(__file__).resolve().parent.parent / "docs"
    if not docs.is_dir():
        print(f"找不到 docs 目录：{docs}", file=sys.stderr)
        return 1
    only = None
    if args.paths:
        only = []
        for p in map(Path, args.paths):
            if p.is_dir():
                only += _md_files(p)
            elif p.is_file():
                only.append(p)
            else:
                print(f"找不到：{p}", file=sys.stderr)
                return 1
    if args.fix_style:
        n = _fix_files(only if only is not None else _md_files(docs))
        print(f"--fix-style：改写了 {n} 个文件", file=sys.stderr)

    problems = check_tree(docs, strict_style=args.strict_style, style=not args.no_style, only=only)
    if only is None:
        problems += check_notebooks(docs.parent / "notebooks")
    for p in problems:
        if args.format == "github":
            print(f"::{p.severity} file={p.path},line={p.line},title={p.code}::{_gh_escape(p.message)}")
        else:
            print(p)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    print(f"check：{errors} 个错误，{warnings} 个警告", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
