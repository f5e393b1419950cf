"""Every ```mermaid diagram in docs/ parses with the self-hosted mermaid the site ships.

Editors restate the notes' lost figures as mermaid; a syntax error would only show up as an error box
in the reader's browser, so parse them all with the real bundle inside chromium.
"""

from pathlib import Path

from mianjing.page import load

DOCS = Path(__file__).resolve().parent.parent / "docs"


def diagrams() -> list[tuple[str, str]]:
    found = []
    for path in sorted(DOCS.rglob("*.md")):
        page = load(path, DOCS)
        found += [(f"{page.src}:{f.line}", f.body) for f in page.fences if f.lang == "mermaid"]
    return found


def test_every_mermaid_diagram_parses(open_page):
    sources = diagrams()
    assert sources, "no mermaid diagrams found"
    page = open_page("about/math/")  # has a diagram, so the real bundle gets loaded
    page.wait_for_function("window.mermaid && typeof window.mermaid.parse === 'function'", timeout=20000)
    errors = page.evaluate(
        """async (items) => {
            const bad = [];
            for (const [where, code] of items) {
                try { await window.mermaid.parse(code); }
                catch (e) { bad.push(where + ": " + String(e.message || e).split("\\n")[0]); }
            }
            return bad;
        }""",
        sources,
    )
    assert errors == [], "\n".join(errors)
