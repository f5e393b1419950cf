"""Links readers saved keep working: retired pages redirect (keeping #id), and an id that is not on
the page it is linked from is followed to where it lives now (anchors.js + questions.json)."""

from urllib.parse import unquote, urlsplit

from mianjing.structure import Register

HOOK_PAGE_STUB_MARK = "本页已合并到"


def _landed(page):
    return urlsplit(page.url).path, unquote(urlsplit(page.url).fragment)


def test_every_moved_page_has_a_forwarding_page(site_dir):
    moved = Register.load().moved_pages
    assert moved, "no moved pages registered"
    for old, new in moved.items():
        html = (site_dir / old / "index.html").read_text(encoding="utf-8")
        assert HOOK_PAGE_STUB_MARK in html and "location.hash" in html, old
        assert (site_dir / new / "index.html").is_file(), new


def test_retired_page_forwards_with_the_anchor(open_page, base_url):
    page = open_page("alignment/rl-basics/#rl-vs-sft", wait="load")
    page.wait_for_url("**/alignment/rlhf-ppo/#rl-vs-sft", timeout=15000)
    path, anchor = _landed(page)
    assert path.endswith("/alignment/rlhf-ppo/") and anchor == "rl-vs-sft"
    page.wait_for_selector("h2#rl-vs-sft")


def test_an_id_linked_on_the_wrong_page_is_followed(open_page):
    page = open_page("peft/lora/#bn-vs-ln", wait="load")
    page.wait_for_url("**/transformer/normalization/#bn-vs-ln", timeout=15000)
    assert page.locator("h2#bn-vs-ln").count() == 1
