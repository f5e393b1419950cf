"""更新记录: a page listing the questions added or revised lately, and its Atom feed.

Both come from the git history of the question pages (mianjing.history) and are generated into
the build (nothing to commit): `changes.md` (nav: 关于 → 更新记录) and `feed.xml` at the site root,
announced to feed readers by a `<link rel="alternate">` in overrides/main.html. Entries link to
the question's anchor; titles and page names are today's, whatever they were when changed.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from itertools import groupby
from pathlib import Path
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from mkdocs.structure.files import File

from mianjing import history
from mianjing.classify import load as load_taxonomy
from mianjing.config import DOCS
from mianjing.page import question_pages

PAGE_URI = "changes.md"
FEED_URI = "feed.xml"
PAGE_LIMIT = 150     # changes listed on the page
FEED_LIMIT = 50      # entries in the feed
KIND = {"added": "新增", "revised": "修订"}
_CODE = re.compile(r"`([^`]*)`")


def plain_title(markdown_title: str) -> str:
    return _CODE.sub(r"\1", markdown_title).replace("$", "").strip()


def questions() -> dict[str, dict]:
    """Every live question: its page, title (Markdown), section and page names."""
    tax = load_taxonomy()
    sections = {s["slug"]: s["title"] for s in tax.sections}
    out = {}
    for page in question_pages(DOCS):
        for q in page.questions:
            if q.id:
                out[q.id] = {"src": page.src, "title": q.title, "page_title": page.title or "",
                             "section_title": sections.get(page.src.split("/")[0], "")}
    return out


def render_page(changes: list[history.Change], live: dict[str, dict], complete: bool) -> str:
    lines = ["---", "title: 更新记录", "search:", "  exclude: true", "---", "", "# 更新记录", "",
             "最近新增和修订的题目，新的在前。记录来自仓库的 git 历史：题目的标题或解答改了至少 "
             f"{history.MIN_CHANGED_LINES} 行才算修订，只改标签、来源或错别字的不算。"
             f"用 RSS 阅读器订阅 [Atom 源]({FEED_URI})，有新题就能收到。", ""]
    if not complete:
        lines += ['!!! note "历史不完整"', "",
                  "    这份副本没有完整的 git 历史（源码包或浅克隆），下面只是能读到的部分。", ""]
    if not changes:
        lines += ["暂无记录。", ""]
    for day, group in groupby(changes, key=lambda c: c.when.date().isoformat()):
        lines += [f"## {day}", ""]
        for c in group:
            q = live[c.qid]
            size = f"，改动 {c.lines} 行" if c.kind == "revised" else ""
            text = q["title"].replace("[", "\\[").replace("]", "\\]")    # [CLS] in a title
            lines.append(f"- {KIND[c.kind]}：[{text}]({q['src']}#{c.qid})"
                         f"（{q['section_title']} · {q['page_title']}{size}）")
        lines.append("")
    return "\n".join(lines)


def render_feed(changes: list[history.Change], live: dict[str, dict], urls: dict[str, str], site_url: str) -> str:
    host = urlsplit(site_url).hostname or "localhost"
    fg = FeedGenerator()
    fg.id(site_url + urls[PAGE_URI])
    fg.title("大模型面试题解 · 更新记录")
    fg.subtitle("新增和修订的面试题")
    fg.language("zh-CN")
    fg.link(href=site_url + urls[PAGE_URI], rel="alternate")
    fg.link(href=site_url + FEED_URI, rel="self")
    fg.updated(changes[0].when if changes else datetime.now(timezone.utc))
    for c in changes:
        q = live[c.qid]
        entry = fg.add_entry(order="append")
        entry.id(f"tag:{host},{c.when.year}:{c.qid}/{c.commit[:12]}")
        entry.title(f"{KIND[c.kind]}：{plain_title(q['title'])}")
        entry.link(href=f"{site_url}{urls[q['src']]}#{c.qid}")
        entry.updated(c.when)
        entry.summary(f"{q['section_title']} · {q['page_title']}"
                      + (f"（改动 {c.lines} 行）" if c.kind == "revised" else ""))
    return fg.atom_str(pretty=True).decode("utf-8")


def on_files(files, config):
    if DOCS.resolve() != Path(config.docs_dir).resolve():
        return files    # a test project, not this repository's docs
    live = questions()
    hist = history.read_cached()
    changes = [c for c in hist.changes if c.qid in live]
    page = File.generated(config, PAGE_URI, content=render_page(changes[:PAGE_LIMIT], live, hist.complete))
    files.append(page)
    urls = {src: f.url for src in {q["src"] for q in live.values()} if (f := files.get_file_from_path(src))}
    urls[PAGE_URI] = page.url
    site_url = config.site_url or ""
    files.append(File.generated(config, FEED_URI, content=render_feed(changes[:FEED_LIMIT], live, urls, site_url)))
    return files
