"""`make bench`: the figures to watch, measured on this machine in one run (not pass/fail).

Speed-ups are measured side by side in the same run (these machines are noisy): KaTeX batched vs
one process per formula, notebooks in parallel vs the sum of their own times, a topic page's
main-thread work with answers laid out when they near the screen vs all at load.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gzip_server import Server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = {"home": "", "question page (formulas + diagrams)": "transformer/attention/",
         "notebook page": "notebooks/attention/"}


def kib(n: float) -> str:
    return f"{n / 1024:,.1f} KiB"


def mkdocs_env(cache: Path) -> dict:
    """The tests' build environment (conftest.py), with its own caches."""
    from conftest import mkdocs_env as test_env

    return {**test_env(), "MIANJING_CACHE": str(cache)}


def build(cache: Path, site: Path, config: Path = ROOT / "mkdocs.yml", strict: bool = True) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", *(["--strict"] if strict else []),
                    "-f", str(config), "-d", str(site)],
                   cwd=config.parent, env=mkdocs_env(cache), check=True, capture_output=True)
    return time.perf_counter() - start


def build_without_page_cache(cache: Path, site: Path) -> float:
    """A warm build that renders every page's Markdown and compiles the templates again (the other
    caches kept); the page caches are put back afterwards."""
    aside = cache.parent / "page-caches-aside"
    names = [n for n in ("markdown", "jinja") if (cache / n).exists()]
    for name in names:
        (aside / name).parent.mkdir(parents=True, exist_ok=True)
        (cache / name).rename(aside / name)
    try:
        return build(cache, site)
    finally:
        for name in names:
            shutil.rmtree(cache / name, ignore_errors=True)
            (aside / name).rename(cache / name)


# ----------------------------------------------------------------------------- KaTeX

def site_formulas() -> list[tuple[str, dict]]:
    """Every distinct formula of the question pages: ```math blocks and inline $`…`$."""
    from mianjing.page import question_pages

    found = {}
    for page in question_pages(ROOT / "docs"):
        for f in page.fences:
            if f.lang == "math":
                found[(f.body, True)] = 1
        for ln in page.lines:
            if ln.kind == "text":
                for tex in re.findall(r"\$`(.+?)`\$", ln.raw):
                    found[(tex, False)] = 1
    return [(tex, {"display-mode": True} if display else {}) for tex, display in found]


def katex_figures(tmp: Path, sample_size: int = 30) -> str:
    """One process per formula (markdown-katex's way) on a sample, against every formula of the
    site through one fresh long-lived process (start-up included), in the same run."""
    from mianjing import katex

    formulas = site_formulas()
    sample = random.Random(1).sample(formulas, min(sample_size, len(formulas)))
    cli = ROOT / "node_modules" / ".bin" / "katex"
    start = time.perf_counter()
    for k, (tex, options) in enumerate(sample):
        src = tmp / f"f{k}.tex"
        src.write_text(tex, encoding="utf-8")
        subprocess.run([str(cli), *katex.cli_args(options), "--input", str(src)], check=True, capture_output=True)
    per_process = len(sample) / (time.perf_counter() - start)
    os.environ["MIANJING_CACHE"] = str(tmp / "katex-cache")   # empty: every formula really rendered
    katex.SERVER_PROCESS.close()
    start = time.perf_counter()
    for tex, options in formulas:
        katex.tex2html(tex, dict(options))
    batched = len(formulas) / (time.perf_counter() - start)
    katex.SERVER_PROCESS.close()
    del os.environ["MIANJING_CACHE"]
    return (f"KaTeX: one process per formula {per_process:,.1f} formulas/s ({len(sample)} sampled); "
            f"all {len(formulas)} formulas of the site through one process {batched:,.0f} formulas/s; "
            f"ratio {batched / per_process:,.0f}x")


# ----------------------------------------------------------------------------- browser figures

