"""Rules on what a page may contain: math syntax, fences, raw HTML, images, note marks (§3–7).

Content rules look at prose only: fenced blocks, inline code and $`…`$ are masked out first.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from ..page import Page
from .core import Context, rule

ALLOWED_TAGS = frozenset(
    """
    br sub sup kbd mark small abbr details summary div span table thead tbody tfoot tr th td caption
    code pre p a b i em strong s del ins ul ol li dl dt dd hr blockquote noscript
    """.split()
)
UNSAFE_TAGS = frozenset("script iframe frame frameset style object embed applet form input button link meta base svg math".split())
MARKS = "⭐❓✅"

_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^<>]*)>?")
_ON_ATTR_RE = re.compile(r"\son[a-z]+\s*=", re.I)
_JS_URL_RE = re.compile(r"(?:href|src|action|formaction|data)\s*=\s*[\"']?\s*javascript:|\]\(\s*<?\s*javascript:", re.I)
_MD_IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*)?\)")
_BARE_MATH_RE = re.compile(
    r"\$\$"  # display math
    r"|(?<![\\$])\$(?=[^\s$])[^$]*?(?<=[^\s\\$])\$(?!\$)"  # $x$ (no space inside the dollars)
    r"|(?<![\\$])\$[^$]*\\[A-Za-z]+[^$]*\$"  # $ \frac{a}{b} $: a TeX command between dollars
)


def _text(page: Page):
    return (ln for ln in page.lines if ln.kind == "text")


@rule("E-MATH-UNCLOSED")
def math_unclosed(page: Page, ctx: Context):
    for line, code, message in page.problems:
        if code == "E-MATH-UNCLOSED":
            yield line, message


@rule("E-FENCE-UNCLOSED")
def fence_unclosed(page: Page, ctx: Context):
    for line, code, message in page.problems:
        if code == "E-FENCE-UNCLOSED":
            yield line, message


@rule("E-BARE-MATH")
def bare_math(page: Page, ctx: Context):
    for f in page.fences:
        if f.lang == "math":
            for k, body_line in enumerate(f.body.split("\n")):
                if body_line.strip().startswith("$"):
                    yield f.line + 1 + k, "```math 代码块里直接写 TeX，不要再加 $ 或 $$"
    for ln in _text(page):
        if _BARE_MATH_RE.search(ln.masked.replace("\\$", "  ")):
            yield ln.no, "裸的 $…$ 公式，请改成 $`…`$ 或 ```math 代码块（字面的美元符号写成 \\$ 或放进 `…`）"


@rule("E-HTML-UNSAFE", also=("E-HTML",))
def html(page: Page, ctx: Context):
    for ln in _text(page):
        s = ln.masked
        unsafe_reported = False
        if _ON_ATTR_RE.search(s) and "<" in s or _JS_URL_RE.search(s):
            yield ln.no, "禁止 on*= 事件属性和 javascript: 链接，请删除"
            unsafe_reported = True
        for m in _TAG_RE.finditer(s):
            name = m.group(2).lower()
            if name in UNSAFE_TAGS:
                yield ln.no, f"禁止 <{name}> 标签，请删除（图表用 mermaid，公式用 $`…`$）"
            elif name == "u":
                continue  # a note mark: reported by E-MARK
            elif name == "img":
                yield ln.no, "不放图片（<img>）：把图里的信息写成表格、公式或 mermaid 图", "E-HTML"
            elif name not in ALLOWED_TAGS:
                yield ln.no, f"不允许的 HTML 标签 <{name}>；若是代码或泛型（如 List<int>），请放进 `…`", "E-HTML"
            elif not unsafe_reported and _ON_ATTR_RE.search(m.group(0)):
                yield ln.no, "禁止 on*= 事件属性，请删除"


@rule("E-IMAGE-REMOTE", also=("E-IMAGE-MISSING",))
def images(page: Page, ctx: Context):
    for ln in _text(page):
        for m in _MD_IMAGE_RE.finditer(ln.masked):
            target = m.group(1)
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", target, re.I) or target.lower().startswith(("http:", "https:", "data:")):
                yield ln.no, f"不引用外部图片（{target[:60]}）：站点要能离线使用；把信息写成表格、公式或 mermaid 图"
            elif not _image_exists(target, ctx):
                yield ln.no, f"图片 {target} 在 docs/ 下不存在：删掉它，把信息写成表格、公式或 mermaid 图", "E-IMAGE-MISSING"


def _image_exists(target: str, ctx: Context) -> bool:
    rel = unquote(target.split("#", 1)[0].split("?", 1)[0])
    base = ctx.docs if rel.startswith("/") or ctx.path is None else ctx.path.parent
    file = (Path(base) / rel.lstrip("/")).resolve()
    try:
        file.relative_to(ctx.docs.resolve())
    except ValueError:
        return False
    return file.is_file()


@rule("E-MARK")
def note_marks(page: Page, ctx: Context):
    about = (page.src or "").startswith("about/")   # the guide itself may show the marks it bans
    for ln in _text(page):
        found = [c for c in MARKS if c in ln.masked]
        if found and not about:
            yield ln.no, f"原笔记标记 {''.join(found)} 不要留在正文：重要度写在元信息行，疑问/已会等标记删掉"
        if any(not m.group(1) and m.group(2).lower() == "u" for m in _TAG_RE.finditer(ln.masked)):
            yield ln.no, "<u> 下划线是原笔记标记：改成 **加粗** 或 ==高亮=="


_TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@rule("E-TABLE-HEADER")
def table_headers(page: Page, ctx: Context):
    """Every header cell says what its column is: screen readers read it before each cell."""
    lines = page.lines
    for k in range(len(lines) - 1):
        head, sep = lines[k], lines[k + 1]
        if head.kind == "text" and sep.kind == "text" and "|" in head.raw and _TABLE_SEP_RE.match(sep.raw):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", head.raw.strip().strip("|"))]
            if any(not c for c in cells):
                yield head.no, "表头单元格不能为空（屏幕阅读器会在每个单元格前读出表头）：左上角可以写「维度」「方法」等"
