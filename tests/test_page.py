"""The page model (mianjing.page): what is a question, its meta line, blocks, fences and links."""

from mianjing.page import (META_ATTR, heading_line, is_question_page, meta_lines, parse, parse_meta,
                           stub_lines)

PAGE = """---
title: 测试页
tags:
  - 测试
---

# 测试页

一句话摘要，
第二行也是摘要。

## 第一道题 {#first}

重要度：★★★ ｜ 来源：002、补充 ｜ 标签：LoRA、初始化
{ .q-meta }

**要点**

- 要点一。

**解答**

正文，见 [:material-notebook: 可运行代码：LoRA 层](../notebooks/lora.ipynb)。

页面格式的例子（不是题目）：

```markdown
## 示例标题 {#example}

重要度：★☆☆ ｜ 来源：001 ｜ 标签：例子
{ .q-meta }

**要点**

[链接](../notebooks/rope.ipynb)
```

!!! note "提示"

    ```python
    # 示意：需要 vllm，测试不运行
    import vllm
    ```

    `[不是链接](../notebooks/softmax.ipynb)`

**参考**

- 论文（arXiv:2106.09685）

## 第二道题 {#second}

重要度：★☆☆ ｜ 来源：004 ｜ 标签：A
{ .q-meta }

??? note "待补充"

    只有题目。

### 小标题 {#sub}

```python
x = 1
```
"""


def test_questions_are_top_level_h2_outside_fences():
    page = parse(PAGE, "peft/lora.md")
    assert [q.id for q in page.questions] == ["first", "second"]
    assert page.title == "测试页" and page.summary == "一句话摘要， 第二行也是摘要。"
    assert [i for i, _ in page.ids] == ["first", "second", "sub"]   # `example` is inside a fence


def test_meta_blocks_fences_links():
    first, second = parse(PAGE, "peft/lora.md").questions
    assert first.meta_ok and (first.meta.importance, first.meta.sources, first.meta.tags) == (3, ["002", "补充"], ["LoRA", "初始化"])
    assert list(first.blocks) == ["要点", "解答", "参考"]
    assert first.blocks["要点"].text.strip() == "- 要点一。"
    assert "arXiv:2106.09685" in first.blocks["参考"].text
    assert first.notebooks == ["lora"]          # not rope (in a fence), not softmax (in code)
    langs = [(f.lang, f.illustrative, f.runnable) for f in first.fences]
    assert langs == [("markdown", False, False), ("python", True, False)]
    assert not first.stub and second.stub       # any admonition titled 待补充
    assert [(f.lang, f.runnable, f.body) for f in second.fences] == [("python", True, "x = 1")]
    assert second.end == len(PAGE.split("\n"))  # h3 does not end a question


def test_only_question_pages_have_questions():
    assert parse(PAGE, "about/format.md").questions == []
    assert parse(PAGE, "llm/index.md").questions == []
    assert parse(PAGE).questions == [] and len(parse(PAGE, questions=True).questions) == 2
    assert is_question_page("llm/models.md") and not is_question_page("notebooks/index.md")
    assert not is_question_page("index.md") and not is_question_page("llm/sub/x.md")


def test_writer_and_reader_agree():
    text = "\n".join([heading_line("标题", "q-id"), "", *meta_lines(2, ["001", "004"], ["A", "B"]), "",
                      "**解答**", "", *stub_lines("缺解答。")])
    (q,) = parse(text, questions=True).questions
    assert q.id == "q-id" and q.meta_ok and q.stub and q.meta.tags == ["A", "B"]
    assert meta_lines(1, ["x"], ["y"])[1] == META_ATTR


def test_malformed_meta_is_found_but_not_ok():
    text = "## 题 {#q}\n\n重要度：★★ ｜ 来源：004 ｜ 标签：A\n{ .q-meta }\n\n**解答**\n"
    (q,) = parse(text, questions=True).questions
    assert not q.meta_ok and q.meta is None and q.meta_found.startswith("重要度")
    assert all(not ln.raw.startswith("重要度") for ln in q.content)


def test_parse_meta():
    assert parse_meta("重要度：★★☆ ｜ 来源：004 ｜ 标签：A、B").tags == ["A", "B"]
    for bad in ("重要度：★★★★ ｜ 来源：004 ｜ 标签：A", "重要度：★★☆ | 来源：004 | 标签：A", "重要度：★★☆ ｜ 来源：004"):
        assert parse_meta(bad) is None, bad


def test_unclosed_fence_and_math_are_structural_problems():
    page = parse("# t\n\n行内 $`x 没闭合\n\n```python\nprint(1)\n", "llm/x.md")
    assert sorted(code for _, code, _ in page.problems) == ["E-FENCE-UNCLOSED", "E-MATH-UNCLOSED"]
    assert page.fences[0].closed is False
