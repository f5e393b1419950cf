"""The one headless browser of the project: Debian's chromium, driven by Playwright.

Used at build time (mermaid diagrams to SVG), by the exports (PDF) and by the tests, in Debian's
`chromium-headless-shell`: the same engine as chromium without the browser's own windows, and what
Playwright itself runs for headless. Full chromium opens a window for every browser context, with
the address bar's WebUI popup in a renderer of its own: here that is 2.8 CPU-seconds per context
and page load against 0.9 s in the shell. Lighthouse and the page measurements of `make bench` use
the full browser (`shell=False`), because that is what readers run.

Playwright never downloads a browser here: we launch the system one, with flags that keep it off
the network. $CHROMIUM overrides both choices.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

SHELLS = ["chromium-headless-shell"]
BROWSERS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def find_browser(*, shell: bool = True) -> str | None:
    """The headless shell if installed (else a full browser); with shell=False a full browser."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    for name in (SHELLS if shell else []) + BROWSERS:
        if Path("/usr/bin", name).exists():
            return f"/usr/bin/{name}"
        if path := shutil.which(name):
            return path
    return None


def launch(playwright, *, shell: bool = True):
    exe = find_browser(shell=shell)
    if not exe:
        raise RuntimeError("no chromium/google-chrome found: run `make setup` (it installs Debian's chromium)")
    return playwright.chromium.launch(executable_path=exe, args=ARGS)
