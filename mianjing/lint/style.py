"""Chinese typography (format guide §6): autocorrect on the prose, never on code, math or ids.

`W-SPACE` is a warning (`E-SPACE` with --strict-style); `fix_style` rewrites a page the same way.
"""

from __future__ import annotations

import re

import autocorrect_py

from ..page import Page, scan
from .core import Context, rule

_ATTR_RE = re.compile(r"[ \t]+\{([^{}]*)\}[ \t]*$")
_ADMONITION_RE = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)\s+\S")


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def fix_style(text: str) -> str:
    """autocorrect's markdown formatting applied to prose only.

    Fenced blocks (code, ```math, mermaid) are kept byte for byte (autocorrect would otherwise
    "fix" strings and comments inside code), and the space before a heading's ``{#id}`` is kept
    (autocorrect removes it after full-width punctuation, which breaks attr_list). Admonition
    bodies are formatted on their own: autocorrect would take their indent for a code block.
    """
    lines, _, _ = scan(text)
    out: list[str] = []
    chunk: list[str] = []

    def flush():
        if not chunk:
            return
        new_lines = autocorrect_py.format_for("\n".join(chunk), "md").split("\n")
        if len(new_lines) != len(chunk):  # never let a formatter move lines around
            new_lines = list(chunk)
        for old, cur in zip(chunk, new_lines):
            am = _ATTR_RE.search(old)
            if am and not _ATTR_RE.search(cur):
                nm = re.search(r"\{[^{}]*\}[ \t]*$", cur)
                if nm:
                    cur = cur[: nm.start()].rstrip() + old[am.start():]
            out.append(cur)
        chunk.clear()

    i = 0
    while i < len(lines):
        ln = lines[i]
        adm = _ADMONITION_RE.match(ln.raw) if ln.kind == "text" else None
        if adm:
            chunk.append(ln.raw)
            flush()
            indent = len(adm.group(1)) + 4
            j = i + 1
            while j < len(lines) and (not lines[j].raw.strip() or _indent(lines[j].raw) >= indent):
                j += 1
            while j > i + 1 and not lines[j - 1].raw.strip():
                j -= 1
            body = [lines[k].raw for k in range(i + 1, j)]
            fixed = fix_style("\n".join(b[indent:] for b in body)).split("\n")
            if len(fixed) != len(body):
                fixed = [b[indent:] for b in body]
            out.extend((" " * indent + f) if f else b[: len(b) - len(b.lstrip())] for f, b in zip(fixed, body))
            i = j
            continue
        if ln.kind in ("text", "front"):
            chunk.append(ln.raw)
        else:
            flush()
            out.append(ln.raw)
        i += 1
    flush()
    return "\n".join(out)


def _diff_fragment(old: str, new: str) -> tuple[str, str]:
    a = 0
    while a < min(len(old), len(new)) and old[a] == new[a]:
        a += 1
    b = 0
    while b < min(len(old), len(new)) - a and old[-1 - b] == new[-1 - b]:
        b += 1
    lo, hi = max(0, a - 6), max(0, b - 6)
    return old[lo: len(old) - hi], new[lo: len(new) - hi]


@rule("W-SPACE", also=("E-SPACE",))
def spacing(page: Page, ctx: Context):
    fixed = fix_style(page.text)
    if fixed == page.text:
        return
    code = "E-SPACE" if ctx.strict_style else "W-SPACE"
    for no, (old, new) in enumerate(zip(page.text.split("\n"), fixed.split("\n")), 1):
        if old != new:
            a, b = _diff_fragment(old, new)
            yield no, f"中英文间距/标点：「{a}」→「{b}」（可运行 check --fix-style 自动修正）", code
