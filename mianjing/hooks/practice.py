"""Practice mode: ship the pinned spaced-repetition library (npm `ts-fsrs`) with the site.

The practice modules themselves are plain files in overrides/assets/javascripts/practice/;
schedule.js loads vendor/ts-fsrs.js on first need (the drill, the progress page, a grade).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

VENDOR_URI = "assets/javascripts/vendor/ts-fsrs.js"


def on_files(files, config):
    umd = Path(config.config_file_path).resolve().parent / "node_modules" / "ts-fsrs" / "dist" / "index.umd.js"
    if not umd.is_file():
        raise PluginError(f"{umd} not found. Run `make setup` (or `npm ci`) first.")
    files.append(File.generated(config, VENDOR_URI, abs_src_path=str(umd)))
    return files
