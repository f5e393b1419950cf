"""Shared fixtures: the built site (built once), a local static server, a Chromium browser, and
`open_page`, the only way tests open a page: it fails the test on any request that leaves
127.0.0.1, on failed requests and on console errors.

Tests that use the built site or the browser are marked `site` automatically (`make lint` runs
the others, `make test-site` these).
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from mianjing.browser import find_browser, launch

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


def load_hook(name: str):
    """A module of mianjing/hooks/, loaded by path as MkDocs loads it."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"hook_{name}", ROOT / "mianjing" / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(ROOT / "node_modules" / ".bin") + os.pathsep + env.get("PATH", "")
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["NBCONVERT_DISABLE_CONFIG_EXPORTERS"] = "1"   # as the Makefile sets it: faster start, same site
    return env


def run_mkdocs_build(config: Path, site_dir: Path, cwd: Path, cache: Path | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict`; with `cache`, the build caches live there instead of .cache/."""
    env = mkdocs_env()
    if cache is not None:
        env["MIANJING_CACHE"] = str(cache)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def small_project(root: Path, pages: dict[str, str]) -> Path:
    """A project in `root` with the real mkdocs.yml minus its nav, the given docs/ pages (plus a home
    page unless given) and no notebooks; code and npm packages are symlinks. Returns docs/."""
    import re

    for name in ("node_modules", "mianjing", "overrides"):
        (root / name).symlink_to(ROOT / name)
    (root / "notebooks").mkdir()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(re.sub(r"(?ms)^nav:.*", "", config), encoding="utf-8")
    docs = root / "docs"
    docs.mkdir()
    for name, text in {"index.md": "# 首页\n\n正文。\n", **pages}.items():
        (docs / name).write_text(text, encoding="utf-8")
    return docs


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """`make test` builds site/ first and passes SITE_DIR; otherwise build once here."""
    given = os.environ.get("SITE_DIR")
    if given and (Path(given) / "index.html").is_file():
        return Path(given)
    out = tmp_path_factory.mktemp("site")
    proc = run_mkdocs_build(ROOT / "mkdocs.yml", out, ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="session")
def base_url(site_dir):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert find_browser(), "no chromium/google-chrome found: run `make setup`"
    with sync_playwright() as pw:
        browser = launch(pw)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


SITE_FIXTURES = {"site_dir", "base_url", "browser", "open_page"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)
        if "downloads" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.exports)


class Watch:
    """What a page did that a reader must never see: third-party requests, errors."""

    def __init__(self):
        self.external: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []

    def check(self):
        assert not self.external, f"requests leaving 127.0.0.1: {self.external}"
        assert not self.errors, f"console errors: {self.errors}"
        assert not self.failed, f"failed requests: {self.failed}"


def watched_page(browser, url: str, watch: Watch, *, width=1280, height=900, scheme="light", wait="networkidle"):
    """A new browser context + page at *url* whose misbehaviour is recorded in *watch*."""
    ctx = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)

    def route(r):
        host = urlsplit(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            watch.external.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    page = ctx.new_page()
    page.on("console", lambda m: m.type == "error" and watch.errors.append(m.text))
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    # ERR_ABORTED: the page navigated away (a redirect) while a request was in flight
    page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "") and watch.failed.append(r.url))
    page.on("response", lambda r: r.status >= 400 and watch.failed.append(f"{r.status} {r.url}"))
    page.goto(url, wait_until=wait)
    return page


@pytest.fixture
def open_page(browser, base_url):
    """open_page(path, width=, height=, scheme=) -> a Playwright page of the built site; the test
    fails afterwards if any page it opened misbehaved."""
    pages = []
    watch = Watch()

    def _open(path="", **kw):
        page = watched_page(browser, base_url + path, watch, **kw)
        pages.append(page)
        return page

    _open.watch = watch
    yield _open
    for page in pages:
        page.context.close()
    watch.check()