def transfer_at_load(site: Path) -> list[str]:
    """Bytes on the wire (gzip, as GitHub Pages serves) until the page is idle, in chromium."""
    from playwright.sync_api import sync_playwright

    from mianjing.browser import launch

    out = []
    with Server(site) as url, sync_playwright() as pw:
        browser = launch(pw, shell=False)   # what readers run
        for label, path in PAGES.items():
            ctx = browser.new_context(viewport={"width": 390, "height": 844})
            page = ctx.new_page()
            sizes: list[tuple[str, int]] = []
            page.on("requestfinished", lambda r: sizes.append((r.resource_type, r.sizes()["responseBodySize"])))
            page.goto(url + path, wait_until="networkidle")
            page.wait_for_timeout(500)
            total = sum(s for _, s in sizes)
            fonts = sum(s for t, s in sizes if t == "font")
            out.append(f"{label:38s} {kib(total)} at load ({len(sizes)} requests, fonts {kib(fonts)})")
            ctx.close()
        # the drill: everything until the first card is on screen
        ctx = browser.new_context(viewport={"width": 390, "height": 844})
        page = ctx.new_page()
        sizes = []
        page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
        page.goto(url + "practice/drill/", wait_until="networkidle")
        page.locator("form.drill-form button[type=submit]").click()
        page.wait_for_selector(".drill-card[data-q]")
        out.append(f"{'drill page, until the first card':38s} {kib(sum(sizes))} ({len(sizes)} requests)")
        ctx.close()
        browser.close()
    return out


def main_thread_figures(site: Path, path: str = PAGES["question page (formulas + diagrams)"], runs: int = 3) -> str:
    """Main-thread work (style, layout, script; chromium's own counters) until `load` on a phone,
    as built vs with every question part laid out at load (content-visibility off), alternated
    in one run: Lighthouse's blocking time moves ±50 % between runs here, these counters do not."""
    from playwright.sync_api import sync_playwright

    from mianjing.browser import launch

    eager = "\n.md-typeset .q-part { content-visibility: visible !important; }\n"
    seconds: dict[bool, list[float]] = {True: [], False: []}
    with Server(site) as url, sync_playwright() as pw:
        browser = launch(pw, shell=False)   # what readers run
        for _ in range(runs):
            for lazy in (True, False):
                ctx = browser.new_context(viewport={"width": 390, "height": 844})
                if not lazy:
                    def laid_out(route):
                        response = route.fetch()
                        route.fulfill(response=response, body=response.text() + eager)
                    ctx.route("**/extra.css*", laid_out)
                page = ctx.new_page()
                cdp = ctx.new_cdp_session(page)
                cdp.send("Performance.enable")
                page.goto(url + path, wait_until="load")
                metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
                seconds[lazy].append(metrics["TaskDuration"])
                ctx.close()
        browser.close()
    lazy, eager_s = statistics.median(seconds[True]), statistics.median(seconds[False])
    return (f"{path}: main thread until load {lazy * 1000:.0f} ms as built, {eager_s * 1000:.0f} ms with every "
            f"answer laid out at load ({eager_s / lazy:.1f}x; median of {runs}, alternated)")


def lighthouse(site: Path) -> list[str]:
    from mianjing.browser import find_browser

    out = []
    with Server(site) as url:
        for label, path in PAGES.items():
            report = Path(tempfile.mkstemp(suffix=".json")[1])
            subprocess.run(
                [str(ROOT / "node_modules" / ".bin" / "lighthouse"), url + path, "--quiet", "--output=json",
                 f"--output-path={report}", "--only-categories=performance,accessibility,best-practices,seo",
                 "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
                 "--disable-background-networking --no-first-run"],
                env=dict(os.environ, CHROME_PATH=find_browser(shell=False) or ""), capture_output=True)
            try:
                data = json.loads(report.read_text(encoding="utf-8"))
                scores = " ".join(f"{k} {v['score'] if v['score'] is not None else 'n/a'}"
                                  for k, v in data["categories"].items())
                audits = data["audits"]
                extra = ", ".join(f"{k} {audits[k].get('displayValue', '?')}" for k in
                                  ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time"))
                out.append(f"{label:38s} {scores} ({extra})")
            except (ValueError, KeyError):
                out.append(f"{label:38s} lighthouse failed")
            report.unlink(missing_ok=True)
    return out


def search_figures(site: Path) -> str:
    import search_eval as se
    from playwright.sync_api import sync_playwright

    from mianjing.browser import launch

    with Server(site) as url, sync_playwright() as pw:
        browser = launch(pw, shell=False)   # what readers run
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url, wait_until="networkidle")
        outcomes = se.evaluate(page, url)
        browser.close()
    return se.report(se.summarize(outcomes))


