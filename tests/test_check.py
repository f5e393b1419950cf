"""Unit tests for mianjing.lint: every rule on a bad and a good sample, plus the real docs/ tree."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mianjing import lint
from mianjing.lint.cli import main as check_main
from mianjing.page import NON_QUESTION_SECTIONS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

GOOD = """\
---
title: 注意力机制
---

# 注意力机制

本页收注意力相关的题。

## 为什么要除以根号 d_k？ {#attn-scale}

重要度：★★☆ ｜ 来源：002、004 ｜ 标签：注意力、Softmax
{ .q-meta }

**要点**

- 点积的方差随 $`d_k`$ 线性增大，softmax 会进入饱和区。

**解答**

```math
\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V
```

代码里的 `$HOME`、`a $ b` 和 ``x`$`y`` 都是字面量。价格 $5 和 $10 也不算公式。<br>==重点==<sub>2</sub>

```python
price = "$5"  # 字面的 $x$ 在代码里没关系
```

| 方法 | 复杂度 |
| --- | --- |
| 标准注意力 | $`O(n^2 d)`$ |

**参考**

- Attention Is All You Need（arXiv:1706.03762），代码见 https://github.com/karpathy/nanoGPT
"""


def make_docs(tmp_path: Path, pages: dict[str, str]) -> Path:
    docs = tmp_path / "docs"
    for rel, text in pages.items():
        p = docs / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
    return docs


def codes(problems, severity=None) -> list[str]:
    return sorted(p.code for p in problems if severity is None or p.severity == severity)


def page(body: str, *, qid: str = "q-one", meta: str = "重要度：★★☆ ｜ 来源：004 ｜ 标签：LoRA", complete: bool = True) -> str:
    """A valid question page whose single answer is *body*."""
    return (f"---\ntitle: 测试\n---\n\n# 测试\n\n摘要。\n\n## 一道题 {{#{qid}}}\n\n{meta}\n{{ .q-meta }}\n\n"
            f"**要点**\n\n{body}\n" + (f"\n**解答**\n\n{FILLER}\n" if complete else ""))


# a complete answer, so that tests of one rule are not disturbed by the completeness rules
FILLER = ("这一段是完整解答的占位正文，用来满足最短解答长度的要求。它说明了问题的背景、原理和结论，"
          "并给出了面试时可以展开的细节，例如适用场景、常见误区和可能的追问。长度超过一百二十个字符，"
          "因此不会被当作待补充的草稿。面试官通常会继续追问实现细节与复杂度，所以解答里也要写清楚。")


def check_one(tmp_path, text: str, rel: str = "llm/topic.md", extra: dict | None = None, **kw):
    docs = make_docs(tmp_path, {rel: text, **(extra or {})})
    return lint.check_file(docs / rel, docs, **kw)


# ------------------------------------------------------------------ good samples


def test_good_page_has_no_problems(tmp_path):
    assert check_one(tmp_path, GOOD) == []


def test_good_page_helper_is_clean(tmp_path):
    assert check_one(tmp_path, page("- 一句话答案。")) == []


def test_a_fenced_example_heading_is_not_a_question(tmp_path):
    example = "页面格式的例子：\n\n```markdown\n## 示例标题 {#example}\n\n重要度：★☆☆ ｜ 来源：001 ｜ 标签：例子\n{ .q-meta }\n\n？\n```"
    assert check_one(tmp_path, page("- 一句话答案。\n\n" + example)) == []


def test_index_and_about_pages_are_not_question_pages(tmp_path):
    free = "# 栏目\n\n摘要，没有 front matter 也没有元信息。\n\n## 小节\n\n正文。\n"
    docs = make_docs(tmp_path, {"llm/index.md": free, "about/x.md": free, "index.md": free})
    assert lint.check_tree(docs) == []


# ------------------------------------------------------------------ 1. page format


@pytest.mark.parametrize(
    "text, code",
    [
        (page("- 答").split("---\n\n", 1)[1], "E-FRONT-MATTER"),
        (page("- 答").replace("title: 测试", "tags: [a]"), "E-FRONT-MATTER"),
        (page("- 答").replace("title: 测试", "title: [broken"), "E-FRONT-MATTER"),
        (page("- 答").replace("# 测试\n", ""), "E-H1"),
        (page("- 答") + "\n# 第二个一级标题\n", "E-H1"),
        (page("- 答").replace(" {#q-one}", ""), "E-ID-MISSING"),
        (page("- 答").replace(" {#q-one}", "{#q-one}"), "E-ID-MISSING"),
        (page("- 答", qid="Q_One"), "E-ID-FORMAT"),
        (page("- 答", meta="重要度：★★★★ ｜ 来源：004 ｜ 标签：A"), "E-META"),
        (page("- 答", meta="重要度：★★ ｜ 来源：004 ｜ 标签：A"), "E-META"),
        (page("- 答", meta="重要度：★★☆ | 来源：004 | 标签：A"), "E-META"),
        (page("- 答", meta="重要度：★★☆ ｜ 来源：004"), "E-META"),
        (page("- 答").replace("{ .q-meta }\n", ""), "E-META"),
        (page("- 答").replace("\n\n重要度", "\n重要度"), "E-META"),
        (page("- 答").replace("## 一道题", "## 为什么除以 $`\\sqrt{d_k}`$"), "E-HEADING-MATH"),
    ],
)
def test_page_format_errors(tmp_path, text, code):
    assert code in codes(check_one(tmp_path, text))


def test_duplicate_ids_across_files_report_both_places(tmp_path):
    docs = make_docs(
        tmp_path,
        {
            "llm/a.md": page("- 答", qid="same-id"),
            "mm/b.md": page("- 答", qid="other") + "\n### 小标题 {#same-id}\n",
        },
    )
    dups = [p for p in lint.check_tree(docs) if p.code == "E-ID-DUP"]
    assert sorted(Path(p.path).name for p in dups) == ["a.md", "b.md"]
    assert all("same-id" in p.message for p in dups)


def test_duplicate_id_in_one_file(tmp_path):
    text = page("- 答") + "\n## 另一道 {#q-one}\n\n重要度：★☆☆ ｜ 来源：004 ｜ 标签：A\n{ .q-meta }\n\n- 答\n"
    assert codes(check_one(tmp_path, text)).count("E-ID-DUP") == 2


# ------------------------------------------------------------------ 2. math and fences


@pytest.mark.parametrize(
    "body, code",
    [
        ("- 方差是 $d_k$。", "E-BARE-MATH"),
        ("- 公式 $$x^2$$ 在这里。", "E-BARE-MATH"),
        ("    $ \\frac{a}{b} \\approx 3 $", "E-BARE-MATH"),
        ("| 公式 | $y = \\frac{x}{\\sigma}$ |", "E-BARE-MATH"),
        ("$$\nx^2\n$$", "E-BARE-MATH"),
        ("- 没闭合 $`\\sqrt{d_k}` 的公式。", "E-MATH-UNCLOSED"),
        ("```math\n$$x$$\n```", "E-BARE-MATH"),
        ("```python\nprint(1)\n", "E-FENCE-UNCLOSED"),
    ],
)
def test_math_errors(tmp_path, body, code):
    assert code in codes(check_one(tmp_path, page(body)))


@pytest.mark.parametrize(
    "body",
    [
        "- 方差是 $`d_k`$，含反引号的 $``a`b``$ 也行。",
        "```math\nx^2 + $`y`$\n```",
        "- 字面量 `$x$` 和 \\$5 以及 $5 与 $10。",
        "```bash\necho $HOME $PATH\n```",
        "~~~text\n$x$\n~~~",
    ],
)
def test_math_ok(tmp_path, body):
    assert check_one(tmp_path, page(body)) == []


# ------------------------------------------------------------------ tags


@pytest.mark.parametrize("tags, message", [("lora", "请写成「LoRA」"), ("kv-cache", "请写成「KV Cache」"),
                                           ("cosin", "不在 mianjing/tags.yml"), ("LoRA、显存、量化、微调", "最多 3 个")])
def test_tag_errors(tmp_path, tags, message):
    (p,) = check_one(tmp_path, page("- 答", meta=f"重要度：★★☆ ｜ 来源：004 ｜ 标签：{tags}"))
    assert p.code == "E-TAG" and message in p.message


# ------------------------------------------------------------------ code blocks


@pytest.mark.parametrize(
    "body",
    ["```py\nx = 1\n```", "```python3\nx = 1\n```", "```\nx = 1\n```",
     "```python\n# 示意\nimport vllm\n```"],
)
def test_code_block_errors(tmp_path, body):
    assert codes(check_one(tmp_path, page(body))) == ["E-CODE"]


@pytest.mark.parametrize(
    "body",
    ["```python\nx = 1\n```", "```python\n# 示意：需要 vllm 与 GPU，测试不运行\nimport vllm\n```",
     '=== "Java"\n\n    ```java\n    int x = 1;\n    ```'],
)
def test_code_block_ok(tmp_path, body):
    assert check_one(tmp_path, page(body)) == []


def test_table_header_cells_are_not_empty(tmp_path):
    table = "| {} | A | B |\n| --- | --- | --- |\n| 行 | 1 | 2 |\n|  | 3 | 4 |"
    assert codes(check_one(tmp_path, page(table.format(" ")))) == ["E-TABLE-HEADER"]
    assert check_one(tmp_path, page(table.format("维度"))) == []   # an empty body cell is fine


# ------------------------------------------------------------------ 3. raw HTML


@pytest.mark.parametrize(
    "body, code",
    [
        ("- <script>alert(1)</script>", "E-HTML-UNSAFE"),
        ('- <iframe src="https://a.com"></iframe>', "E-HTML-UNSAFE"),
        ("- <style>p{}</style>", "E-HTML-UNSAFE"),
        ('- <span onclick="x()">y</span>', "E-HTML-UNSAFE"),
        ('- <a href="javascript:alert(1)">x</a>', "E-HTML-UNSAFE"),
        ("- [x](javascript:alert(1))", "E-HTML-UNSAFE"),
        ("- <font color=red>红</font>", "E-HTML"),
        ('- <img src="a.png">', "E-HTML"),
        ("- 泛型 List<int> 要放进代码。", "E-HTML"),
    ],
)
def test_html_errors(tmp_path, body, code):
    assert code in codes(check_one(tmp_path, page(body)))


@pytest.mark.parametrize(
    "body",
    [
        "- 换行<br>上标<sup>2</sup>下标<sub>i</sub><kbd>Ctrl</kbd><mark>亮</mark>",
        "<details><summary>展开</summary>\n\n内容。\n\n</details>",
        '- <a href="https://arxiv.org/abs/1706.03762">论文</a> <span class="x">y</span>',
        "- 代码 `<script>` 和 `List<int>` 没关系。<!-- 注释 -->",
        "```html\n<script>alert(1)</script>\n```",
        "- 比较 a < b 且 c > d，链接 <https://arxiv.org/abs/1706.03762>。",
    ],
)
def test_html_ok(tmp_path, body):
    assert check_one(tmp_path, page(body)) == []


# ------------------------------------------------------------------ 4. images


def test_image_missing_and_remote(tmp_path):
    found = codes(check_one(tmp_path, page("![图](missing.png) ![图](https://a.com/b.png) ![图](//a.com/c.png)")))
    assert found == ["E-IMAGE-MISSING", "E-IMAGE-REMOTE", "E-IMAGE-REMOTE"]


def test_image_outside_docs_is_missing(tmp_path):
    (tmp_path / "secret.png").write_bytes(b"x")
    assert codes(check_one(tmp_path, page("![图](../../secret.png)"))) == ["E-IMAGE-MISSING"]


def test_image_existing_ok(tmp_path):
    extra = {"assets/fig.svg": "<svg/>", "llm/local.svg": "<svg/>"}
    body = "![图](../assets/fig.svg) ![图](local.svg) ![图](/assets/fig.svg)"
    assert check_one(tmp_path, page(body), extra=extra) == []


# ------------------------------------------------------------------ 5. placeholders and marks


@pytest.mark.parametrize("body", ["- ？", "？", "- /", "TODO", "待补充", "- …", "- 、\n\n**解答**\n\n?", ""])
def test_placeholder_errors(tmp_path, body):
    found = codes(check_one(tmp_path, page(body, complete=False)))
    assert "E-PLACEHOLDER" in found and "E-STUB" in found


def test_placeholder_with_admonition_is_a_stub(tmp_path):
    body = '!!! warning "待补充"\n\n    原笔记只有题目。\n\n- ？'
    assert codes(check_one(tmp_path, page(body))) == ["E-STUB"]


def test_todo_line_in_real_answer(tmp_path):
    assert codes(check_one(tmp_path, page("- 真答案。\n- TODO"))) == ["E-PLACEHOLDER"]


@pytest.mark.parametrize("body", ["- ⭐ 重要", "- 不会 ❓", "- ✅ 已掌握", "- <u>下划线</u>"])
def test_mark_errors(tmp_path, body):
    assert codes(check_one(tmp_path, page(body))) == ["E-MARK"]


def test_mark_ok(tmp_path):
    assert check_one(tmp_path, page("- ==高亮== 和 **加粗**，代码 `⭐`。")) == []


# ------------------------------------------------------------------ 6. personal data


@pytest.mark.parametrize(
    "body",
    [
        "- 联系 13812345678",
        "- 邮箱 someone@qq.com",
        "- 面试官您好，我叫王小明，目前就读于东海理工大学计算机专业的研二生。",
        "- [原文](https://mp.weixin.qq.com/s?__biz=MzI5==&mid=1&idx=1&sn=a&chksm=b&scene=1#rd)",
        "- 作者 https://www.zhihu.com/people/someone",
        "```text\n13812345678\n```",
    ],
)
def test_pii_errors(tmp_path, body):
    assert "E-PII" in codes(check_one(tmp_path, page(body)))


def test_pii_message_gives_clean_url(tmp_path):
    (p,) = check_one(tmp_path, page("- [原文](https://zhuanlan.zhihu.com/p/1?utm_source=wx&x=2)"))
    assert p.code == "E-PII" and "https://zhuanlan.zhihu.com/p/1?x=2" in p.message


def test_pii_message_does_not_repeat_personal_text(tmp_path):
    (p,) = check_one(tmp_path, page("- 联系 13812345678"))
    assert "13812345678" not in p.message


# ------------------------------------------------------------------ 7. CJK spacing (autocorrect)


def test_spacing_is_a_warning(tmp_path):
    problems = check_one(tmp_path, page("- 使用LoRA微调7B模型,很省显存."))
    assert codes(problems) == ["W-SPACE"] and problems[0].severity == "warning"
    assert "使用 LoRA 微调 7B 模型" in problems[0].message


def test_spacing_strict_is_an_error(tmp_path):
    assert codes(check_one(tmp_path, page("- 使用LoRA微调"), strict_style=True), "error") == ["E-SPACE"]


def test_fix_style_leaves_code_math_and_ids_alone():
    text = page(
        "- 使用LoRA微调,公式$`\\text{中文abc}`$不变.\n\n"
        "```math\n\\text{中文abc} = QK^T\n```\n\n"
        "```python\nx = \"中文abc\"  # 注释abc\n```\n\n"
        '!!! warning "常见误区"\n\n    误以为LoRA只能用于attention.\n\n    ```python\n    y = "中文abc"\n    ```'
    ).replace("## 一道题", "## LoRA的A、B如何初始化?")
    fixed = lint.fix_style(text)
    assert "## LoRA 的 A、B 如何初始化？ {#q-one}" in fixed  # space before {#id} kept (attr_list needs it)
    assert "- 使用 LoRA 微调，公式$`\\text{中文abc}`$不变。" in fixed
    assert "```math\n\\text{中文abc} = QK^T\n```" in fixed
    assert 'x = "中文abc"  # 注释abc' in fixed
    assert "    误以为 LoRA 只能用于 attention" in fixed  # admonition bodies are prose
    assert '    y = "中文abc"' in fixed
    assert fixed.count("\n") == text.count("\n")
    assert lint.fix_style(fixed) == fixed


def test_main_fix_style_rewrites_files(tmp_path, monkeypatch, capsys):
    docs = make_docs(tmp_path, {"llm/topic.md": page("- 使用LoRA微调")})
    monkeypatch.chdir(tmp_path)
    assert check_main(["--strict-style"]) == 1
    assert "E-SPACE" in capsys.readouterr().out
    assert check_main(["--fix-style", "--strict-style"]) == 0
    assert "使用 LoRA 微调" in (docs / "llm/topic.md").read_text(encoding="utf-8")


# ------------------------------------------------------------------ CLI


def test_main_output_format_and_exit_code(tmp_path, monkeypatch, capsys):
    make_docs(tmp_path, {"llm/topic.md": page("- 方差是 $d_k$。")})
    monkeypatch.chdir(tmp_path)
    assert check_main([]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [f"docs/llm/topic.md:16: E-BARE-MATH {out[0].split('E-BARE-MATH ', 1)[1]}"]
    assert "$`…`$" in out[0]
    assert check_main(["--format", "github"]) == 1
    assert capsys.readouterr().out.startswith("::error file=docs/llm/topic.md,line=16,title=E-BARE-MATH::")


def test_main_ok_and_paths(tmp_path, monkeypatch):
    make_docs(tmp_path, {"llm/good.md": page("- 答"), "llm/bad.md": page("- $x$", qid="q-two")})
    monkeypatch.chdir(tmp_path)
    assert check_main(["docs/llm/good.md"]) == 0
    assert check_main(["docs/llm/bad.md"]) == 1
    assert check_main(["--docs", "nowhere"]) == 1


# ------------------------------------------------------------------ the real tree


QUESTION_PAGES = [
    p for p in DOCS.glob("*/*.md") if p.name != "index.md" and p.parent.name not in NON_QUESTION_SECTIONS
]


def test_real_docs_tree_without_question_pages_is_clean():
    errors = [str(p) for p in lint.check_tree(DOCS, style=False) if p.severity == "error"]
    assert errors == []


@pytest.mark.skipif(not QUESTION_PAGES, reason="no question pages under docs/ yet (importer not run)")
def test_real_docs_tree_has_no_errors():
    assert QUESTION_PAGES
    errors = [str(p) for p in lint.check_tree(DOCS) if p.severity == "error"]
    assert errors == [], "\n".join(errors[:50])
