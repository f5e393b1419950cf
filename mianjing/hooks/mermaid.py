"""Mermaid: self-host the pinned npm `mermaid` bundle instead of Material's unpkg.com fallback.

Material renders ```mermaid fences with the global `mermaid` if one is defined, otherwise it loads
it from a CDN.  overrides/assets/javascripts/mermaid-loader.js defines a small stand-in on
every page that loads assets/javascripts/mermaid.min.js (copied here from node_modules) only when
a page actually has a diagram.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

BUNDLE_URI = "assets/javascripts/mermaid.min.js"


def on_files(files, config):
    root = Path(config.config_file_path).resolve().parent
    bundle = root / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    if not bundle.is_file():
        raise PluginError(f"{bundle} not found. Run `make setup` (or `npm ci`) first.")
    files.append(File.generated(config, BUNDLE_URI, abs_src_path=str(bundle)))
    return files
