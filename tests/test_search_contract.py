"""What overrides/assets/javascripts/workers/search-zh.js relies on in Material's search worker.

If a Material update changes any of these, this test names the file to fix, instead of search
silently finding nothing for Chinese queries.
"""

import json
import re
from pathlib import Path

import material

from conftest import load_hook

WORKERS = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
WRAPPER = "overrides/assets/javascripts/workers/search-zh.js"


def worker_source() -> str:
    (path,) = WORKERS.glob("search.*.min.js")
    return path.read_text(encoding="utf-8")


def test_message_types_are_the_numbers_the_wrapper_uses():
    src = worker_source()
    # SearchMessageType is a TypeScript const enum, compiled to bare numbers: SETUP (0) is answered
    # with READY (1), QUERY (2) with RESULT (3)
    assert re.search(r"case 0:[^}]*?return[^}]*?\{type:1\}", src), f"SETUP/READY numbers changed: fix {WRAPPER}"
    assert re.search(r"case 2:.{0,200}?\{type:3,data:", src, re.S), f"QUERY/RESULT numbers changed: fix {WRAPPER}"


def test_worker_listens_and_answers_the_way_the_wrapper_hooks():
    src = worker_source()
    assert 'addEventListener("message"' in src, f"the worker no longer uses addEventListener('message'): fix {WRAPPER}"
    assert re.search(r"[^.\w]postMessage\(", src), f"the worker no longer calls the global postMessage: fix {WRAPPER}"


def test_worker_uses_lunr_builder_and_the_in_segmentation_the_wrapper_patches():
    src = worker_source()
    assert "lunr.Builder" in src or "t.Builder=function" in src, f"lunr.Builder not found: fix {WRAPPER}"
    assert re.search(r"\.field\(", src) and "Object.entries(e.fields)" in src, \
        f"the worker no longer indexes every configured field (keywords, keytitle): fix {WRAPPER} and mkdocs.yml"
    assert "self.lunr=" in src, f"the worker no longer exposes self.lunr: fix {WRAPPER}"
    # Material segments Han runs itself by testing `term in invertedIndex`; the wrapper hides the
    # inverted index from `in` with a Proxy
    seg = re.search(r"p\{sc=Han\}\+.{0,80}?invertedIndex", src, re.S)
    assert seg, f"Material's Han segmentation changed: check the Proxy in {WRAPPER}"
    assert re.search(r"\bin [a-z]\b", src), f"Material's `in`-based segmentation changed: check the Proxy in {WRAPPER}"


def test_the_site_starts_the_wrapper(site_dir):
    search = load_hook("search")
    assert search.check_wrapper(site_dir) is None


def test_a_broken_wiring_fails_the_build_check(tmp_path):
    search = load_hook("search")
    (tmp_path / "index.html").write_text(
        '<script id="__config" type="application/json">' + json.dumps({"search": "assets/javascripts/workers/search.abc.min.js"})
        + "</script>", encoding="utf-8")
    assert "not our wrapper" in search.check_wrapper(tmp_path)
    (tmp_path / "index.html").write_text("<p>no config</p>", encoding="utf-8")
    assert "#__config" in search.check_wrapper(tmp_path)
