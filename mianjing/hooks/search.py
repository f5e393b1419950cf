"""Search: Chinese segmentation with a domain dictionary, and a clean index.

- Material's search plugin segments Chinese with jieba (only if jieba imports). We load
  mianjing/search/userdict.txt so domain words (投机采样, 旋转位置编码, …) stay one token, and keep
  jieba's dictionary cache in .cache/ (writable, cached by CI) instead of the system temp dir.
- A KaTeX formula would land in the index three times (MathML, TeX annotation, glyph spans):
  while a page is indexed, formulas are swapped for their TeX source, and notebook outputs,
  prompts and copy buttons are left out.
"""

from __future__ import annotations

import logging
from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.plugins import event_priority

USERDICT = "mianjing/search/userdict.txt"
_loaded: set[str] = set()

NOTEBOOK_NOISE = ".jp-OutputArea, .jp-InputPrompt, .jp-OutputPrompt, .zeroclipboard-container, link"


def index_html(html: str) -> str:
    """The page HTML as it should be indexed: formulas as TeX, no notebook noise."""
    if "katex" not in html and "jp-Cell" not in html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    for el in soup.select(".katex"):
        ann = el.find("annotation", attrs={"encoding": "application/x-tex"})
        el.replace_with(f" {ann.get_text().strip()} " if ann else " ")
    for el in soup.select(NOTEBOOK_NOISE):
        el.decompose()
    return str(soup)


def _load_jieba(root: Path) -> None:
    import jieba

    cache = root / ".cache" / "jieba"
    cache.mkdir(parents=True, exist_ok=True)
    jieba.dt.tmp_dir = str(cache)
    jieba.setLogLevel(logging.WARNING)
    path = root / USERDICT
    if str(path) not in _loaded:
        jieba.load_userdict(str(path))
        _loaded.add(str(path))


@event_priority(-100)  # after the search plugin created its index
def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    _load_jieba(root)
    plugin = config.plugins.get("material/search")
    if plugin is None or not hasattr(plugin, "search_index"):
        return config
    index = plugin.search_index
    original = index.add_entry_from_context

    def add_entry_from_context(page):
        html = page.content
        page.content = index_html(html)
        try:
            original(page)
        finally:
            page.content = html

    index.add_entry_from_context = add_entry_from_context
    return config