# ----------------------------------------------------------------------------- 10x content

def synthetic_project(tmp: Path, copies: int) -> Path:
    """docs/ with every question page repeated `copies` times (ids made unique), no notebooks."""
    proj = tmp / f"x{copies}"
    shutil.copytree(ROOT / "docs", proj / "docs")
    for name in ("node_modules", "overrides", "mianjing"):
        (proj / name).symlink_to(ROOT / name)
    (proj / "notebooks").mkdir()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (proj / "mkdocs.yml").write_text(re.sub(r"(?ms)^nav:.*", "", config), encoding="utf-8")
    from mianjing.page import is_question_page

    for page in sorted((proj / "docs").glob("*/*.md")):
        src = page.relative_to(proj / "docs").as_posix()
        if not is_question_page(src):
            continue
        text = page.read_text(encoding="utf-8")
        for c in range(2, copies + 1):
            copy = re.sub(r"\{#([a-z0-9-]+)\}", rf"{{#\1-c{c}}}", text)
            copy = re.sub(r"\]\(#([a-z0-9-]+)\)", rf"](#\1-c{c})", copy)
            page.with_name(f"{page.stem}-c{c}.md").write_text(copy, encoding="utf-8")
    return proj


def scale_figures(tmp: Path, cache: Path) -> list[str]:
    out = []
    for copies in (1, 10):
        proj = synthetic_project(tmp, copies)
        seconds = build(cache, proj / "site", proj / "mkdocs.yml", strict=False)
        data = json.loads((proj / "site" / "questions.json").read_text(encoding="utf-8"))
        index = proj / "site" / "search" / "search_index.full.json"
        out.append(f"{copies:2d}x content: {len(data['questions']):5d} questions, build {seconds:6.1f} s, "
                   f"search index {kib(index.stat().st_size)}")
        shutil.rmtree(proj)
    return out


# ----------------------------------------------------------------------------- make serve

