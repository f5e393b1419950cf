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


def test_page_characters_look_only_at_changed_pages(tmp_path, monkeypatch):
    """The font subset's characters: every character of every page, each page's remembered by
    its HTML between builds; a page that changed is looked at again, a page gone is forgotten."""
    import json

    from mianjing import katex_fonts

    monkeypatch.setenv("MIANJING_CACHE", str(tmp_path))
    build = katex_fonts.PageCharacters()
    build.add("<p>α + β</p>")
    build.add("<p>∑ x</p>")
    assert build.characters() == "".join(sorted(set("<p>α + β</p>∑ x")))

    # mark what was remembered for the first page: a rebuild that reuses it shows the mark
    remembered = json.loads(build.path.read_text(encoding="utf-8"))
    assert sorted(remembered.values()) == sorted("".join(sorted(set(p))) for p in ("<p>α + β</p>", "<p>∑ x</p>"))
    first = next(k for k, v in remembered.items() if "α" in v)
    build.path.write_text(json.dumps({**remembered, first: "Ω"}), encoding="utf-8")

    rebuild = katex_fonts.PageCharacters()
    rebuild.add("<p>α + β</p>")       # unchanged: taken from the cache
    rebuild.add("<p>∑ x ∫</p>")       # changed: looked at
    chars = rebuild.characters()
    assert "Ω" in chars and "α" not in chars and "∫" in chars
    assert len(katex_fonts.PageCharacters().known) == 2   # the old "∑ x" page is not kept

    build.path.write_text("{not json", encoding="utf-8")
    torn = katex_fonts.PageCharacters()                    # unreadable: every page looked at again
    torn.add("<p>γ</p>")
    assert torn.characters() == "".join(sorted(set("<p>γ</p>")))

    build.path.write_text("[1, 2]", encoding="utf-8")
    odd = katex_fonts.PageCharacters()                     # JSON, but not the table: the same
    odd.add("<p>δ</p>")
    assert odd.characters() == "".join(sorted(set("<p>δ</p>")))


def test_a_font_is_cut_again_only_for_new_characters_it_has(tmp_path, monkeypatch):
    """A subset depends on the characters the font has: a page with a new Chinese character (in no
    KaTeX font) cuts no font again, a new letter only the fonts that have it."""
    from fontTools.ttLib import TTFont

    from mianjing import katex_fonts

    monkeypatch.setenv("MIANJING_CACHE", str(tmp_path))
    dist = Path(__file__).resolve().parent.parent / "node_modules" / "katex" / "dist" / "fonts"
    fonts = [dist / "KaTeX_Main-Regular.woff2", dist / "KaTeX_Size1-Regular.woff2"]

    def cmap(path):
        return set(map(chr, TTFont(path).getBestCmap()))

    first = katex_fonts.subset(fonts, "ab(")
    assert {"a", "b", "("} <= cmap(first["KaTeX_Main-Regular.woff2"]) and "c" not in cmap(first["KaTeX_Main-Regular.woff2"])
    assert "(" in cmap(first["KaTeX_Size1-Regular.woff2"]) and "a" not in cmap(first["KaTeX_Size1-Regular.woff2"])
    cut = set((tmp_path / "katex-fonts").glob("*.woff2"))

    assert katex_fonts.subset(fonts, "ab(新") == first
    assert set((tmp_path / "katex-fonts").glob("*.woff2")) == cut, "a character in no font cut a font again"

    more = katex_fonts.subset(fonts, "abc(")
    assert more["KaTeX_Size1-Regular.woff2"] == first["KaTeX_Size1-Regular.woff2"]
    assert "c" in cmap(more["KaTeX_Main-Regular.woff2"])

    (tmp_path / "katex-fonts" / "fonts.json").write_text("[1, 2", encoding="utf-8")   # torn: read again
    assert katex_fonts.subset(fonts, "abc(") == more


def test_formula_inside_inline_code_fails_with_its_line(tmp_path):
    """markdown-katex reads "`$…$` 或 `$$…$$`" as the formula " 或 " between two code spans; the
    build must stop at that line, and the same text written with `` … `` must pass."""
    from types import SimpleNamespace

    import markdown
    from mkdocs.exceptions import PluginError

    from conftest import load_hook

    hook = load_hook("katex")
    bad, good = "不要写裸的 `$…$` 或 `$$…$$`。", "不要写裸的 `` $…$ `` 或 `` $$…$$ ``，公式是 $`x^2`$。"
    for text, fails in ((bad, True), (good, False)):
        src = tmp_path / "page.md"
        src.write_text(f"# 标题\n\n{text}\n", encoding="utf-8")
        html = markdown.markdown(src.read_text(encoding="utf-8"), extensions=["markdown_katex"])
        page = SimpleNamespace(file=SimpleNamespace(src_uri="about/page.md", abs_src_path=str(src)))
        if fails:
            with pytest.raises(PluginError, match=r"about/page\.md:3: .*或"):
                hook.on_page_content(html, page, None, None)
        else:
            assert "katex" in html
            hook.on_page_content(html, page, None, None)
