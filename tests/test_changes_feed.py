"""更新记录: the page and its Atom feed in the built site, as a reader and a feed reader see them."""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import unquote, urlsplit

from lxml import etree

from mianjing import config

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(site_dir):
    return etree.parse(str(site_dir / "feed.xml")).getroot()


def site_file(site_dir, url: str):
    """The built file behind an absolute site URL, and its fragment."""
    parts = urlsplit(url)
    prefix = urlsplit(config.site_url()).path
    assert parts.path.startswith(prefix), url
    path = parts.path[len(prefix):]
    return site_dir / (path + "index.html" if path.endswith("/") or not path else path), unquote(parts.fragment)


def test_feed_is_atom_newest_first_and_links_resolve(site_dir):
    root = feed(site_dir)
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(ATOM + tag) is not None and root.find(ATOM + tag).text, tag
    self_link = [l.get("href") for l in root.findall(ATOM + "link") if l.get("rel") == "self"]
    assert self_link == [config.site_url() + "feed.xml"]
    entries = root.findall(ATOM + "entry")
    assert 10 <= len(entries) <= 50
    ids = [e.find(ATOM + "id").text for e in entries]
    assert len(set(ids)) == len(ids)
    dates = [datetime.fromisoformat(e.find(ATOM + "updated").text) for e in entries]
    assert dates == sorted(dates, reverse=True), "entries must be newest first"
    questions = {q["id"] for q in json.loads((site_dir / "questions.json").read_text(encoding="utf-8"))["questions"]}
    for e in entries:
        title = e.find(ATOM + "title").text
        assert title.startswith(("新增：", "修订：")) and "`" not in title, title
        path, anchor = site_file(site_dir, e.find(ATOM + "link").get("href"))
        assert path.is_file(), path
        assert anchor in questions and f'id="{anchor}"' in path.read_text(encoding="utf-8"), anchor


def test_changes_page_lists_the_feed_entries(site_dir, open_page, artifacts):
    page = open_page("changes/")
    links = page.locator("article li a").evaluate_all("els => els.map(a => a.href)")
    entries = [e.find(ATOM + "link").get("href") for e in feed(site_dir).findall(ATOM + "entry")]
    anchors = [urlsplit(u).fragment for u in links]
    assert [urlsplit(u).fragment for u in entries] == anchors[: len(entries)]
    days = page.locator("article h2").all_inner_texts()
    assert days and days == sorted(days, reverse=True)
    assert page.locator('link[rel~="alternate"][type="application/atom+xml"]').count() == 1
    page.locator("article li a").first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).fragment == anchors[0]
    assert page.locator(f'[id="{anchors[0]}"]').is_visible()
    open_page("changes/", width=390, height=844).screenshot(path=str(artifacts / "changes-phone.png"))