def serve_edit_figures(tmp: Path, cache: Path, page: str = "transformer/attention", edits: int = 3) -> str:
    """`mkdocs serve` on a copy of docs/ (everything else linked): seconds from saving an edit to
    one page until the server returns the edited page, which is when livereload shows it. Not
    strict: outside the repository the 更新记录 page (git history) is not generated."""
    import socket
    import urllib.request

    proj = tmp / "serve"
    shutil.copytree(ROOT / "docs", proj / "docs")
    for name in ("node_modules", "overrides", "mianjing", "notebooks", "mkdocs.yml"):
        (proj / name).symlink_to(ROOT / name)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/{page}/"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-q", "--no-strict", "-f", str(proj / "mkdocs.yml"),
                               "-a", f"127.0.0.1:{port}", "--livereload"], cwd=proj,
                              env={**mkdocs_env(cache), "SITE_URL": f"http://127.0.0.1:{port}/"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_for(text: str, limit: float = 300) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < limit:
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    if text in r.read().decode("utf-8"):
                        return time.perf_counter() - start
            except OSError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"{url} never showed {text!r}")

    try:
        first = wait_for("</html>")
        source = proj / "docs" / f"{page}.md"
        times = []
        for n in range(edits):
            time.sleep(1)
            marker = f"benchedit{n}x{random.randrange(10**6)}"
            source.write_text(source.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
            times.append(wait_for(marker))
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(proj)
    return (f"make serve: first page after {first:.1f} s; an edit to docs/{page}.md shows after "
            + ", ".join(f"{t:.1f}" for t in times) + " s (aim ≤ 5 s)")


# ----------------------------------------------------------------------------- exports

def export_figures(site: Path, cache: Path) -> list[str]:
    """`python -m mianjing export` on the warm build (its offline copy is a second, warm build)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mianjing", "export", "--site", str(site)], cwd=ROOT,
                          env=mkdocs_env(cache), check=True, capture_output=True, text=True)
    took = time.perf_counter() - start
    manifest = json.loads((site / "downloads" / "manifest.json").read_text(encoding="utf-8"))
    aims = {"mianjing-llm.apkg": 10 << 20, "mianjing-llm.pdf": 20 << 20}
    out = [f"all exports: {took:.1f} s (aim ≤ 60 s on a warm build); " + proc.stdout.strip().splitlines()[-1]]
    for f in manifest["files"]:
        aim = f" (aim ≤ {aims[f['name']] >> 20} MB)" if f["name"] in aims else ""
        out.append(f"{f['name']:42s} {f['bytes'] / (1 << 20):6.1f} MB{aim}")
    return out


# ----------------------------------------------------------------------------- main

def main() -> None:
    from mianjing import notebooks

    with tempfile.TemporaryDirectory(prefix="bench-") as t:
        tmp = Path(t)
        cache, site = tmp / "cache", tmp / "site"
        cold = build(cache, site)
        os.environ["MIANJING_CACHE"] = str(cache)
        runs = json.loads(notebooks.last_run_file().read_text(encoding="utf-8"))
        del os.environ["MIANJING_CACHE"]
        warm, uncached = [], []
        for _ in range(2):   # alternated, side by side
            warm.append(build(cache, site))
            uncached.append(build_without_page_cache(cache, site))
        print("== build")
        print(f"cold build (empty caches): {cold:6.1f} s")
        print(f"warm rebuild:              {min(warm):6.1f} s (runs {', '.join(f'{w:.1f}' for w in warm)}); "
              f"every page rendered again (no .cache/markdown, .cache/jinja): {min(uncached):.1f} s "
              f"({min(uncached) / min(warm):.1f}x)")
        total = sum(runs["seconds"].values())
        print(f"notebooks: {len(runs['seconds'])} executed on {runs['workers']} workers in {runs['wall']:.1f} s wall, "
              f"sum of their own times {total:.1f} s ({total / runs['wall']:.1f}x)")
        print(serve_edit_figures(tmp, cache))
        print(katex_figures(tmp))
        print("== site")
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        data = json.loads((site / "questions.json").read_text(encoding="utf-8"))
        print(f"site size: {kib(size)}, {len(list(site.rglob('*.html')))} HTML files, {len(data['questions'])} questions")
        for name in ("questions.json", "questions.index.json"):
            raw = (site / name).read_bytes()
            print(f"{name}: {kib(len(raw))} (gzip {kib(len(gzip.compress(raw, 6)))})")
        index = site / "search" / "search_index.full.json"
        print(f"search index: {kib(index.stat().st_size)} (loaded when search is opened; "
              f"page load gets {kib((site / 'search' / 'search_index.json').stat().st_size)})")
        print("== exports (make export)")
        print("\n".join(export_figures(site, cache)))
        print("== page weight (gzip, chromium, 390x844)")
        print("\n".join(transfer_at_load(site)))
        print("== main thread at load (chromium, 390x844)")
        print(main_thread_figures(site))
        print("== Lighthouse (mobile, gzip server)")
        print("\n".join(lighthouse(site)))
        print("== search (tests/search_queries.tsv, chromium)")
        print(search_figures(site))
        print("== scale (synthetic copies of the question pages, no notebooks, warm formula cache)")
        print("\n".join(scale_figures(tmp, cache)))


if __name__ == "__main__":
    main()
