"""Tags (format guide §2): one spelling per concept, from the list in mianjing/tags.yml."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..config import load_yaml
from ..page import Page
from .core import Context, rule

TAGS = Path(__file__).resolve().parent.parent / "tags.yml"


@lru_cache(maxsize=1)
def known_tags() -> frozenset[str]:
    return frozenset(load_yaml(TAGS.read_text(encoding="utf-8"))["tags"])


def _key(tag: str) -> str:
    return re.sub(r"[\s\-_.]+", "", tag.lower())


@rule("E-TAG")
def tags(page: Page, ctx: Context):
    known = known_tags()
    by_key = {_key(t): t for t in known}
    for q in page.questions:
        if not q.meta:
            continue
        if len(q.meta.tags) > 3:
            yield q.line, f"「{q.title}」有 {len(q.meta.tags)} 个标签：最多 3 个，留下读者会按它筛选的概念"
        for tag in q.meta.tags:
            if tag in known:
                continue
            same = by_key.get(_key(tag))
            if same:
                yield q.line, f"标签「{tag}」请写成「{same}」（全站一个概念只用一种写法）"
            else:
                yield q.line, (f"标签「{tag}」不在 mianjing/tags.yml 里：换成已有的标签，或者它确实是读者会按它筛选的新概念时，"
                               "把它加进 tags.yml")
