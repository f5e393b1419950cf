"""Bad inputs give a clear error (exit 2, `path:line: message`, nothing written) or a correct result."""

import json
import shutil
from pathlib import Path

import pytest

from mianjing.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def site(tmp_path):
    (tmp_path / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "index.md", tmp_path / "docs" / "index.md")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def run(site, *notes):
    return main(["import", *map(str, notes), "--docs", str(site / "docs"),
                 "--mkdocs", str(site / "mkdocs.yml"), "--report", str(site / "report.json")])


def snapshot(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def good_note(site):
    p = site / "100_good.txt"
    p.write_text("### 1. 残差连接的作用？\n\n缓解梯度消失。\n", encoding="utf-8")
    return p


def assert_refused(site, capsys, bad, line, words):
    good = good_note(site)
    before = snapshot(site)
    assert run(site, good, bad) == 2
    err = capsys.readouterr().err
    assert f"{bad}:{line}: " in err and words in err
    assert snapshot(site) == before          # not even the good note was written


def test_binary_note_refused(site, capsys):
    bad = site / "200_bin.txt"
    bad.write_bytes(b"### 1. q\n\x00\x01\x02\xff")
    assert_refused(site, capsys, bad, 2, "binary")


def test_unclosed_code_fence_refused(site, capsys):
    bad = site / "201_fence.txt"
    bad.write_text("### 1. 手撕\n\n```python\nprint(1)\n", encoding="utf-8")
    assert_refused(site, capsys, bad, 3, "never closed")


def test_unbalanced_dollar_refused(site, capsys):
    bad = site / "202_dollar.txt"
    bad.write_text("### 1. 公式？\n\n方差是 $\\sigma^2 而不是别的\n", encoding="utf-8")
    assert_refused(site, capsys, bad, 3, "unbalanced")


def test_empty_note_is_an_empty_result(site):
    empty = site / "203_empty.txt"
    empty.write_bytes(b"")
    assert run(site, empty) == 0
    assert not list((site / "docs").glob("*/*.md"))


def test_gbk_and_crlf_notes_import(site):
    gbk = site / "204_gbk.txt"
    gbk.write_bytes("### 1. 什么是 KV Cache？\r\n\r\n缓存历史的 K 和 V。\r\n".encode("gbk"))
    assert run(site, gbk) == 0
    text = next((site / "docs" / "inference").glob("*.md")).read_text(encoding="utf-8")
    assert "什么是 KV Cache？" in text and "\r" not in text


def test_script_and_event_handlers_removed(site):
    note = site / "205_html.txt"
    note.write_text('### 1. 什么是 RAG？\n\n检索增强<script>alert("x")</script>生成。'
                    '<img src="x" onerror="alert(1)"><a href="javascript:alert(1)">点</a>\n', encoding="utf-8")
    assert run(site, note) == 0
    text = "".join(p.read_text(encoding="utf-8") for p in (site / "docs").glob("*/*.md"))
    assert "检索增强生成" in text
    for bad in ("<script", "onerror", "javascript:", "alert"):
        assert bad not in text


def test_all_placeholders(site):
    note = site / "206_ph.txt"
    note.write_text("# 1 LLM\n\n1. ？\n\n2. ?\n\n3. /\n\n4. 、\n\n5. \n", encoding="utf-8")
    assert run(site, note) == 0
    import json
    es = json.loads((site / "report.json").read_text(encoding="utf-8"))["entries"]
    assert [e["reason"] for e in es] == ["placeholder"] * 5
    assert not list((site / "docs").glob("*/*.md"))


def test_five_megabyte_note_imports_every_question(site):
    # 5 MB of long pasted answers (200 questions × 25 KB): everything lands, nothing is cut.
    # How long it takes is a benchmark (`make bench`), not a test.
    para = "   这是解答，包含公式 $x_{i}$ 和一些说明文字，注意力机制把每个位置与其他位置联系起来。\n\n"
    block = "".join(f"{i}. 第 {i} 题：如何理解注意力机制中的第 {i} 个细节？\n\n" + para * 230
                    for i in range(1, 201))
    note = site / "207_big.txt"
    note.write_text("# 1 Transformer\n\n" + block, encoding="utf-8")
    assert note.stat().st_size > 5_000_000
    assert run(site, note) == 0
    entries = json.loads((site / "report.json").read_text(encoding="utf-8"))["entries"]
    mine = [e for e in entries if e["note"] == note.name]
    assert len(mine) == 200 and all(e["outcome"] in ("new", "merged") for e in mine)
    text = (site / "docs" / "transformer" / "attention.md").read_text(encoding="utf-8")
    assert text.count("注意力机制把每个位置") >= 230
