"""KaTeX: render every formula with the pinned npm `katex` CLI and self-host its CSS + fonts.

markdown-katex looks for `katex` (then `npx --no-install katex`) on PATH for every formula and
remembers the first hit in $TMPDIR/mdkatex/local_katex_cmd.txt, which may point to another
checkout.  We pin the command to this repository's node_modules/.bin/katex instead, so the CSS we
copy (node_modules/katex/dist) is always from exactly the version that rendered the HTML.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from markdown_katex import wrapper
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ASSET_DIR = "assets/katex"
_state: dict = {}


def katex_paths(root: Path) -> tuple[Path, Path]:
    """Return (CLI path, dist dir) of the pinned npm katex package under `root`."""
    return root / "node_modules" / ".bin" / "katex", root / "node_modules" / "katex" / "dist"


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    cli, dist = katex_paths(root)
    if not cli.is_file() or not (dist / "katex.min.css").is_file():
        raise PluginError(
            f"KaTeX CLI not found at {cli}. Run `make setup` (or `npm ci`) first."
        )
    # node_modules/.bin first on PATH for anything else that looks for katex
    bin_dir = str(cli.parent)
    if not os.environ.get("PATH", "").startswith(bin_dir + os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    wrapper.get_bin_cmd = lambda: [str(cli)]
    # markdown-katex scans its whole cache dir after *every* formula (O(formulas x cache files):
    # ~70 s of a warm build with 800 formulas). Evict stale entries once per build instead.
    if not _state.get("evict_once"):
        _state["evict_once"] = wrapper._cleanup_cache_dir
        wrapper._cleanup_cache_dir = lambda: None
    _state["evict_once"]()
    _state["dist"] = dist
    return config


def _woff2_only(css: str) -> str:
    """Drop the .woff/.ttf fallbacks: every browser we serve reads woff2."""
    return re.sub(r',url\([^)]*\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "", css)


def on_files(files, config):
    dist = _state["dist"]
    css = _woff2_only((dist / "katex.min.css").read_text(encoding="utf-8"))
    files.append(File.generated(config, f"{ASSET_DIR}/katex.min.css", content=css))
    for font in sorted((dist / "fonts").glob("*.woff2")):
        files.append(
            File.generated(config, f"{ASSET_DIR}/fonts/{font.name}", abs_src_path=str(font))
        )
    return files
