"""mianjing/hooks/rebuild_cache.py: a rebuild takes unchanged pages' HTML from .cache/markdown/.

The cached build must write the same site, byte for byte, as the build that rendered every page:
this fails if MkDocs starts taking something else from a page's render than the hook restores.
Checks of links and anchors must still run on every build: a broken link or a link to a missing
anchor fails `--strict` whether the page was rendered or came from the cache (the first build here
is also the minimal project that must build).
"""

from __future__ import annotations

import filecmp
import re

from conftest import run_mkdocs_build, small_project

PAGES = {
    "index.md": "# 首页\n\n见 [注意力](a.md#why-scale)。\n",
    # no front matter: the title comes from the first heading, in the nav of every page
    "a.md": ("# 注意力机制\n\n## 为什么缩放 {#why-scale}\n\n$`\\frac{QK^T}{\\sqrt{d_k}}`$，见 [另一页](b.md#part)。\n\n"
             "```python\nimport torch\nx = torch.ones(2)\n```\n\n### 小节\n\n正文[^1]。\n\n[^1]: 脚注。\n"),
    "b.md": "---\ntitle: 另一页\n---\n\n# 另一页\n\n## 一节 {#part}\n\n正文。\n",
    "c.md": "# 第三页\n\n见 [首页](index.md)。\n",
}


def _build(tmp_path, site: str):
    proc = run_mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / site, tmp_path, cache=tmp_path / "cache")
    return proc, proc.stdout + proc.stderr


# outside a git repository the "last updated" line falls back to the build's time, to the second
_BUILD_TIME = re.compile(rb'title="[^"]*\d\d:\d\d:\d\d UTC"')


def _same(left, right) -> bool:
    return filecmp.cmp(left, right, shallow=False) or (
        left.suffix == ".html" and _BUILD_TIME.sub(b"", left.read_bytes()) == _BUILD_TIME.sub(b"", right.read_bytes()))


def _same_trees(left, right) -> list[str]:
    """Paths that differ or exist on one side only."""
    cmp = filecmp.dircmp(left, right)
    diff = [*cmp.left_only, *cmp.right_only, *cmp.funny_files]
    diff += [name for name in cmp.common_files if not _same(left / name, right / name)]
    for name in cmp.common_dirs:
        diff += [f"{name}/{d}" for d in _same_trees(left / name, right / name)]
    return diff


def test_cached_rebuild_writes_the_same_site_and_still_checks_links(tmp_path):
    docs = small_project(tmp_path, PAGES)
    proc, out = _build(tmp_path, "site1")
    assert proc.returncode == 0, out[-3000:]
    assert "Markdown: 4 pages rendered, 0 from" in out

    proc, out = _build(tmp_path, "site2")
    assert proc.returncode == 0, out[-3000:]
    assert "Markdown: 0 pages rendered, 4 from" in out
    assert _same_trees(tmp_path / "site1", tmp_path / "site2") == []
    assert "注意力机制" in (tmp_path / "site2" / "c" / "index.html").read_text(encoding="utf-8")  # title in the nav

    (docs / "c.md").write_text(PAGES["c.md"] + "\n新加的一句。\n", encoding="utf-8")
    proc, out = _build(tmp_path, "site3")
    assert proc.returncode == 0, out[-3000:]
    assert "Markdown: 1 pages rendered, 3 from" in out
    assert "新加的一句" in (tmp_path / "site3" / "c" / "index.html").read_text(encoding="utf-8")

    # a.md stays cached while the anchor it links to goes away; c.md gets a broken link
    (docs / "b.md").write_text(PAGES["b.md"].replace("{#part}", "{#renamed}"), encoding="utf-8")
    (docs / "c.md").write_text("# 第三页\n\n见 [没有的页](missing.md)。\n", encoding="utf-8")
    for site in ("site4", "site5"):   # and again: a render that warned was not cached
        proc, out = _build(tmp_path, site)
        assert proc.returncode != 0, out[-3000:]
        assert re.search(r"'a\.md'.*b\.md#part", out), out[-3000:]
        assert re.search(r"'c\.md'.*missing\.md", out), out[-3000:]


def test_an_unreadable_entry_is_rendered_again(tmp_path):
    from conftest import load_hook

    read = load_hook("rebuild_cache")._read
    (tmp_path / "torn.json").write_text('{"html": "<p>', encoding="utf-8")
    assert read(tmp_path / "torn.json") is None
    assert read(tmp_path / "missing.json") is None
    (tmp_path / "good.json").write_text('{"html": "<p>x</p>"}', encoding="utf-8")
    assert read(tmp_path / "good.json") == {"html": "<p>x</p>"}


def test_entries_unused_for_two_weeks_are_removed(tmp_path):
    import os
    import time

    from conftest import load_hook

    hook = load_hook("rebuild_cache")
    old, recent = tmp_path / "old.json", tmp_path / "recent.json"
    for path in (old, recent):
        path.write_text("{}", encoding="utf-8")
    month_ago = time.time() - 30 * 86400
    os.utime(old, (month_ago, month_ago))
    os.utime(recent, (month_ago, month_ago))
    hook._read(recent)   # a build used it: it stays
    assert hook.prune(tmp_path) == 1
    assert not old.exists() and recent.exists()
