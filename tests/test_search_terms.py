"""Technical terms for search (mianjing/search_terms.py) and their agreement with the browser side."""

import json
import re
import subprocess
from pathlib import Path

import pytest

from mianjing import search_terms as st
from mianjing.config import mkdocs_config

ROOT = Path(__file__).resolve().parent.parent
SEPARATOR = re.compile(next(p["search"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "search" in p)["separator"])
EXAMPLES = ["LayerNorm", "Q-Former", "LLaVA-1.5", "Qwen2.5-VL", "M-RoPE", "KV Cache", "Dr. GRPO", "ZeRO-3",
            "FlashAttention-2", "top-p", "GPT-4o", "llm_as_a_judge", "ＬｏＲＡ", "w8a8"]


def test_canonical_is_the_same_in_python_and_in_the_browser():
    js = subprocess.run(
        ["node", "-e", "const {canonical} = require(process.argv[1]); console.log(JSON.stringify(JSON.parse(process.argv[2]).map(canonical)))",
         str(ROOT / "overrides/assets/javascripts/workers/search-query.js"), json.dumps(EXAMPLES)],
        capture_output=True, text=True, check=True)
    assert json.loads(js.stdout) == [st.canonical(w) for w in EXAMPLES]
    assert st.canonical("LLaVA-1.5") == "llava1.5" and st.canonical("ＬｏＲＡ") == "lora"


def test_terms_the_separator_would_cut_are_kept_whole():
    found = st.split_terms("LayerNorm 与 Q-Former、LLaVA-1.5 和 Qwen2.5-VL，RMSNorm、AnyRes，BERT 与 GPT，e.g.", SEPARATOR)
    assert found == {"layernorm", "qformer", "llava1.5", "qwen2.5vl", "rmsnorm", "anyres"}


def test_vocabulary_comes_from_the_content():
    vocab = st.vocabulary()
    assert "kvcache" in vocab.values() and "drgrpo" in vocab.values()   # tags of real questions
    found = st.phrase_terms("推理时的 KV Cache 与 Dr. GRPO", vocab)
    assert {"kvcache", "drgrpo"} <= found


@pytest.mark.parametrize("tex, want", [
    (r"\sqrt{d_k}", "√(d_k)"),
    (r"\frac{QK^\top}{\sqrt{d_k}}", "(QK^ᵀ)/(√(d_k))"),
    (r"\text{cache bytes} = 2 \times n_{\text{layers}}", "cache bytes = 2 × n_layers"),
    (r"\alpha \le \beta \cdot \gamma", "α ≤ β · γ"),
    (r"\operatorname{softmax}\left(x\right)", "softmax(x)"),
    (r"\mathbb{E}_{x \sim p}[\log q(x)]", "E_x ~ p[log q(x)]"),
])
def test_formulas_become_readable_plain_math(tex, want):
    assert st.tex_to_plain(tex) == want


def test_no_backslash_survives_any_formula_of_the_site():
    from mianjing.page import question_pages

    formulas = [f.body for p in question_pages(ROOT / "docs") for f in p.fences if f.lang == "math"]
    assert len(formulas) > 100
    left = [f for f in formulas if "\\" in st.tex_to_plain(f).replace("\\\\", "")]
    assert left == [], left[:3]
