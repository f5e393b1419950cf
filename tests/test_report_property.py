"""Property: the report accounts for every item the splitter found — nothing silently lost."""

import json
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mianjing.cli import main
from mianjing.model import Note
from mianjing.read import normalise
from mianjing.split import split

ROOT = Path(__file__).resolve().parent.parent
WORDS = ["注意力", "LoRA", "显存", "为什么", "如何", "RAG", "BERT", "位置编码", "？", "⭐", "<u>", "</u>"]

text_piece = st.lists(st.sampled_from(WORDS), min_size=0, max_size=6).map("".join)
entry = st.one_of(
    st.tuples(st.just("q"), text_piece, st.lists(text_piece, max_size=3)),
    st.tuples(st.just("ph"), st.sampled_from(["？", "?", "/", "、", ""]), st.just([])),
    st.tuples(st.just("sec"), st.sampled_from(["1 Transformer", "LLM", "HR面", "RAG"]), st.just([])),
)


def render(entries) -> str:
    out, n = [], 1
    for kind, text, answers in entries:
        if kind == "sec":
            out += [f"# {text}", ""]
            continue
        out += [f"{n}. {text}", ""] + [f"   {a}" for a in answers if a] + [""]
        n += 1
    return "\n".join(out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(entry, min_size=1, max_size=25))
def test_report_accounts_for_every_split_item(tmp_path, entries):
    site = tmp_path / "site"
    shutil.rmtree(site, ignore_errors=True)
    (site / "docs").mkdir(parents=True)
    note = site / "300_prop.txt"
    note.write_text(render(entries), encoding="utf-8")
    items = split(Note(str(note), note.name, normalise(note.read_text(encoding="utf-8")).split("\n")))
    assert main(["import", str(note), "--docs", str(site / "docs"), "--mkdocs", "",
                 "--report", str(site / "report.json")]) == 0
    report = json.loads((site / "report.json").read_text(encoding="utf-8"))["entries"]
    assert sorted(e["line"] for e in report) == sorted(it.line for it in items)
    landed = {(e["page"], e["anchor"]) for e in report if e["outcome"] != "dropped"}
    for page, anchor in landed:
        assert f"{{#{anchor}}}" in (site / "docs" / f"{page}.md").read_text(encoding="utf-8")
