"""Every ```mermaid diagram in docs/ is in the built page as inline SVG, in a light and a dark version.

The build renders them with the pinned mermaid in chromium (mianjing/mermaid.py); a diagram that
does not parse fails the build (tests/test_build_failures.py).
"""

from pathlib import Path

from lxml import etree

from mianjing.mermaid import FIGURE_RE
from mianjing.page import load

DOCS = Path(__file__).resolve().parent.parent / "docs"


def diagrams() -> dict[str, int]:
    found: dict[str, int] = {}
    for path in sorted(DOCS.rglob("*.md")):
        page = load(path, DOCS)
        n = sum(f.lang == "mermaid" for f in page.fences)
        if n:
            found[page.src] = n
    return found


def test_every_diagram_is_inline_svg_in_both_themes(site_dir):
    pages = diagrams()
    assert sum(pages.values()) >= 50
    for src, n in pages.items():
        url = src[:-3] + "/index.html" if not src.endswith("index.md") else src[:-8] + "index.html"
        html = (site_dir / url).read_text(encoding="utf-8")
        assert html.count('class="mermaid-figure"') == n, src
        assert html.count('<div class="mermaid-light"><svg') == n and html.count('<div class="mermaid-dark"><svg') == n, src
        assert "```mermaid" not in html and 'class="mermaid"' not in html, src
        figures = FIGURE_RE.findall(html)
        assert len(figures) == n, f"{src}: mianjing.mermaid.FIGURE_RE no longer matches what figure() writes"
        for light, dark in figures:
            for svg in (light, dark):   # well-formed XML: the Anki deck ships them as .svg files
                assert etree.fromstring(svg.encode("utf-8")).tag == "{http://www.w3.org/2000/svg}svg", src
