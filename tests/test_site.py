"""Checks over the built site/ (offline): links, anchors, third-party loads, search index."""

from __future__ import annotations

import json
import re

import pytest

from linkcheck import Site


# the link check reads every page, the 下载 page the exports fill in among them
pytestmark = pytest.mark.exports


@pytest.fixture(scope="module")
def site(site_dir):
    return Site(site_dir)


def test_site_has_pages(site):
    assert "index.html" in site.pages
    assert "404.html" in site.pages
    assert any(p.startswith("notebooks/") for p in site.pages)


def test_internal_links_and_anchors(site):
    broken = site.broken_links()
    assert not broken, "\n".join(broken)


def test_no_third_party_loads(site):
    found = site.third_party_loads()
    assert not found, "\n".join(found)


def test_checker_catches_broken_link_and_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<h2 id="ok">x</h2><a href="a/">a</a><a href="#ok">ok</a>'
        '<a href="a/#nope">bad anchor</a><a href="missing/">bad page</a>'
        '<script src="https://cdn.example.org/x.js"></script>',
        encoding="utf-8",
    )
    (tmp_path / "a" / "index.html").write_text('<p id="yes">y</p>', encoding="utf-8")
    site = Site(tmp_path)
    broken = site.broken_links()
    assert len(broken) == 2, broken
    assert site.third_party_loads() == ["index.html: https://cdn.example.org/x.js"]


def test_katex_assets_match_rendering_version(site_dir):
    css = (site_dir / "assets" / "katex" / "katex.min.css").read_text(encoding="utf-8")
    fonts = re.findall(r"url\((fonts/[^)]+)\)", css)
    assert fonts, "no fonts referenced by katex.min.css"
    for font in fonts:
        assert (site_dir / "assets" / "katex" / font).is_file(), font
    html = (site_dir / "about" / "math" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="katex"') >= 5
    assert "$`" not in html and "```math" not in html


def _index(site_dir):
    return json.loads((site_dir / "search" / "search_index.full.json").read_text(encoding="utf-8"))


def test_search_index_segments_chinese_with_user_dict(site_dir):
    index = _index(site_dir)
    sep = index["config"]["separator"]
    assert "\\u007f" in sep
    text = " ".join(d["text"] + " " + d["title"] for d in index["docs"])
    # jieba ran (word breaks, written as U+007F in the file) and kept domain words whole
    assert "\x7f" in text and "\u200b" not in text
    assert re.search(r"(^|[\s\x7f])梯度消失([\s\x7f]|$)", text)


def test_search_index_has_plain_math_not_katex_glyphs(site_dir):
    """A formula is indexed once, as plain math (mianjing.search_terms.tex_to_plain), not as
    KaTeX's glyph spans + MathML + TeX; a diagram's labels once, not again from its dark copy."""
    docs = [d for d in _index(site_dir)["docs"] if d["location"].startswith("about/math/")]
    text = " ".join(d["text"] for d in docs)
    assert "√(d_k)" in text and "\\sqrt" not in text
    assert "d_k" in text and "dkdk" not in text.replace(" ", "").replace("\x7f", "")
    assert "q·kq" not in text.replace(" ", "")
    assert text.count("加权\x7f求和") == 1


def test_notebook_outputs_not_indexed(site_dir):
    docs = [d for d in _index(site_dir)["docs"] if d["location"].startswith("notebooks/attention-scaling/")]
    assert docs
    text = " ".join(d["text"] for d in docs)
    assert "Copied!" not in text
    assert not re.search(r"Var=\s*[0-9]", text.replace("\u200b", ""))  # printed output, not code


def test_notebooks_and_questions_link_both_ways(site_dir):
    """Each notebook is linked from at least one answer, and its page lists those questions."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    notebooks = sorted(p.stem for p in (root / "notebooks").glob("*.ipynb"))
    assert notebooks
    orphans = []
    for stem in notebooks:
        html = (site_dir / "notebooks" / stem / "index.html").read_text(encoding="utf-8")
        links = re.findall(r'<ul class="nb-backlinks">(.*?)</ul>', html, re.S)
        if not links or "#" not in links[0]:
            orphans.append(stem)
    assert orphans == [], f"no answer links to these notebooks: {orphans}"
