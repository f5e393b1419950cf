"""Unit tests of the small mkdocs hooks."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import jieba

ROOT = Path(__file__).resolve().parent.parent


def _load(name):
    spec = importlib.util.spec_from_file_location(f"hook_{name}", ROOT / "mianjing" / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_math_regex_finds_inline_and_display():
    nb = _load("notebooks")
    text = r"除以 $\sqrt{d_k}$，价格 \$5，$$a^2+b^2$$ 结束"
    found = [(m.group(1), m.group(2)) for m in nb.MATH_RE.finditer(text)]
    assert found == [(None, r"\sqrt{d_k}"), ("a^2+b^2", None)]


def test_index_html_swaps_formula_for_tex():
    search = _load("search")
    html = (
        '<p>除以 <span class="katex--inline"><span class="katex"><span class="katex-mathml"><math>'
        '<semantics><mrow></mrow><annotation encoding="application/x-tex">\\sqrt{d_k}</annotation>'
        '</semantics></math></span><span class="katex-html" aria-hidden="true">dk</span></span></span></p>'
    )
    out = search.index_html(html)
    assert "\\sqrt{d_k}" in out and "katex-html" not in out


def test_user_dictionary_keeps_domain_words():
    search = _load("search")
    search._load_jieba(ROOT)
    words = list(jieba.cut("大模型推理用投机采样加速，旋转位置编码缓解外推问题，复读机现象"))
    for word in ("投机采样", "旋转位置编码", "复读机"):
        assert word in words, words
