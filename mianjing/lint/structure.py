"""Rules on the shape of a page: front matter, one `#`, ids, the meta line (format guide §1–2)."""

from __future__ import annotations

import re

from ..page import META_ATTR, Page, is_question_page
from .core import Context, rule

_ID_RE = re.compile(r"^[a-z0-9-]+$")
_ATTR_NOSPACE_RE = re.compile(r"(?<=\S)\{\s*#[^{}]*\}[ \t]*$")


@rule("E-FRONT-MATTER")
def front_matter(page: Page, ctx: Context):
    if not is_question_page(page.src):
        return
    if page.front is None and page.front_error is None:
        yield 1, "页面要以 YAML front matter 开头：第一行 ---，写 title: 页面标题，再一行 ---"
    elif page.front_error:
        yield 1, f"front matter 不是合法的 YAML：{page.front_error}"
    elif not isinstance(page.front, dict) or not page.title:
        yield 1, "front matter 缺少 title: 页面标题"


@rule("E-H1")
def one_h1(page: Page, ctx: Context):
    if not is_question_page(page.src):
        return
    h1 = page.h1
    if len(h1) != 1:
        where = "、".join(str(h.line) for h in h1) or "无"
        yield (h1[1].line if len(h1) > 1 else 1), f"每页恰好一个一级标题「# 标题」（现在 {len(h1)} 个，行 {where}）"


@rule("E-ID-MISSING")
def id_missing(page: Page, ctx: Context):
    for h in page.headings:
        if h.attr is None and _ATTR_NOSPACE_RE.search(h.title):
            yield h.line, "{#id} 前面要有一个空格，否则不会被识别为 id：`## 题目 {#id}`"
    for q in page.questions:
        if q.id is None:
            yield q.line, "题目标题要带稳定的英文 id：`## 题目 {#some-id}`（小写字母、数字、连字符，发布后不再改）"


@rule("E-ID-FORMAT")
def id_format(page: Page, ctx: Context):
    for ident, line in page.ids:
        if not _ID_RE.match(ident):
            yield line, f"id「{ident}」只能用小写字母、数字和连字符 [a-z0-9-]+"


@rule("E-HEADING-MATH")
def heading_math(page: Page, ctx: Context):
    for h in page.headings:
        if "$" in h.title:
            yield h.line, "标题里不放公式（会污染目录和搜索标题），请写成文字，如「根号 d_k」"


@rule("E-META")
def meta_line(page: Page, ctx: Context):
    for q in page.questions:
        if not q.meta_ok:
            got = q.meta_found
            shown = f"（现在是「{got[:40]}」）" if got and got != META_ATTR and q.meta is None else ""
            yield q.line, f"题目下空一行后写元信息行「重要度：★★☆ ｜ 来源：004 ｜ 标签：A、B」，下一行写 {META_ATTR}{shown}"


@rule("E-ID-DUP", scope="tree")
def duplicate_ids(pages: dict[str, Page], ctx: Context):
    where: dict[str, list[tuple[str, int]]] = {}
    for shown, page in pages.items():
        for ident, line in page.ids:
            where.setdefault(ident, []).append((shown, line))
    for ident, places in where.items():
        if len(places) > 1:
            for shown, line in places:
                others = "、".join(f"{s}:{n}" for s, n in places if (s, n) != (shown, line))
                yield shown, line, f"id「{ident}」重复（另见 {others}）：id 全站唯一，给其中一个换新 id"
