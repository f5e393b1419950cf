"""The markup of one question on a built page, written by the build and read back by the exports.

mianjing/hooks/questions.py wraps each question in
`<section class="q-section" data-q="ID">`, its 要点 in `<div class="q-part q-keypoints">` and its
解答 (with 追问, 参考) in `<div class="q-part q-answer">`; practice mode, the offline copy and every
export read those. This module is the one place that knows the markup on both sides.
"""

from __future__ import annotations

import html as htmllib
import re

KEYPOINTS = "q-keypoints"
ANSWER = "q-answer"
# sections never nest, and a question's HTML holds no <section> of its own
_SECTION = re.compile(r'<section class="q-section" data-q="([^"]+)"[^>]*>.*?</section>', re.S)


def open_tag(qid: str, aliases: list[str] | None = None) -> str:
    attrs = f' data-aliases="{htmllib.escape(" ".join(aliases))}"' if aliases else ""
    return f'<section class="q-section" data-q="{qid}"{attrs}>'


CLOSE_TAG = "</section>"


def part(name: str, inner: str) -> str:
    return f'<div class="q-part {name}">{inner}</div>'


def read(page_html: str) -> dict[str, str]:
    """{question id: its whole <section>…</section>, byte for byte as on the page}."""
    return {m.group(1): m.group(0) for m in _SECTION.finditer(page_html)}
