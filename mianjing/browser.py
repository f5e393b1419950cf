"""The one headless browser of the project: Debian's chromium (or Chrome) driven by Playwright.

Used at build time (mermaid diagrams to SVG), by the exports (PDF) and by the tests. Playwright
never downloads a browser here: we launch the system one, with flags that keep it off the network.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CANDIDATES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def find_browser() -> str | None:
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    for name in CANDIDATES:
        if path := shutil.which(name):
            return path
    return None


def launch(playwright):
    exe = find_browser()
    if not exe:
        raise RuntimeError("no chromium/google-chrome found: run `make setup` (it installs Debian's chromium)")
    return playwright.chromium.launch(executable_path=exe, args=ARGS)
