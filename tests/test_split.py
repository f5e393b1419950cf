import pytest

from mianjing.model import Note, NoteError
from mianjing.split import split


def note(text, name="900_t.txt"):
    return Note(path=name, name=name, lines=text.split("\n"))


def test_numbered_items_sections_and_wrapped_question():
    items = split(note("# 1 Transformer\n\n1. <u>Q1？</u>\n\n   answer one\n\n"
                       "2. 除了A，\n    还有B吗？\n\n    answer two\n3. ？\n"))
    qs = [(i.kind, i.line, i.question) for i in items]
    assert qs == [("question", 3, "<u>Q1？</u>"), ("question", 7, "除了A，还有B吗？"), ("question", 11, "？")]
    assert items[0].context == ["Transformer"]
    assert [t for _, t in items[1].answer if t.strip()] == ["    answer two"]


def test_numbered_section_intro_and_references():
    items = split(note("# HR面\n\n面试官您好，我是 XX。\n\n1. 反问\n\n   部门多大\n\n   【参考】\n\n   https://x.y/z\n"))
    assert [i.kind for i in items] == ["intro", "question", "residue"]


def test_headings_leaf_is_question_parent_is_structure():
    items = split(note("好的，这是一份很专业的题目。下面我将为你解答。\n\n## 一、CV\n### 2. Backbone\n"
                       "#### (1)简述ViT\n\n答\n\n### 算法题手撕\n#### 1. 全排列\n代码\n"))
    assert [(i.kind, i.question) for i in items] == [
        ("preamble", ""), ("question", "(1)简述ViT"), ("question", "1. 全排列")]
    assert items[1].context == ["一、CV", "2. Backbone"]
    assert items[2].context == ["一、CV", "算法题手撕"]


def test_headings_inside_code_fence_are_not_questions():
    items = split(note("### 1. 代码题\n```python\n# comment\n## not a heading\n```\n### 2. 下一题\n答\n"))
    assert [i.question for i in items] == ["1. 代码题", "2. 下一题"]


def test_qa_outline_questions_and_residue():
    text = ("【面经】题目\n知识体系框架\n- 基础:DL\n-\nTransformer架构:注意力\n常见题\n基础知识\n"
            "Q: What is X?\nX is y.\nWhat is NMS? How does Soft-NMS differ?\nNMS removes boxes.\n"
            "LLM\n请解释LoRA的核心思想，它如何做到参数高效?\n更多推荐\n所有评论(0)")
    items = split(note(text))
    kinds = [(i.kind, i.question) for i in items]
    assert kinds[:4] == [("residue", "【面经】题目"), ("outline", "知识体系框架"), ("outline", "基础:DL"),
                         ("outline", "Transformer架构:注意力")]
    qs = [i for i in items if i.kind == "question"]
    assert [q.question for q in qs] == ["What is X?", "What is NMS? How does Soft-NMS differ?",
                                        "请解释LoRA的核心思想，它如何做到参数高效?"]
    assert qs[0].context == ["基础知识"] and qs[2].context == ["LLM"]
    assert [i.kind for i in items[-2:]] == ["residue", "residue"]


def test_unclosed_fence_is_an_error_with_line():
    with pytest.raises(NoteError) as err:
        split(note("1. 问题\n\n   ```python\n   x = 1\n"))
    assert err.value.line == 3
