"""Answer completeness rules (mianjing.lint.answers) and the notebook-output rule of `mianjing check`."""

import json
import re
from pathlib import Path

from mianjing import lint
from mianjing.lint.answers import papers
from mianjing.lint.core import Context
from mianjing.lint.notebooks import notebooks_without_outputs
from mianjing.page import parse

ROOT = Path(__file__).resolve().parent.parent
LONG = "解释正文。" * 30  # 150 characters: a real answer, not a stub
ANSWER_CODES = {"E-STUB", "E-KEYPOINTS", "E-ANSWER", "E-REFS", "E-PLACEHOLDER"}


def question(body: str, title: str = "一道题") -> str:
    return f"## {title} {{#q}}\n\n重要度：★☆☆ ｜ 来源：004 ｜ 标签：A\n{{ .q-meta }}\n\n{body}\n"


def problems(text: str):
    page = parse(text, "llm/x.md")
    found = lint.run_page_rules(page, Context(docs=ROOT / "docs", shown="x.md"))
    return [p for p in found if p.code in ANSWER_CODES]


def codes(text: str) -> list[str]:
    return sorted(p.code for p in problems(text))


def test_complete_answer_passes():
    assert codes(question(f"**要点**\n\n- 要点。\n\n**解答**\n\n{LONG}")) == []


def test_short_answer_is_a_stub():
    assert codes(question("**要点**\n\n- 要点。\n\n**解答**\n\n太短。")) == ["E-STUB"]


def test_pending_admonition_is_a_stub_even_when_long():
    body = f'!!! warning "待补充"\n\n    只有提纲。\n\n**要点**\n\n- 要点。\n\n**解答**\n\n{LONG}'
    assert codes(question(body)) == ["E-STUB"]


def test_any_admonition_titled_pending_is_the_stub_marker():
    """`??? note "待补充"` used to silence E-PLACEHOLDER without counting as a stub."""
    body = '??? note "待补充"\n\n    ？'
    assert codes(question(body)) == ["E-ANSWER", "E-KEYPOINTS", "E-STUB"]


def test_missing_keypoints_and_answer_headings():
    assert codes(question(LONG)) == ["E-ANSWER", "E-KEYPOINTS"]


def test_labels_inside_a_code_fence_do_not_count():
    body = f"```markdown\n**要点**\n\n**解答**\n```\n\n{LONG}"
    assert codes(question(body)) == ["E-ANSWER", "E-KEYPOINTS"]


def test_topic_with_a_paper_must_cite_it():
    body = f"**要点**\n\n- 要点。\n\n**解答**\n\n{LONG}"
    assert codes(question(body, "LoRA 的 B 矩阵为什么初始化为 0？")) == ["E-REFS"]
    cited = body + "\n\n**参考**\n\n- LoRA: Low-Rank Adaptation of Large Language Models（arXiv:2106.09685）"
    assert codes(question(cited, "LoRA 的 B 矩阵为什么初始化为 0？")) == []


def test_topic_patterns_see_latin_words_between_chinese():
    body = f"**要点**\n\n- 要点。\n\n**解答**\n\n{LONG}"
    found = [p.message for p in problems(question(body, "BN和LN的区别？")) if p.code == "E-REFS"]
    assert len(found) == 2  # BatchNorm and LayerNorm
    # QLoRA is its own topic, not LoRA; "zero-shot" is not ZeRO
    found = [p.message for p in problems(question(body, "QLoRA 与 zero-shot"))]
    assert len(found) == 1 and "QLoRA" in found[0]


def test_every_paper_entry_is_well_formed():
    for topic, pattern, ids in papers():
        assert topic and pattern.pattern and ids
        assert all(re.fullmatch(r"\d{4}\.\d{4,5}", i) for i in ids), (topic, ids)


def _notebook_problems(tmp_path):
    (tmp_path / "docs").mkdir(exist_ok=True)
    return list(notebooks_without_outputs({}, Context(docs=tmp_path / "docs")))


def _notebook(tmp_path, outputs, count):
    cell = {"cell_type": "code", "metadata": {}, "source": "1 + 1", "outputs": outputs, "execution_count": count}
    nb = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "notebooks").mkdir(exist_ok=True)
    (tmp_path / "notebooks" / "x.ipynb").write_text(json.dumps(nb), encoding="utf-8")


def test_notebook_without_outputs_passes(tmp_path):
    _notebook(tmp_path, [], None)
    assert _notebook_problems(tmp_path) == []


def test_notebook_with_outputs_fails(tmp_path):
    _notebook(tmp_path, [{"output_type": "stream", "name": "stdout", "text": "2"}], 1)
    ((shown, line, message),) = _notebook_problems(tmp_path)
    assert shown == "notebooks/x.ipynb" and "清空输出" in message


def test_broken_notebook_fails(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "y.ipynb").write_text("{", encoding="utf-8")
    assert len(_notebook_problems(tmp_path)) == 1


def test_committed_notebooks_have_no_outputs():
    assert list(notebooks_without_outputs({}, Context(docs=ROOT / "docs"))) == []
