"""Unit tests of the small mkdocs hooks."""

from __future__ import annotations

from pathlib import Path

import jieba

from conftest import load_hook as _load

ROOT = Path(__file__).resolve().parent.parent


def test_math_regex_finds_inline_and_display():
    nb = _load("notebooks")
    text = r"除以 $\sqrt{d_k}$，价格 \$5，$$a^2+b^2$$ 结束"
    found = [(m.group(1), m.group(2)) for m in nb.MATH_RE.finditer(text)]
    assert found == [(None, r"\sqrt{d_k}"), ("a^2+b^2", None)]


def test_index_html_swaps_formula_for_readable_math():
    search = _load("search")
    html = (
        '<p>除以 <span class="katex--inline"><span class="katex"><span class="katex-mathml"><math>'
        '<semantics><mrow></mrow><annotation encoding="application/x-tex">\\sqrt{d_k}</annotation>'
        '</semantics></math></span><span class="katex-html" aria-hidden="true">dk</span></span></span></p>'
    )
    out = search.index_html(html)
    assert "√(d_k)" in out and "katex-html" not in out and "\\" not in out


def test_user_dictionary_keeps_domain_words():
    """The hook loads our dictionary into jieba before the first page is segmented."""
    _load("search").load_user_dict()
    words = list(jieba.cut("大模型推理用投机采样加速，旋转位置编码缓解外推问题，复读机现象"))
    for word in ("投机采样", "旋转位置编码", "复读机"):
        assert word in words, words


def test_index_html_flattens_notebook_cells_without_noise():
    search = _load("search")
    html = (
        '<div class="jp-Cell jp-MarkdownCell"><div class="jp-InputArea"><div class="jp-InputPrompt"></div>'
        '<div class="jp-RenderedMarkdown"><h2 id="impl">实现<a class="headerlink" href="#impl">¶</a></h2>'
        "<p>说明</p></div></div></div>"
        '<div class="jp-Cell jp-CodeCell"><div class="jp-Cell jp-CodeCell" id="cell-1">'
        '<div class="jp-InputArea"><div class="jp-InputPrompt">In [1]:</div>'
        '<div class="zeroclipboard-container"><span class="notice">Copied!</span></div>'
        '<div class="highlight-ipynb"><pre><span>x</span> = 1</pre></div>'
        '<div class="clipboard-copy-txt">x = 1</div></div>'
        '<div class="jp-OutputArea"><div class="jp-OutputPrompt">Out[1]:</div><pre>42</pre></div></div></div>'
    )
    out = search.index_html(html)
    assert "jp-Cell" not in out  # headings are top level again, so sections split at them
    assert out.count("x = 1") == 1
    for noise in ("In [1]", "Out[1]", "Copied!", "42", "¶"):
        assert noise not in out, noise
    assert '<h2 id="impl">实现</h2>' in out and "<p>说明</p>" in out


def test_index_html_drops_meta_line_and_answer_label():
    search = _load("search")
    out = search.index_html('<p class="q-meta">重要度：★★☆ ｜ 来源：002、004 ｜ 标签：RMSNorm、LayerNorm</p>'
                            "<p><strong>解答</strong></p><p>正文\u200b</p>")
    assert "★" not in out and "来源" not in out and "解答" not in out and "\u200b" not in out
    assert "正文" in out


FENCED_EXAMPLE = """---
title: 测试
---

# 测试

## 真正的题 {#real}

重要度：★★☆ ｜ 来源：004 ｜ 标签：LoRA、初始化
{ .q-meta }

**解答**

页面格式的例子：

```markdown
## 示例标题 {#example}

重要度：★☆☆ ｜ 来源：001 ｜ 标签：例子
{ .q-meta }
```
"""


def test_search_entries_get_question_tags_from_the_page_model():
    """A question's entry carries its own tags; a fenced example heading is no question."""
    search = _load("search")
    tags = search.question_tags(FENCED_EXAMPLE, "llm/x.md")
    assert tags == {"real": ["LoRA", "初始化"]}
    entries = [{"location": "llm/x/", "title": "测试", "text": "", "tags": ["LLM"]},
               {"location": "llm/x/#real", "title": "真正的题", "text": "", "tags": ["LLM"]},
               {"location": "llm/x/#example", "title": "示例标题", "text": "", "tags": ["LLM"]}]
    search.set_tags_and_boost(entries, tags)
    page, real, example = entries
    assert page["boost"] == search.PAGE_BOOST
    assert real["tags"] == ["LoRA", "初始化"]
    assert "tags" not in example


