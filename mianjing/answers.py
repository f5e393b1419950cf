"""Answer completeness, part of `mianjing check` (the editorial rules of docs/about/format.md §2).

``E-STUB``       the answer is shorter than MIN_ANSWER_CHARS or still carries the 待补充 admonition
``E-KEYPOINTS``  no ``**要点**`` block (what to say in the first 30 seconds)
``E-ANSWER``     no ``**解答**`` block
``E-REFS``       the heading names a topic with a primary paper (papers.yml) that ``**参考**`` does not cite
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

MIN_ANSWER_CHARS = 120          # of prose after the meta line: below that it is a stub
QUESTION_RE = re.compile(r"^## (.+?) \{#([a-z0-9-]+)\}\s*$")
STUB_RE = re.compile(r'^!!! warning "待补充"', re.M)
REFS_RE = re.compile(r"^\*\*参考\*\*\s*$(.*)", re.M | re.S)
PAPERS = Path(__file__).with_name("papers.yml")


@lru_cache(maxsize=1)
def papers() -> list[tuple[str, re.Pattern, list[str]]]:
    data = yaml.safe_load(PAPERS.read_text(encoding="utf-8"))
    # re.A: `\b` must see a boundary between Chinese and Latin ("BN和LN的区别")
    return [(p["topic"], re.compile(p["pattern"], re.I | re.A), list(p["arxiv"])) for p in data]


def questions(text: str) -> list[tuple[int, str, str]]:
    """(line number of the heading, heading title, body) for every `## … {#id}` question."""
    lines = text.splitlines()
    starts = [(i, m.group(1)) for i, ln in enumerate(lines) if (m := QUESTION_RE.match(ln))]
    out = []
    for k, (i, title) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        out.append((i + 1, title, "\n".join(lines[i + 1 : end])))
    return out


def _prose_chars(body: str) -> int:
    body = re.sub(r"^.*\{ \.q-meta \}\s*$", "", body, flags=re.M)
    body = re.sub(r"^重要度：.*$", "", body, flags=re.M)
    return len(re.sub(r"\s+", "", body))


def problems(text: str) -> list[tuple[int, str, str]]:
    """(line, code, message) for every incomplete answer on a question page."""
    out = []
    for line, title, body in questions(text):
        if STUB_RE.search(body) or _prose_chars(body) < MIN_ANSWER_CHARS:
            out.append((line, "E-STUB", f"「{title}」还是待补充的草稿：写出完整解答并删掉「待补充」提示块"))
        if not re.search(r"^\*\*要点\*\*\s*$", body, re.M):
            out.append((line, "E-KEYPOINTS", f"「{title}」缺少 **要点**：先用 2–4 条要点写出面试时前 30 秒要说的话"))
        if not re.search(r"^\*\*解答\*\*\s*$", body, re.M):
            out.append((line, "E-ANSWER", f"「{title}」缺少 **解答** 小标题"))
        refs = REFS_RE.search(body)
        cited = refs.group(1) if refs else ""
        for topic, pattern, ids in papers():
            if pattern.search(title) and not any(i in cited for i in ids):
                want = " 或 ".join(f"arXiv:{i}" for i in ids)
                out.append((line, "E-REFS", f"「{title}」讲 {topic}，**参考** 里要引用原论文（{want}），写论文标题和 arXiv 编号"))
    return out
