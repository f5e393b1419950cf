"""KaTeX through one Node process (mianjing.katex) gives exactly what the katex CLI gives."""

import inspect
import random
import subprocess
from pathlib import Path

import pytest
from markdown_katex import extension, wrapper

from mianjing import katex
from mianjing.page import question_pages

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "node_modules" / ".bin" / "katex"


def sample_formulas(n=24):
    found = []
    for page in question_pages(ROOT / "docs"):
        for f in page.fences:
            if f.lang == "math":
                found.append((f.body, {"display-mode": True}))
        for ln in page.lines:
            if ln.kind == "text" and "$`" in ln.raw:
                found += [(m, {}) for m in ln.raw.split("$`")[1:2] if "`$" in m for m in [m.split("`$")[0]]]
    random.Random(0).shuffle(found)
    return found[:n]


def cli_render(tex, options, tmp_path):
    src = tmp_path / "in.tex"
    src.write_text(tex, encoding="utf-8")
    args = katex.cli_args(options)
    return subprocess.run([str(CLI), *args, "--input", str(src)], capture_output=True, text=True, check=True).stdout.strip()


def test_server_html_equals_cli_html(tmp_path, monkeypatch):
    monkeypatch.setenv("MIANJING_CACHE", str(tmp_path / "cache"))   # no cache hits: really render
    formulas = sample_formulas()
    assert len(formulas) >= 20 and any(o for _, o in formulas) and any(not o for _, o in formulas)
    for tex, options in formulas:
        assert katex.tex2html(tex, dict(options)) == cli_render(tex, options, tmp_path), tex
    # and the second time from the cache, still identical
    tex, options = formulas[0]
    assert katex.cache_path(tex, katex.cli_args(options)).is_file()
    assert katex.tex2html(tex, dict(options)) == cli_render(tex, options, tmp_path)


def test_tex_error_is_a_katex_error(tmp_path, monkeypatch):
    monkeypatch.setenv("MIANJING_CACHE", str(tmp_path / "cache"))
    with pytest.raises(wrapper.KatexError, match="KaTeX parse error"):
        katex.tex2html("\\frac{1}{", {"display-mode": True})


def test_markdown_katex_still_renders_through_wrapper_tex2html():
    """The seam we use: if this fails, markdown_katex/extension.py no longer calls wrapper.tex2html,
    and mianjing/hooks/katex.py must find another way to put its renderer in."""
    source = inspect.getsource(extension.tex2html)
    assert "wrapper.tex2html(" in source, f"{inspect.getsourcefile(extension)} changed: see mianjing/hooks/katex.py"
    assert callable(getattr(wrapper, "KatexError", None))
