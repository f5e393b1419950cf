"""The committed import report stays true: every landed question points at a live page#anchor.

Ids are frozen once published; if a page is edited so that an id disappears, the report (and every
external link) breaks — this test says which entry and where.
"""

import json
from pathlib import Path

from mianjing.page import load

ROOT = Path(__file__).resolve().parent.parent


def test_every_landed_entry_points_at_a_live_anchor():
    entries = json.loads((ROOT / "notes/import-report.json").read_text(encoding="utf-8"))["entries"]
    landed = [e for e in entries if e["outcome"] != "dropped"]
    assert landed
    broken = []
    for e in landed:
        page = ROOT / "docs" / f"{e['page']}.md"
        ids = {q.id for q in load(page, ROOT / "docs").questions} if page.is_file() else set()
        if e["anchor"] not in ids or (e["merged_into"] and e["merged_into"] not in ids):
            broken.append(f"{e['note']}:{e['line']} → {e['page']}#{e['anchor']}")
    assert broken == [], "\n".join(broken)


def test_every_note_item_is_in_the_report():
    entries = json.loads((ROOT / "notes/import-report.json").read_text(encoding="utf-8"))["entries"]
    notes = {p.name for p in (ROOT / "notes").glob("*.txt")}
    assert {e["note"] for e in entries} == notes
    assert all(e["reason"] for e in entries if e["outcome"] == "dropped")
