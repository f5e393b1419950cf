import pytest

from mianjing.model import NoteError
from mianjing.read import decode, normalise, read_note


def test_utf8_bom_and_crlf(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("\ufeff# 标题\r\n1. 问题\r2. 第二\n".encode("utf-8"))
    assert read_note(p).lines == ["# 标题", "1. 问题", "2. 第二", ""]


def test_gbk_note(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes("1. 什么是注意力？\n\n   答案\n".encode("gbk"))
    assert read_note(p).lines[0] == "1. 什么是注意力？"


def test_invisible_characters_removed_nbsp_becomes_space():
    assert normalise("a\u200bb\u200dc\u00a0d\ufeffe\x07f\tg") == "abc de" + "f\tg"


def test_binary_refused_with_offset():
    with pytest.raises(NoteError) as err:
        decode(b"line one\nline two\x00\x01", "x.bin")
    assert err.value.line == 2 and "byte offset 17" in err.value.message


def test_corrupt_utf8_names_line():
    data = "第一行\n第二行\n".encode("utf-8") + b"\xff\xfe bad\n"
    with pytest.raises(NoteError) as err:
        decode(data, "bad.txt")
    assert err.value.line == 3 and "UTF-8" in err.value.message
    assert str(err.value).startswith("bad.txt:3:")
