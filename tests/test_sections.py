"""The question markup on built pages: what hooks/questions.py writes, mianjing/sections.py reads
back (the offline copy and every export go through that reader)."""

from __future__ import annotations

import lxml.html
from conftest import load_hook

from mianjing import sections

PAGE = ("<article><h1>页</h1><p>导语</p>"
        '<span class="q-alias" id="old-a"></span><h2 id="a">问题 A</h2><p class="q-meta">…</p>'
        "<p><strong>要点</strong></p><ul><li>一</li></ul><p><strong>解答</strong></p><p>答 A</p>"
        "<p><strong>追问</strong></p><p>追问 A</p>"
        '<h2 id="b">问题 B</h2><p><strong>解答</strong></p><p>答 B</p>'
        '<aside class="md-source-file">更新</aside></article>')


def test_written_sections_read_back_byte_for_byte():
    built = load_hook("questions").wrap_sections(PAGE, ["a", "b"], {"a": ["old-a"]}, before="<div>bar</div>")
    found = sections.read(built)
    assert list(found) == ["a", "b"]
    assert "".join(found.values()) in built, "a section is not a verbatim slice of the page"
    a = lxml.html.fragment_fromstring(found["a"])
    assert a.get("data-aliases") == "old-a" and a.xpath('.//span[@id="old-a"]'), "the alias anchor left its question"
    keypoints = a.xpath(f'./div[contains(@class, "{sections.KEYPOINTS}")]')[0].text_content()
    answer = a.xpath(f'./div[contains(@class, "{sections.ANSWER}")]')[0].text_content()
    assert "一" in keypoints and "答 A" not in keypoints
    assert "答 A" in answer and "追问 A" in answer
    b = lxml.html.fragment_fromstring(found["b"])
    assert not b.xpath(f'./div[contains(@class, "{sections.KEYPOINTS}")]')
    assert "更新" not in found["b"], "the page footer was taken into the last question"
    assert built.index("<div>bar</div>") < built.index(found["a"])


def test_a_page_without_questions_reads_empty():
    assert sections.read("<article><h2 id='x'>小节</h2></article>") == {}
