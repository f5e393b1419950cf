"""Answer completeness rules (mianjing.answers) and the notebook-output rule of `mianjing check`."""

import json
import re

from mianjing import answers, check

LONG = "解释正文。" * 30  # 150 characters: a real answer, not a stub


def question(body: str, title: str = "一道题") -> str:
    return f"## {title} {{#q}}\n\n重要度：★☆☆ ｜ 来源：004 ｜ 标签：A\n{{ .q-meta }}\n\n{body}\n"


def codes(text: str) -> list[str]:
    return sorted(code for _, code, _ in answers.problems(text))


def test_complete_answer_passes():
    assert codes(question(f"**要点**\n\n- 要点。\n\n**解答**\n\n{LONG}")) == []


def test_short_answer_is_a_stub():
    assert codes(question("**要点**\n\n- 要点。\n\n**解答**\n\n太短。")) == ["E-STUB"]


def test_pending_admonition_is_a_stub_even_when_long():
    body = f'!!! warning "待补充"\n\n    原笔记只有提纲。\n\n**要点**\n\n- 要点。\n\n**解答**\n\n{LONG}'
    assert codes(question(body)) == ["E-STUB"]


def test_missing_keypoints_and_answer_headings():
    assert codes(question(LONG)) == ["E-ANSWER", "E-KEYPOINTS"]


def test_topic_with_a_paper_must_cite_it():
    body = f"**要点**\n\n- 要点。\n\n**解答**\n\n{LONG}"
    assert codes(question(body, "LoRA 的 B 矩阵为什么初始化为 0？")) == ["E-REFS"]
    cited = body + "\n\n**参考**\n\n- LoRA: Low-Rank Adaptation of Large Language Models（arXiv:2106.09685）"
    assert codes(question(cited, "LoRA 的 B 矩阵为什么初始化为 0？")) == []


def test_topic_patterns_see_latin_words_between_chinese():
    body = f"**要点**\n\n- 要点。\n\n**解答**\n\n{LONG}"
    found = [msg for _, code, msg in answers.problems(question(body, "BN和LN的区别？")) if code == "E-REFS"]
    assert len(found) == 2  # BatchNorm and LayerNorm
    # QLoRA is its own topic, not LoRA; "zero-shot" is not ZeRO
    found = [msg for _, _, msg in answers.problems(question(body, "QLoRA 与 zero-shot"))]
    assert len(found) == 1 and "QLoRA" in found[0]


def test_every_paper_entry_is_well_formed():
    for topic, pattern, ids in answers.papers():
        assert topic and pattern.pattern and ids
        assert all(re.fullmatch(r"\d{4}\.\d{4,5}", i) for i in ids), (topic, ids)


def _notebook(tmp_path, outputs, count):
    cell = {"cell_type": "code", "metadata": {}, "source": "1 + 1", "outputs": outputs, "execution_count": count}
    nb = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "x.ipynb").write_text(json.dumps(nb), encoding="utf-8")


def test_notebook_without_outputs_passes(tmp_path):
    _notebook(tmp_path, [], None)
    assert check.check_notebooks(tmp_path) == []


def test_notebook_with_outputs_fails(tmp_path):
    _notebook(tmp_path, [{"output_type": "stream", "name": "stdout", "text": "2"}], 1)
    (problem,) = check.check_notebooks(tmp_path)
    assert problem.code == "E-NOTEBOOK" and "清空输出" in problem.message


def test_broken_notebook_fails(tmp_path):
    (tmp_path / "y.ipynb").write_text("{", encoding="utf-8")
    assert [p.code for p in check.check_notebooks(tmp_path)] == ["E-NOTEBOOK"]


def test_committed_notebooks_have_no_outputs():
    assert check.check_notebooks(check.Path(__file__).resolve().parent.parent / "notebooks") == []
