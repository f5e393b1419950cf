"""Notebooks: execute `notebooks/*.ipynb` (in parallel, cached) and show them as site pages.

mkdocs-jupyter converts each executed notebook to HTML (`execute: false`: execution is ours, see
mianjing/notebooks.py). This hook then fixes what mkdocs-jupyter leaves undone, on notebook pages
only and with lxml (the result is cached by the page's HTML, so a warm build parses nothing):
- markdown-cell math (`$…$`, `$$…$$`) is left raw for MathJax: we render it with KaTeX;
- Chinese headings get `id=""`: we give them the same slugs as Markdown pages (and fix the TOC);
- every page inlines ≈600 KB of JupyterLab CSS and loads MathJax from a CDN: we drop both and link
  one shared stylesheet whose colours follow Material's light/dark toggle, written after the build
  with only the rules the built notebook pages can use (≈25 KB; mianjing/purge.py);
- the edit link points at docs/: we point it at notebooks/.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import lxml.html
from markdown_katex import wrapper
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from pygments.formatters import HtmlFormatter
from pymdownx.slugs import slugify

from mianjing import notebooks, purge
from mianjing.config import cache_root
from mianjing.files import write_atomic

NB_DIR = "notebooks"
CSS_URI = "assets/stylesheets/jupyter.css"
VERSION = "2"          # of the post-processing below: part of its cache key
_slugify = slugify(case="lower")
_state: dict = {}

# $$…$$ first, then $…$ (not `\$`, not `$ ` right after the opening dollar)
MATH_RE = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<![\\$])\$(?![\s$])(.+?)(?<![\\\s])\$", re.S)
_SKIP = {"code", "pre", "script", "style"}


def is_notebook(page_or_file) -> bool:
    src_uri = getattr(page_or_file, "file", page_or_file).src_uri
    return src_uri.startswith(NB_DIR + "/") and src_uri.endswith(".ipynb")


def on_config(config):
    _state["root"] = Path(config.config_file_path).resolve().parent
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:  # its conversion cache lives with our other build caches
        jupyter.config["cache_dir"] = str(cache_root() / "mkdocs-jupyter")
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
        HtmlFormatter(style="default").get_style_defs('[data-md-color-scheme="default"] .highlight-ipynb'),
        HtmlFormatter(style="monokai").get_style_defs('[data-md-color-scheme="slate"] .highlight-ipynb'),
    ]
    return "\n".join(parts)


@event_priority(100)  # before mkdocs-jupyter wraps .ipynb files
def on_files(files, config):
    # the kernels run while the Markdown pages render; a notebook page waits for its run (on_pre_page)
    batch = _state["batch"] = notebooks.start(sorted((_state["root"] / NB_DIR).glob("*.ipynb")))
    _state["pages"] = []   # built notebook pages, for the stylesheet written in on_post_build
    for run in batch.runs:
        # the page is rendered from the executed copy; the edit link points at the source
        files.append(File(f"{NB_DIR}/{run.path.name}", src_dir=str(run.src_dir), dest_dir=config.site_dir,
                          use_directory_urls=config.use_directory_urls))
    return files


@event_priority(100)  # before mkdocs-jupyter reads the executed copy
def on_pre_page(page, config, files):
    if is_notebook(page):
        _wait(lambda: _state["batch"].wait(Path(page.file.src_uri).name))
    return page


def _wait(until_done) -> None:
    try:
        until_done()
    except notebooks.NotebookError as err:
        raise PluginError(f"notebook failed: {err}") from None


# ----------------------------------------------------------------------------- HTML fixes

def _katex(tex: str, display: bool, page) -> lxml.html.HtmlElement:
    try:
        out = wrapper.tex2html(tex, {"display-mode": True} if display else {})
    except wrapper.KatexError as err:
        raise PluginError(f"{page.file.src_uri}: KaTeX error: {err}") from err
    tag, cls = ("div", "katex--display") if display else ("span", "katex--inline")
    return lxml.html.fragment_fromstring(f'<{tag} class="{cls}">{out}</{tag}>')


def _split_math(text: str, page) -> list:
    """Text with formulas → [text, element, text, element, …, text]."""
    out, last = [], 0
    for m in MATH_RE.finditer(text):
        out.append(text[last: m.start()])
        display = m.group(1) is not None
        out.append(_katex((m.group(1) if display else m.group(2)).strip(), display, page))
        last = m.end()
    out.append(text[last:])
    return out


def _render_math(root, page) -> None:
    for cell in root.find_class("jp-RenderedMarkdown"):
        for el in list(cell.iter()):
            if not isinstance(el.tag, str) or any(a.tag in _SKIP for a in el.iterancestors()):
                continue
            if el.tag not in _SKIP and el.text and "$" in el.text:   # text before the first child
                first, *rest = _split_math(el.text, page)
                el.text = first
                for k in range(0, len(rest), 2):
                    node = rest[k]
                    node.tail = rest[k + 1]
                    el.insert(k // 2, node)
            if el is not cell and el.tail and "$" in el.tail:   # text after the element
                first, *rest = _split_math(el.tail, page)
                el.tail = first
                anchor = el
                for k in range(0, len(rest), 2):
                    node = rest[k]
                    node.tail = rest[k + 1]
                    anchor.addnext(node)
                    anchor = node


def _fix_headings(root) -> tuple[list[tuple[int, str]], set[str]]:
    """Markdown-style slugs for markdown-cell headings; returns them (in order) and all ids."""
    used: set[str] = set()
    headings: list[tuple[int, str]] = []
    for cell in root.find_class("jp-RenderedMarkdown"):
        for h in cell.iter("h1", "h2", "h3", "h4", "h5", "h6"):
            for a in h.find_class("anchor-link"):
                a.drop_tree()
            title = " ".join(h.text_content().split())  # math is still raw TeX here
            slug = base = _slugify(title, "-") or "section"
            n = 0
            while slug in used:
                n += 1
                slug = f"{base}_{n}"
            used.add(slug)
            h.set("id", slug)
            link = lxml.html.Element("a", {"class": "headerlink", "href": f"#{slug}", "title": "本节链接"})
            link.text = "¶"
            h.append(link)
            headings.append((int(h.tag[1]), slug))
    ids = set(used) | {el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    return headings, ids


def process(html: str, page) -> dict:
    """The cleaned page HTML, its headings (level, slug) in order and every id on it."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for el in list(root.iter("style")):
        el.drop_tree()
    for el in list(root.iter("script")):  # MathJax / RequireJS / mermaid loaders point at CDNs
        if el.get("src") or re.search(r"https?://|mathjax", el.text or "", re.I):
            el.drop_tree()
    headings, ids = _fix_headings(root)  # before math: slugs are made from the TeX source
    _render_math(root, page)
    body = (root.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in root)
    return {"html": body, "headings": headings, "ids": sorted(ids)}


