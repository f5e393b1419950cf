"""Mermaid diagrams rendered to inline SVG at build time: pages ship no mermaid JavaScript.

Each ```mermaid fence is rendered twice by the pinned npm `mermaid` in headless chromium, with the
light and the dark theme; the page gets both SVGs and CSS shows the one matching Material's
colour scheme. Each SVG is well-formed XML, so exports can use it as a file. Results are cached in
`.cache/mermaid/<mermaid version>-<FORMAT>/<sha256>.json`, so a warm build starts no browser.

Two entry points:
- `prerender(diagrams)` (called by mianjing/hooks/mermaid.py before any page is converted) renders
  every missing diagram in one browser session and reports a diagram that does not parse as
  `docs/<page>:<line>: mermaid: <error>`;
- `fence_format` is pymdownx.superfences' custom-fence formatter (its documented seam): it only
  reads the cache (rendering on the spot if a diagram was somehow missed).
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from . import config
from .config import cache_root
from .files import write_atomic

BUNDLE = config.ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
THEMES = {"light": "default", "dark": "dark"}
FORMAT = "xml"         # part of the cache path: a change in how SVGs are written re-renders them
# text is measured at build time: the same font stack as the site, so boxes fit the labels
FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif'

_RENDER_JS = """
async ({code, id, themes, font}) => {
  await mermaid.parse(code);                       // throws with mermaid's own message
  const out = {};
  for (const [name, theme] of Object.entries(themes)) {
    mermaid.initialize({startOnLoad: false, securityLevel: "strict", theme, fontFamily: font,
                        flowchart: {htmlLabels: false}, themeVariables: {fontFamily: font}});
    const {svg} = await mermaid.render(`${id}-${name}`, code);
    // re-serialised as XML (<br/>, namespaced HTML labels): the same markup works inline in a
    // page and as a standalone .svg file (the Anki deck's media)
    const holder = document.createElement("template");
    holder.innerHTML = svg;
    out[name] = new XMLSerializer().serializeToString(holder.content.firstElementChild);
  }
  return out;
}
"""


class MermaidError(Exception):
    pass


@lru_cache(maxsize=1)
def mermaid_version() -> str:
    pkg = config.ROOT / "node_modules" / "mermaid" / "package.json"
    return json.loads(pkg.read_text(encoding="utf-8"))["version"]


def digest(code: str) -> str:
    return hashlib.sha256(code.strip().encode("utf-8")).hexdigest()


def cache_path(code: str) -> Path:
    return cache_root() / "mermaid" / f"{mermaid_version()}-{FORMAT}" / f"{digest(code)}.json"


class Renderer:
    """One headless chromium with the mermaid bundle loaded, started on first use."""

    def __init__(self):
        self._pw = self._browser = self._page = None

    def render(self, code: str) -> dict[str, str]:
        if self._page is None:
            from playwright.sync_api import sync_playwright

            from .browser import launch

            if not BUNDLE.is_file():
                raise MermaidError(f"{BUNDLE} not found: run `make setup` (or `npm ci`)")
            self._pw = sync_playwright().start()
            self._browser = launch(self._pw)
            self._page = self._browser.new_page()
            self._page.set_content("<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>")
            self._page.add_script_tag(path=str(BUNDLE))
        try:
            return self._page.evaluate(_RENDER_JS, {"code": code, "id": "mmd-" + digest(code)[:10],
                                                    "themes": THEMES, "font": FONT})
        except Exception as err:  # Playwright wraps the page's exception
            message = str(err).split("\n")[0].replace("Error: ", "").strip()
            raise MermaidError(message) from None

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._pw.stop()
        self._pw = self._browser = self._page = None


RENDERER = Renderer()


def rendered(code: str) -> dict[str, str]:
    """Both SVGs of a diagram, from the cache or rendered now (and cached)."""
    path = cache_path(code)
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    svgs = RENDERER.render(code)
    write_atomic({path: json.dumps(svgs, ensure_ascii=False)})
    return svgs


def prerender(diagrams: list[tuple[str, int, str]]) -> list[str]:
    """Render every diagram not in the cache; returns `where: error` for those that fail."""
    errors = []
    for where, line, code in diagrams:
        try:
            rendered(code)
        except MermaidError as err:
            errors.append(f"{where}:{line}: mermaid: {err}")
    return errors


# what `figure` writes, for readers of the built HTML (exports): group 1 the light SVG, 2 the dark
FIGURE_RE = re.compile(r'<div class="mermaid-figure"><div class="mermaid-light">(<svg.*?</svg>)</div>'
                       r'<div class="mermaid-dark">(<svg.*?</svg>)</div></div>', re.S)


def figure(code: str) -> str:
    svgs = rendered(code)
    return ('<div class="mermaid-figure">'
            + "".join(f'<div class="mermaid-{name}">{svgs[name]}</div>' for name in THEMES)
            + "</div>")


def fence_format(source, language, class_name, options, md, **kwargs):
    """pymdownx.superfences custom fence: the diagram as inline SVG (light and dark)."""
    return figure(source)
