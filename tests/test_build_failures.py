"""`mkdocs build --strict` must fail on a TeX error (naming the page) and on a broken link/anchor."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, run_mkdocs_build


def _project(tmp_path, pages: dict[str, str]):
    """A copy of the real config with a tiny docs/ and no notebooks (symlinks to the rest)."""
    for name in ("node_modules", "mianjing", "overrides"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "notebooks").mkdir()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?ms)^nav:.*", "", config)  # nav of the real site does not exist here
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in {"index.md": "# 首页\n\n正文。\n", **pages}.items():
        (docs / name).write_text(text, encoding="utf-8")
    return run_mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site", tmp_path)


def test_minimal_project_builds(tmp_path):
    proc = _project(tmp_path, {"ok.md": "# 好\n\n行内 $`\\sqrt{d_k}`$。\n\n## 小节 {#part}\n"})
    assert proc.returncode == 0, proc.stderr[-3000:]


def test_tex_error_fails_with_page_name(tmp_path):
    proc = _project(tmp_path, {"bad.md": "# 坏公式\n\n```math\n\\frac{1}{\n```\n"})
    assert proc.returncode != 0
    assert "bad.md" in proc.stderr + proc.stdout


@pytest.mark.parametrize(
    "text",
    ["# 坏链接\n\n见 [不存在](missing.md)。\n", "# 坏锚点\n\n见 [首页](index.md#no-such-anchor)。\n"],
)
def test_broken_link_or_anchor_fails_strict(tmp_path, text):
    proc = _project(tmp_path, {"links.md": text})
    assert proc.returncode != 0
    assert "links.md" in proc.stderr + proc.stdout


def test_mermaid_error_fails_with_page_and_line(tmp_path):
    proc = _project(tmp_path, {"diagram.md": "# 图\n\n正文。\n\n```mermaid\nflowchart LR\n  A -->\n```\n"})
    assert proc.returncode != 0
    assert "docs/diagram.md:5: mermaid:" in proc.stderr + proc.stdout
