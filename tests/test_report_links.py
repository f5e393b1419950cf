"""The committed import report stays true: every landed question points at a live page#anchor.

Ids are frozen once published; if a page is edited so that an id disappears, the report (and every
external link) breaks — this test says which entry and where.
"""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADING_ID = re.compile(r"^## .+ \{#([a-z0-9-]+)\}\s*$", re.M)


def test_every_landed_entry_points_at_a_live_anchor():
    entries = json.loads((ROOT / "notes/import-report.json").read_text(encoding="utf-8"))["entries"]
    landed = [e for e in entries if e["outcome"] != "dropped"]
    assert landed
    broken = []
    for e in landed:
        page = ROOT / "docs" / f"{e['page']}.md"
        ids = set(HEADING_ID.findall(page.read_text(encoding="utf-8"))) if page.is_file() else set()
        if e["anchor"] not in ids or (e["merged_into"] and e["merged_into"] not in ids):
            broken.append(f"{e['note']}:{e['line']} → {e['page']}#{e['anchor']}")
    assert broken == [], "\n".join(broken)


def test_every_note_item_is_in_the_report():
    entries = json.loads((ROOT / "notes/import-report.json").read_text(encoding="utf-8"))["entries"]
    notes = {p.name for p in (ROOT / "notes").glob("*.txt")}
    assert {e["note"] for e in entries} == notes
    assert all(e["reason"] for e in entries if e["outcome"] == "dropped")
