"""Stage 7: notes/import-report.json — one entry for every source item, deterministic."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .model import Item, Question

LANDED = ("new", "merged")


def question_text(item: Item) -> str:
    return item.title or item.question.strip()[:200]


def key(item: Item) -> tuple[str, int, str]:
    """How a report entry is matched to an item on re-import."""
    return (item.note, item.line, question_text(item))


def entry(item: Item, outcome: str, page: str = "", anchor: str = "", merged_into: str = "") -> dict:
    """The report never holds personal text: titles are already redacted, redactions are kinds."""
    return {
        "note": item.note,
        "line": item.line,
        "question": question_text(item),
        "outcome": outcome,
        "reason": item.dropped or "",
        "status": item.status,
        "page": page,
        "anchor": anchor,
        "merged_into": merged_into,
        "removed_images": list(item.removed_images),
        "redactions": list(item.redactions),
    }


def load(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return json.loads(path.read_text(encoding="utf-8")).get("entries", [])


def dump(entries: list[dict]) -> str:
    entries = sorted(entries, key=lambda e: (e["note"], e["line"], e["question"], e["outcome"]))
    doc = {"generated_by": "python -m mianjing import", "entries": entries}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def summary(items: list[Item], questions: list[Question], entries: list[dict]) -> str:
    notes = {it.note for it in items}
    mine = [e for e in entries if e["note"] in notes]
    outcomes = Counter(e["outcome"] for e in mine)
    dropped = Counter(e["reason"] for e in mine if e["outcome"] == "dropped")
    status = Counter(q.sources[0].status for q in questions)
    kept = sum(1 for it in items if not it.dropped)
    images = sum(len(it.removed_images) for it in items)
    lines = [
        f"items: {len(items)} ({kept} questions, {len(items) - kept} dropped) from {len(notes)} note(s)",
        f"unique questions: {len(questions)} — new {outcomes['new']}, merged {outcomes['merged']}, "
        f"existing {outcomes['existing']}",
        "dropped: " + (", ".join(f"{k} {v}" for k, v in sorted(dropped.items())) or "none"),
        "answer status: " + ", ".join(f"{k} {status[k]}" for k in ("answered", "outline", "image-only", "unanswered")),
        f"images removed: {images}",
        f"this run: {sum(q.outcome != 'existing' for q in questions)} question(s) added to docs/, "
        f"{sum(q.outcome == 'existing' for q in questions)} already there (left untouched)",
    ]
    return "\n".join(lines)
