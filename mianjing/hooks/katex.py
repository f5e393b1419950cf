"""KaTeX: formulas rendered by one Node process with a persistent cache, CSS and fonts self-hosted.

markdown-katex renders each formula by calling `markdown_katex.wrapper.tex2html`, which starts a
`katex` CLI process per formula. We put `mianjing.katex.tex2html` in its place: same arguments,
byte-identical HTML (tests/test_katex.py compares), one long-lived process and a cache in
.cache/katex/. The CSS and fonts we copy come from the same pinned node_modules/katex.
This touches a module attribute of markdown-katex; tests/test_katex.py fails, naming
markdown_katex/extension.py, if upstream stops calling `wrapper.tex2html`.
The fonts are written after the build, cut down to the characters the built pages contain
(mianjing/katex_fonts.py, collected as each page is written): a formula page loads ≈ 40 % fewer
font bytes.
A formula rendered inside inline code fails the build with its line (`on_page_content`).
"""

from __future__ import annotations

import html as html_lib
import re
import shutil
from pathlib import Path

from markdown_katex import wrapper
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from mianjing import katex, katex_fonts

ASSET_DIR = "assets/katex"
_state: dict = {}


def on_config(config):
    dist = Path(config.config_file_path).resolve().parent / "node_modules" / "katex" / "dist"
    if not (dist / "katex.min.css").is_file():
        raise PluginError(f"KaTeX not found at {dist}. Run `make setup` (or `npm ci`) first.")
    wrapper.tex2html = katex.tex2html
    _state["dist"] = dist
    return config


def _woff2_only(css: str) -> str:
    """Drop the .woff/.ttf fallbacks: every browser we serve reads woff2."""
    return re.sub(r',url\([^)]*\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "", css)


def on_files(files, config):
    dist = _state["dist"]
    css = _woff2_only((dist / "katex.min.css").read_text(encoding="utf-8"))
    files.append(File.generated(config, f"{ASSET_DIR}/katex.min.css", content=css))
    return files


# markdown-katex takes a closing backtick for an opening one: in "`$…$` 或 `$$…$$`" it renders
# "$` 或 `$" as the formula " 或 ", and readers see the two code spans run together around it
_MATH_IN_CODE = re.compile(r'<code>(?:(?!</code>).)*?<annotation encoding="application/x-tex">(.*?)</annotation>', re.S)


def on_page_content(html, page, config, files):
    m = _MATH_IN_CODE.search(html)
    if m:
        math = "$`" + html_lib.unescape(m.group(1)) + "`$"
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8").splitlines()
        line = next((f":{n}" for n, text in enumerate(source, 1) if math in text), "")
        raise PluginError(f"{page.file.src_uri}{line}: inline code next to a $ made a formula of {math!r}; "
                          "write such code with double backticks and spaces: `` $…$ ``")


def on_pre_build(config):
    _state["chars"] = katex_fonts.PageCharacters()


@event_priority(-100)  # the page as written, after every other hook
def on_post_page(output, page, config):
    _state["chars"].add(output)


def on_post_build(config):
    katex.SERVER_PROCESS.close()
    site = Path(config.site_dir)
    fonts = sorted((_state["dist"] / "fonts").glob("*.woff2"))
    out = site / ASSET_DIR / "fonts"
    out.mkdir(parents=True, exist_ok=True)
    for name, path in katex_fonts.subset(fonts, _state["chars"].characters()).items():
        shutil.copyfile(path, out / name)
