"""Golden tests on the real (scrubbed) notes in notes/.

The expected numbers come from reading the notes by hand, not from the program:

* 000 — 9 `### **N. …**` questions; the chatbot preamble (line 1) is dropped; the
  self-introduction is a "[你的名字]" template with nothing personal, so it is kept.
* 001 — 15 questions: 6 `Q:` lines, "What is NMS? …" (bare, with an answer), and 8 Chinese
  questions … of which 6 have no answer at all (lines 85, 86, 90, 91, 95, 96); the outline is
  the "知识体系框架" header plus 31 bullets (4 top-level "- x" lines and 27 texts after a bare
  "-"); residue: the page title, "更多推荐", "所有评论(0)".
* 002 — 28 leaf headings (4 under 一、CV, 11 under 二、Transformer, 13 under 三、大模型); "❓2"
  (line 34) is unanswered; lines 49/69/81 are answered by an image only; 7 `assets/` images.
* 003 — 11 questions ("### 3.…" to "### 8.", two under 算法题手撕, the unnumbered 去重 one,
  "### 4."/"### 5." again); the preamble is dropped.
* 004 — 48 placeholders ("？", "?", "/", "、", empty numbered items; counted per section:
  5+5+6+7+2+4+7+3+3+6); 218 numbered/heading questions (31 Transformer, 30 LLM, 41 BERT,
  5 DeepSeek, 8 RAG, 3 数据库, 6 数据结构, 69 网友, 9 HR, 15 Python, plus "## CRF") and the HR
  self-introduction (templated in the scrubbed note, so kept); residue: the image under
  "# 1 Transformer" and two 【参考】 blocks; the 手撕 section is a topic list (outline);
  7 unanswered (生成式模型, 特殊信息 RAG, NOSQL, 数据清洗流程, 质量过滤, PPO 4 个模型, 投机采样);
  18 `assets/` images + 1 hot-linked image.
"""

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from mianjing.cli import main

ROOT = Path(__file__).resolve().parent.parent
NOTES = sorted((ROOT / "notes").glob("[0-9][0-9][0-9]_*.txt"))


SECTIONS = ("ml-basics", "transformer", "position", "nlp", "llm", "pretrain-sft", "peft",
            "alignment", "training", "inference", "decoding", "rag", "multimodal", "cs", "hr")


@pytest.fixture
def site(tmp_path):
    # a copy of docs/ without generated question pages, as before the first import
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns(*SECTIONS))
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def run(site, notes, *extra):
    args = ["import", *map(str, notes), "--docs", str(site / "docs"), "--mkdocs", str(site / "mkdocs.yml"),
            "--report", str(site / "report.json"), *extra]
    return main(args)


def entries(site, prefix):
    data = json.loads((site / "report.json").read_text(encoding="utf-8"))["entries"]
    return [e for e in data if e["note"].startswith(prefix)]


def snapshot(root: Path) -> dict:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


GOLDEN = {
    # note: (questions, dropped by reason, unanswered, image-only, removed images)
    "000": (9, {"preamble": 1}, 0, 0, 0),
    "001": (15, {"outline": 32, "residue": 3}, 6, 0, 0),
    "002": (28, {}, 1, 3, 7),
    "003": (11, {"preamble": 1}, 0, 0, 0),
    "004": (219, {"placeholder": 48, "residue": 3, "outline": 1}, 7, 3, 19),
}


@pytest.mark.parametrize("prefix", sorted(GOLDEN))
def test_golden_counts_per_note(site, prefix):
    note = next(n for n in NOTES if n.name.startswith(prefix))
    assert run(site, [note]) == 0
    es = entries(site, prefix)
    questions, dropped, unanswered, image_only, images = GOLDEN[prefix]
    assert sum(e["outcome"] != "dropped" for e in es) == questions
    assert dict(Counter(e["reason"] for e in es if e["outcome"] == "dropped")) == dropped
    assert sum(e["status"] == "unanswered" for e in es) == unanswered
    assert sum(e["status"] == "image-only" for e in es) == image_only
    assert sum(len(e["removed_images"]) for e in es) == images


def test_all_notes_merge_duplicates_and_leave_no_raw_markup(site, capsys):
    assert run(site, NOTES) == 0
    es = entries(site, "")
    outcomes = Counter(e["outcome"] for e in es)
    assert outcomes["new"] + outcomes["merged"] == 282
    # "why divide by √d_k" appears four times (004 twice, 002, 001): one question
    scaling = [e for e in es if e["anchor"] == "attention-scaling"]
    assert len(scaling) == 4 and {e["note"][:3] for e in scaling} == {"001", "002", "004"}
    pages = {p: p.read_text(encoding="utf-8") for p in (site / "docs").glob("*/*.md")
             if p.parent.name in SECTIONS}
    text = "\n".join(pages.values())
    for bad in ("<u>", "⭐", "❓", "assets/", "chksm", "mpshare", "xhslink", "**回答", "](http://xhs"):
        assert bad not in text, bad
    assert "$`\\sqrt{d_k}`$" not in "".join(l for l in text.split("\n") if l.startswith("## "))
    assert "unique questions: 250" in capsys.readouterr().out


def test_reimport_changes_no_byte(site):
    assert run(site, NOTES) == 0
    before = snapshot(site)
    assert run(site, NOTES) == 0
    assert snapshot(site) == before
    assert run(site, [NOTES[4]]) == 0   # one note alone: same entries, same pages
    assert snapshot(site) == before


def test_new_note_adds_only_new_questions_and_links_duplicates(site, tmp_path):
    assert run(site, NOTES) == 0
    pages_before = {p: p.read_text(encoding="utf-8") for p in (site / "docs").glob("*/*.md")}
    new = tmp_path / "005_new.txt"
    new.write_text("### 1. 为什么要除以根号dk？\n\n为了让方差为 1。\n\n"
                   "### 2. Lora的秩为什么可以比较低？\n\n预训练权重本身低秩。\n\n"
                   "### 3. 什么是梯度累积（gradient accumulation）？\n\n多步累积梯度后再更新。\n",
                   encoding="utf-8")
    assert run(site, [new]) == 0
    es = {e["line"]: e for e in entries(site, "005")}
    assert es[1]["outcome"] == "existing" and es[1]["anchor"] == "attention-scaling"
    assert es[5]["outcome"] == "existing" and es[5]["page"] == "peft/lora"
    assert es[9]["outcome"] == "new"
    changed = [p for p in (site / "docs").glob("*/*.md") if p.read_text(encoding="utf-8") != pages_before.get(p)]
    page = site / "docs" / (es[9]["page"] + ".md")
    assert page in changed
    text = page.read_text(encoding="utf-8")
    assert text.startswith(pages_before[page].rstrip("\n"))          # appended, nothing rewritten
    assert all(p.name == "index.md" or p == page for p in changed)
