"""Every lint rule has a stable code documented in docs/about/format.md, and every message links to it."""

import re
from pathlib import Path

from mianjing import lint
from mianjing.lint.core import guide_url
from mianjing.page import load

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "about" / "format.md"


def guide_anchors() -> set[str]:
    page = load(GUIDE, ROOT / "docs")
    return {i for i, _ in page.ids if re.fullmatch(r"[ew]-[a-z0-9-]+", i)}


def test_codes_equal_guide_anchors():
    codes = {c.lower() for c in lint.all_codes()}
    anchors = guide_anchors()
    assert codes - anchors == set(), f"rules without a section in format.md: {sorted(codes - anchors)}"
    assert anchors - codes == set(), f"sections in format.md without a rule: {sorted(anchors - codes)}"


def test_codes_are_unique_and_well_formed():
    codes = [c for r in lint.RULES for c in r.codes]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[EW]-[A-Z0-9]+(-[A-Z0-9]+)*", c) for c in codes)


def test_every_message_ends_with_its_rule_link(tmp_path):
    docs = tmp_path / "docs" / "llm"
    docs.mkdir(parents=True)
    (docs / "x.md").write_text("## 题\n\n$x$ <font>a</font> ⭐\n", encoding="utf-8")
    found = lint.check_tree(tmp_path / "docs")
    assert {p.code for p in found} >= {"E-FRONT-MATTER", "E-ID-MISSING", "E-BARE-MATH", "E-HTML", "E-MARK"}
    for p in found:
        assert p.message.endswith(" → " + guide_url(p.code)), p
    assert guide_url("E-META").endswith("/about/format/#e-meta")
