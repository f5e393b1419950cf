"""Rules on answer completeness (format guide §2): no placeholders, no stubs, 要点 + 解答, papers cited."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..config import load_yaml
from ..page import STUB_TITLE, Page, Question
from .core import Context, rule

MIN_ANSWER_CHARS = 120          # of text under the heading, meta line excluded: below that it is a stub
PAPERS = Path(__file__).resolve().parent.parent / "papers.yml"
PLACEHOLDER_ANSWERS = frozenset(
    {"？", "?", "/", "、", "…", "……", "...", "。", "-", "TODO", "todo", "TBD", "待补充", "略", "无", "同上"}
)
_STRUCTURAL = re.compile(r"^\s*(?:\*\*(?:要点|解答|追问|参考|答案|回答)\*\*[：:]?|\{[^{}]*\}|<!--.*-->)\s*$")


@lru_cache(maxsize=1)
def papers() -> list[tuple[str, re.Pattern, list[str]]]:
    data = load_yaml(PAPERS.read_text(encoding="utf-8"))
    # re.A: `\b` must see a boundary between Chinese and Latin ("BN和LN的区别")
    return [(p["topic"], re.compile(p["pattern"], re.I | re.A), list(p["arxiv"])) for p in data]


def _prose_chars(q: Question) -> int:
    return len(re.sub(r"\s+", "", "\n".join(ln.raw for ln in q.content)))


@rule("E-PLACEHOLDER")
def placeholders(page: Page, ctx: Context):
    """An answer made only of placeholder tokens, without the 待补充 marker."""
    for q in page.questions:
        if q.stub:
            continue
        content: list[tuple[str, int]] = []
        for ln in q.content:
            if ln.kind != "text":
                if ln.kind in ("fence-open", "fence"):
                    content.append(("fence", ln.no))
                continue
            t = ln.raw.strip()
            if not t or _STRUCTURAL.match(t):
                continue
            t = re.sub(r"^(?:[-*+>]|\d+[.)])\s*", "", t).strip().strip("*_").strip()
            content.append((t, ln.no))
        if content and all(t in PLACEHOLDER_ANSWERS or not t for t, _ in content):
            yield content[0][1], f'答案只有占位符：补全答案，或者写一个 !!! warning "{STUB_TITLE}" 提示块说明缺什么'
        elif not content:
            yield q.line, f'这道题没有答案：补全「要点」「解答」，或者写一个 !!! warning "{STUB_TITLE}" 提示块'
        else:
            for t, no in content:
                if t in ("TODO", "todo", "TBD", "待补充"):
                    yield no, f"占位文字「{t}」：补全内容，或改用 !!! warning \"{STUB_TITLE}\" 提示块"


@rule("E-STUB")
def stubs(page: Page, ctx: Context):
    for q in page.questions:
        if q.stub or _prose_chars(q) < MIN_ANSWER_CHARS:
            yield q.line, f"「{q.title}」还是待补充的草稿：写出完整解答并删掉「{STUB_TITLE}」提示块"


@rule("E-KEYPOINTS")
def keypoints(page: Page, ctx: Context):
    for q in page.questions:
        if "要点" not in q.blocks:
            yield q.line, f"「{q.title}」缺少 **要点**：先用 2–4 条要点写出面试时前 30 秒要说的话"


@rule("E-ANSWER")
def answer(page: Page, ctx: Context):
    for q in page.questions:
        if "解答" not in q.blocks:
            yield q.line, f"「{q.title}」缺少 **解答** 小标题"


@rule("E-REFS")
def references(page: Page, ctx: Context):
    """A heading naming a topic with a primary paper (papers.yml) cites it under **参考**."""
    for q in page.questions:
        cited = q.blocks["参考"].text if "参考" in q.blocks else ""
        for topic, pattern, ids in papers():
            if pattern.search(q.title) and not any(i in cited for i in ids):
                want = " 或 ".join(f"arXiv:{i}" for i in ids)
                yield q.line, f"「{q.title}」讲 {topic}，**参考** 里要引用原论文（{want}），写论文标题和 arXiv 编号"