def test_word_breaks_left_out_tokenize_the_same_in_the_browser():
    """The index file keeps a word break only where it splits two words. Material's worker splits
    on the separator of mkdocs.yml in JavaScript: every text must give the same tokens there with
    all of jieba's breaks and with the ones kept."""
    import json
    import random
    import subprocess

    from mianjing.config import mkdocs_config

    search = _load("search")
    sep = next(p["search"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "search" in p)["separator"]
    crafted = ["注意\u200b力\u200b \u200b机制", "多头\u200bAttention\u200b与\u200bLayerNorm", "&\u200blt\u200b;\u200bx",
               "&lt\u200b;\u200b3\u200b.\u200b5", "Qwen2\u200b.\u200b5\u200b-\u200bVL\u200b，\u200b好",
               "a\u200b.\u200bb", "<code>\u200bx\u200b</code>", "e\u200b.\u200bg\u200b.", "\u200b\u200b词\u200b"]
    rng = random.Random(0)
    alphabet = list("注意力机制 ，。、（）-_.:&lt;gtAaBbZz09/$") + ["&lt;", "&gt;", "Ab", "aB"]
    texts = crafted + ["\u200b".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(400)]
    trim = search.word_break_trimmer(sep, set("".join(texts)))
    kept = [trim(t) for t in texts]
    every = [t.replace("\u200b", "\x7f") for t in texts]
    script = ("const [sep, a, b] = JSON.parse(require('fs').readFileSync(0, 'utf8')); const re = new RegExp(sep);"
              "const tok = s => s.split(re).filter(Boolean);"
              "console.log(JSON.stringify(a.map((s, i) => JSON.stringify(tok(s)) === JSON.stringify(tok(b[i])))))")
    same = json.loads(subprocess.run(["node", "-e", script], input=json.dumps([sep, every, kept]),
                                     capture_output=True, text=True, check=True).stdout)
    assert all(same), [(every[i], kept[i]) for i, ok in enumerate(same) if not ok][:5]
    assert trim("注意\u200b力\u200b \u200b机制") == "注意\x7f力 机制"
    assert sum(map(len, kept)) < sum(map(len, every))


def test_synonyms_load_and_ship_in_index():
    search = _load("search")
    groups = search.load_synonyms(ROOT / "mianjing" / "search" / "synonyms.txt")
    flat = {m.lower() for g in groups for m in g}
    for word in ("显存", "内存", "kv cache", "kv 缓存", "困惑度", "ppl", "旋转位置编码", "rope"):
        assert word in flat, word
    entries = [{"location": "a/", "title": "标题¶", "text": "t", "tags": ["T"]},
               {"location": "a/#q", "title": "问\u200b答", "text": "词\u200b词", "tags": ["T"]}]
    search.write_word_breaks(entries, "[\\s\\u007f]+")
    import json

    out = search.finish_index(json.dumps({"config": {"separator": "[\\s\\u007f]+"}, "docs": entries}), groups)
    assert "标题" in out and "\\u" not in out.split('"docs"')[1]  # UTF-8, not \\uXXXX escapes
    index = json.loads(out)
    assert index["config"]["synonyms"] == groups
    page, question = index["docs"]
    assert page["title"] == "标题" and question["title"] == "问\x7f答" and question["text"] == "词\x7f词"


def test_separator_without_the_index_word_break_fails_the_build():
    from types import SimpleNamespace

    import pytest
    from mkdocs.exceptions import PluginError

    plugin = SimpleNamespace(config={"separator": "[\\s]+"}, search_index=SimpleNamespace(
        add_entry_from_context=None, generate_search_index=None))
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"), plugins={"material/search": plugin})
    with pytest.raises(PluginError, match="u007f"):
        _load("search").on_config(config)


def test_every_build_reads_the_tags_again(tmp_path, monkeypatch):
    """`make serve` keeps our modules between rebuilds: a tag added to a page must reach the
    search vocabulary (multi-word names → one keyword) on the next rebuild."""
    from types import SimpleNamespace

    from mianjing import config, search_terms

    docs = tmp_path / "docs"
    (docs / "llm").mkdir(parents=True)
    page = docs / "llm" / "x.md"
    monkeypatch.setattr(config, "DOCS", docs)

    def rebuild(tags: str) -> dict[str, str]:
        page.write_text(FENCED_EXAMPLE.replace("标签：LoRA、初始化", f"标签：{tags}"), encoding="utf-8")
        _load("search").on_config(SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), plugins={}))
        return search_terms.vocabulary()

    try:
        assert "zetaattention" in rebuild("Zeta Attention").values()
        assert "omegacache" in rebuild("Zeta Attention、Omega Cache").values()
    finally:
        search_terms.vocabulary.cache_clear()   # the real docs again for later tests
