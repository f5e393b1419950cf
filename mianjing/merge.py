"""Stage 5: merge duplicate questions (same concept, or near-identical text) into one Question."""

from __future__ import annotations

import re
from collections import defaultdict

from .model import Item, Question

THRESHOLD = 0.8            # Dice similarity of character bigrams; see tests/test_merge.py
STATUS_RANK = {"answered": 0, "outline": 1, "image-only": 2, "unanswered": 3}
FILLER = re.compile(r"请|简述|简单|介绍一下|解释一下|解释|谈谈|讲讲|讲一下|说一下|吗|呢|的")
MIN_FUZZY = 8              # short titles ("LLaVA" vs "LLaVA-1.5") only merge when identical


def normalise(title: str) -> str:
    t = re.sub(r"^[^：:?？]{1,16}[：:]", "", title.lower())   # "VLM模型架构：" context prefix
    t = FILLER.sub("", t)
    return re.sub(r"[\W_]+", "", t)


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two normalised titles."""
    x, y = bigrams(normalise(a)), bigrams(normalise(b))
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def completeness(item: Item) -> tuple:
    return (STATUS_RANK.get(item.status, 9), -len(item.body), item.note, item.line)


def stars(items: list[Item]) -> int:
    n = 1 + (any(it.stars for it in items)) + (len({it.note for it in items}) >= 2)
    return min(3, n)


def merge(items: list[Item]) -> list[Question]:
    """Group kept items; sources[0] of each Question is its most complete answer."""
    kept = [it for it in items if not it.dropped]
    parent = list(range(len(kept)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    first: dict[str, int] = {}
    for i, it in enumerate(kept):
        for key in ([f"c:{it.concept}"] if it.concept else []) + [f"t:{normalise(it.title)}"]:
            if key in first:
                union(first[key], i)
            else:
                first[key] = i
    # fuzzy pass inside each page (pages are small; a huge page is skipped to stay linear-ish)
    by_page: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(kept):
        by_page[it.page].append(i)
    for idx in by_page.values():
        if len(idx) > 600:
            continue
        grams = {i: bigrams(normalise(kept[i].title)) for i in idx
                 if len(normalise(kept[i].title)) >= MIN_FUZZY}
        idx = [i for i in idx if i in grams]
        for n, i in enumerate(idx):
            for j in idx[n + 1:]:
                x, y = grams[i], grams[j]
                if x and y and 2 * len(x & y) / (len(x) + len(y)) >= THRESHOLD:
                    union(i, j)
    groups: dict[int, list[Item]] = defaultdict(list)
    for i, it in enumerate(kept):
        groups[find(i)].append(it)
    questions = []
    for members in groups.values():
        members.sort(key=completeness)
        primary = members[0]
        others = sorted(members[1:], key=lambda it: (it.note, it.line))
        questions.append(Question(
            qid=primary.concept or primary.qid, title=primary.canonical or primary.title, section=primary.section,
            page=primary.page, sources=[primary, *others], tags=primary.tags,
            stars=stars(members), concept=primary.concept))
    questions.sort(key=lambda q: min((it.note, it.line) for it in q.sources))
    return questions
