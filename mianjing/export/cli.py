"""`python -m mianjing export`: every download, from the built site (`make export`).

Reads the built site (default `site/`, built first by `make export`), writes into
`<site>/downloads/`: the Anki deck and TSV, the PDF book, the 答题卡 (plain and with 要点), the
offline copy, `manifest.json`, and fills the table of the 下载 page. The offline build runs in a
second process while the PDFs print. Each file is written whole (`.part`, then renamed) or not
at all; any failure exits non-zero naming the file.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from mianjing import config

from . import anki, book, built, downloads, offline

CHINA = timezone(timedelta(hours=8))     # the date readers see on the 下载 page

FILES = {   # name → (title on the 下载 page, what it holds)
    "anki": ("mianjing-llm.apkg", "Anki 卡组", "每题一张卡：题目 / 要点、解答、网站链接"),
    "tsv": ("mianjing-llm-anki.tsv", "Anki 文本导入", "同样的内容，供 Anki 的文本导入"),
    "book": ("mianjing-llm.pdf", "PDF 书", "全部题目和完整解答，带目录和书签"),
    "sheet": ("mianjing-llm-answer-sheet.pdf", "答题卡 PDF", "只有题目和书写横线"),
    "sheet-keypoints": ("mianjing-llm-answer-sheet-keypoints.pdf", "答题卡 PDF（附要点）", "题目、横线和要点"),
    "offline": ("mianjing-llm-offline.zip", "离线网站", "解压后打开 index.html，可阅读、搜索、练习"),
}


def export(site_dir: Path, out_dir: Path, only: list[str], site_url: str | None = None) -> dict:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    site = built.load(site_dir, site_url)
    timings["read site"] = time.perf_counter() - t0
    date = datetime.now(CHINA).date().isoformat()
    out_dir.mkdir(parents=True, exist_ok=True)
    path = {key: out_dir / FILES[key][0] for key in FILES}

    with tempfile.TemporaryDirectory(prefix="mianjing-export-") as tmp:
        build = offline.start(Path(tmp)) if "offline" in only else None
        t = time.perf_counter()
        if "anki" in only:
            anki.write_apkg(site, path["anki"])
        if "tsv" in only:
            anki.write_tsv(site, path["tsv"])
        timings["anki"] = time.perf_counter() - t
        jobs = []
        if "book" in only:
            jobs.append((book.book_html(site, date), path["book"], "大模型面试题解"))
        if "sheet" in only:
            jobs.append((book.sheet_html(site, date), path["sheet"], "大模型面试题解 · 答题卡"))
        if "sheet-keypoints" in only:
            jobs.append((book.sheet_html(site, date, keypoints=True), path["sheet-keypoints"],
                         "大模型面试题解 · 答题卡（附要点）"))
        if jobs:
            timings.update(book.print_pdfs(jobs, book.outline(site)))
        if build is not None:
            t = time.perf_counter()
            offline.finish(build, path["offline"], site.site_url)
            timings["offline (wait + zip)"] = time.perf_counter() - t

    files = [{"key": key, "name": FILES[key][0], "title": FILES[key][1], "what": FILES[key][2]}
             for key in FILES if key in only]
    manifest = downloads.write_manifest(out_dir, files, len(site.questions), date)
    if out_dir.resolve() == (site_dir / "downloads").resolve():
        downloads.patch_page(site_dir, manifest, "")
    timings["total"] = time.perf_counter() - t0
    manifest["timings"] = timings
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mianjing export", description=__doc__.split("\n")[0])
    parser.add_argument("--site", default=str(config.ROOT / "site"), help="the built site (default: site/)")
    parser.add_argument("--out", help="where to write (default: <site>/downloads)")
    parser.add_argument("--only", default=",".join(FILES), help=f"comma-separated subset of: {', '.join(FILES)}")
    parser.add_argument("--site-url", help="absolute links in the exports (default: site_url of mkdocs.yml)")
    args = parser.parse_args(argv)
    only = [k.strip() for k in args.only.split(",") if k.strip()]
    unknown = [k for k in only if k not in FILES]
    if unknown:
        parser.error(f"unknown export(s): {', '.join(unknown)}")
    site_dir = Path(args.site)
    out_dir = Path(args.out) if args.out else site_dir / "downloads"
    try:
        manifest = export(site_dir, out_dir, only, args.site_url)
    except built.ExportError as err:
        print(f"export: {err}", file=sys.stderr)
        return 1
    for f in manifest["files"]:
        print(f"{out_dir / f['name']}  {downloads.human_size(f['bytes'])}")
    print("time: " + ", ".join(f"{k} {v:.1f} s" for k, v in manifest["timings"].items()))
    return 0
