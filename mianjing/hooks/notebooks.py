"""Notebooks: show top-level `notebooks/*.ipynb` as site pages (rendered by mkdocs-jupyter).

Fixes what mkdocs-jupyter leaves undone:
- the notebooks live outside docs/, so we add them to the file list (before mkdocs-jupyter runs);
- markdown-cell math (`$…$`, `$$…$$`) is left raw for MathJax: we render it with KaTeX;
- Chinese headings get `id=""`: we give them the same slugs as Markdown pages (and fix the TOC);
- every page inlines ≈600 KB of JupyterLab CSS and loads MathJax from a CDN: we drop both and link
  one shared stylesheet whose colours follow Material's light/dark toggle;
- the edit link points at docs/: we point it at notebooks/.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString
from markdown_katex import wrapper
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from pygments.formatters import HtmlFormatter
from pymdownx.slugs import slugify

NB_DIR = "notebooks"
CSS_URI = "assets/stylesheets/jupyter.css"
_slugify = slugify(case="lower")
_state: dict[str, Path] = {}

# $$…$$ first, then $…$ (not `\$`, not `$ ` right after the opening dollar)
MATH_RE = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<![\\$])\$(?![\s$])(.+?)(?<![\\\s])\$", re.S)


def is_notebook(page_or_file) -> bool:
    src_uri = getattr(page_or_file, "file", page_or_file).src_uri
    return src_uri.startswith(NB_DIR + "/") and src_uri.endswith(".ipynb")


def on_config(config):
    _state["root"] = Path(config.config_file_path).resolve().parent
    return config


def _jupyter_css() -> str:
    import mkdocs_jupyter

    assets = Path(mkdocs_jupyter.__file__).parent / "templates" / "mkdocs_html" / "assets"
    light = (assets / "theme-light.css").read_text(encoding="utf-8")
    dark = (assets / "theme-dark.css").read_text(encoding="utf-8")
    dark = dark.replace(".jupyter-wrapper{", '[data-md-color-scheme="slate"] .jupyter-wrapper{', 1)
    parts = [
        "/* JupyterLab styles from mkdocs-jupyter, shared by all notebook pages (generated). */",
        (assets / "index.css").read_text(encoding="utf-8"),
        light,
        dark,
        HtmlFormatter(style="default").get_style_defs(
            '[data-md-color-scheme="default"] .highlight-ipynb'
        ),
        HtmlFormatter(style="monokai").get_style_defs(
            '[data-md-color-scheme="slate"] .highlight-ipynb'
        ),
    ]
    return "\n".join(parts)


@event_priority(100)  # before mkdocs-jupyter wraps .ipynb files
def on_files(files, config):
    root = _state["root"]
    for nb in sorted((root / NB_DIR).glob("*.ipynb")):
        files.append(
            File(
                f"{NB_DIR}/{nb.name}",
                src_dir=str(root),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
            )
        )
    files.append(File.generated(config, CSS_URI, content=_jupyter_css()))
    return files


def _render_math(soup, page) -> None:
    for cell in soup.select(".jp-RenderedMarkdown"):
        for text in list(cell.find_all(string=MATH_RE)):
            if text.find_parent(["code", "pre", "script", "style"]):
                continue
            pieces, last = [], 0
            for m in MATH_RE.finditer(str(text)):
                pieces.append(NavigableString(str(text)[last : m.start()]))
                display = m.group(1) is not None
                tex = (m.group(1) if display else m.group(2)).strip()
                try:
                    out = wrapper.tex2html(tex, {"display-mode": True} if display else {})
                except wrapper.KatexError as err:
                    raise PluginError(f"{page.file.src_uri}: KaTeX error: {err}") from err
                tag = "div" if display else "span"
                cls = "katex--display" if display else "katex--inline"
                pieces.append(BeautifulSoup(f'<{tag} class="{cls}">{out}</{tag}>', "html.parser"))
                last = m.end()
            pieces.append(NavigableString(str(text)[last:]))
            for piece in reversed(pieces):
                text.insert_after(piece)
            text.extract()


def _fix_headings(soup, page) -> None:
    """Give markdown-cell headings Markdown-style slugs and point the TOC at them (by order)."""
    used: set[str] = set()
    headings: list[tuple[int, str]] = []
    for h in soup.select(".jp-RenderedMarkdown :is(h1, h2, h3, h4, h5, h6)"):
        for a in h.select("a.anchor-link"):
            a.decompose()
        title = h.get_text(" ", strip=True)  # math is still raw TeX here
        slug = base = _slugify(title, "-") or "section"
        n = 0
        while slug in used:
            n += 1
            slug = f"{base}_{n}"
        used.add(slug)
        h["id"] = slug
        permalink = soup.new_tag("a", attrs={"class": "headerlink", "href": f"#{slug}", "title": "本节链接"})
        permalink.string = "¶"
        h.append(permalink)
        headings.append((int(h.name[1]), slug))

    pos = 0

    def walk(items):
        nonlocal pos
        for item in items:
            item.title = re.sub(r"(?<!\\)\$", "", item.title)  # no raw $…$ in the TOC
            while pos < len(headings) and headings[pos][0] != item.level:
                pos += 1
            if pos < len(headings):
                item.id = headings[pos][1]
                pos += 1
            walk(item.children)

    walk(page.toc.items if page.toc else [])
    page.present_anchor_ids = set(used) | {
        el["id"] for el in soup.find_all(id=True) if el["id"]
    }


def on_page_content(html, page, config, files):
    if not is_notebook(page):
        return html
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all("style"):
        tag.decompose()
    for tag in soup.find_all("script"):  # MathJax / RequireJS / mermaid loaders point at CDNs
        if tag.has_attr("src") or re.search(r"https?://|mathjax", tag.get_text(), re.I):
            tag.decompose()
    _fix_headings(soup, page)  # before math: slugs are made from the TeX source
    _render_math(soup, page)
    link = soup.new_tag("link", rel="stylesheet", href=get_relative_url(CSS_URI, page.url))
    soup.insert(0, link)
    if config.repo_url and config.edit_uri:
        base = config.repo_url.rstrip("/") + "/"
        page.edit_url = f"{base}edit/main/{page.file.src_uri}"
    return str(soup)

