"""`make bench`: figures to watch (not pass/fail) from one cold and one warm build on this machine."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkcheck import Site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def build(workdir: Path, site: Path) -> float:
    env = dict(os.environ, TMPDIR=str(workdir / "tmp"), NO_MKDOCS_2_WARNING="1")
    env["PATH"] = str(ROOT / "node_modules" / ".bin") + os.pathsep + env["PATH"]
    (workdir / "tmp").mkdir(exist_ok=True)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
        cwd=workdir, env=env, check=True,  # cwd: a fresh .cache/ (notebook cache) lives here
    )
    return time.perf_counter() - start


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def page_weight(site: Site, rel: str) -> tuple[int, int]:
    """gzip bytes of the page HTML, and of HTML + the same-site CSS/JS it loads."""
    html = site.root / rel
    total = gz(html)
    for url in set(site.pages[rel].loaded):
        if "://" in url or url.startswith("data:"):
            continue
        target = (html.parent / url.split("?")[0].split("#")[0]).resolve()
        if target.is_file():
            total += gz(target)
    return gz(html), total


def search_figures(site: Path) -> str:
    """recall@5, MRR and keyup→results time of tests/search_queries.tsv in Debian's chromium."""
    import functools
    import http.server
    import threading

    import search_eval as se
    from conftest import find_browser
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=find_browser(), args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
            )
            try:
                url = f"http://127.0.0.1:{server.server_address[1]}/"
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(url, wait_until="networkidle")
                outcomes = se.evaluate(page, url)
            finally:
                browser.close()
    finally:
        server.shutdown()
    return se.report(se.summarize(outcomes))


def kib(n: int) -> str:
    return f"{n / 1024:,.1f} KiB"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        out = work / "site"
        cold = build(work, out)
        warm = build(work, out)
        site = Site(out)
        htmls = list(out.rglob("*.html"))
        formulas = sum(
            len(re.findall(r'class="katex--(?:inline|display)"', p.read_text(encoding="utf-8"))) for p in htmls
        )
        notebooks = len(list((ROOT / "notebooks").glob("*.ipynb")))
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        index = out / "search" / "search_index.json"
        sections = sorted(
            p.relative_to(out).as_posix()
            for p in out.glob("*/*/index.html")
            if p.parts[-3] not in ("about", "notebooks", "tags", "assets", "search")
        )
        question = sections[0] if sections else "about/math/index.html"
        notebook = "notebooks/attention/index.html"
        print(f"cold build (empty caches): {cold:6.1f} s")
        print(f"warm rebuild:              {warm:6.1f} s")
        print(f"formulas (rendered):       {formulas}")
        print(f"notebooks:                 {notebooks}")
        print(f"HTML pages:                {len(htmls)}")
        print(f"site size:                 {kib(size)}")
        print(f"search index:              {kib(index.stat().st_size)} (gzip {kib(gz(index))})")
        entries = json.loads(index.read_text(encoding="utf-8"))["docs"]
        print(f"search entries:            {len(entries)}")
        print("search (tests/search_queries.tsv, chromium):")
        print("  " + search_figures(out).replace("\n", "\n  "))
        for label, rel in (("question page", question), ("notebook page", notebook)):
            html, total = page_weight(site, rel)
            print(f"{label:14s} {rel}: gzip HTML {kib(html)}, with CSS/JS {kib(total)}")


if __name__ == "__main__":
    main()