def _cached_process(html: str, page) -> dict:
    key = hashlib.sha256((VERSION + html).encode("utf-8")).hexdigest()
    path = cache_root() / "notebook-html" / f"{key}.json"
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    result = process(html, page)
    write_atomic({path: json.dumps(result, ensure_ascii=False)})
    return result


def _fix_toc(page, headings: list[tuple[int, str]]) -> None:
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


def on_page_content(html, page, config, files):
    if not is_notebook(page):
        return html
    result = _cached_process(html, page)
    _fix_toc(page, [tuple(h) for h in result["headings"]])
    page.present_anchor_ids = set(result["ids"])
    if config.repo_url and config.edit_uri:
        page.edit_url = f"{config.repo_url.rstrip('/')}/edit/main/{page.file.src_uri}"
    _state["pages"].append(Path(page.file.abs_dest_path))
    link = f'<link rel="stylesheet" href="{get_relative_url(CSS_URI, page.url)}">'
    return link + result["html"]


def on_post_build(config):
    _wait(_state["batch"].wait_all)   # a notebook without a page still has to run cleanly
    pages = [p for p in _state.get("pages", []) if p.is_file()]
    if not pages:
        return
    try:
        css = purge.purge_css(_jupyter_css(), pages)
    except purge.PurgeError as err:
        raise PluginError(f"{CSS_URI}: {err}") from None
    out = Path(config.site_dir) / CSS_URI
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(css, encoding="utf-8")
