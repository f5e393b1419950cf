"""`mkdocs build --strict` must fail on a TeX error and on a diagram that does not parse, naming the page.

Broken links and anchors: tests/test_rebuild_cache.py (with and without the render cache)."""

from __future__ import annotations

from conftest import run_mkdocs_build, small_project


def _project(tmp_path, pages: dict[str, str]):
    small_project(tmp_path, pages)
    return run_mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site", tmp_path)


def test_tex_error_fails_with_page_name(tmp_path):
    proc = _project(tmp_path, {"bad.md": "# 坏公式\n\n```math\n\\frac{1}{\n```\n"})
    assert proc.returncode != 0
    assert "bad.md" in proc.stderr + proc.stdout


def test_mermaid_error_fails_with_page_and_line(tmp_path):
    proc = _project(tmp_path, {"diagram.md": "# 图\n\n正文。\n\n```mermaid\nflowchart LR\n  A -->\n```\n"})
    assert proc.returncode != 0
    assert "docs/diagram.md:5: mermaid:" in proc.stderr + proc.stdout
