"""Code in answers (format guide §4): every python block is run by the tests, or says why not.

The test suite (tests/test_answer_code.py) runs every ```python block of every question, the blocks
of one question in order in one namespace. A block that cannot run here (it needs a library or a
GPU we do not install) starts with `# 示意：<reason>`. This rule catches the ways a block could
slip past the runner: a Python block under another language name, or a marker without a reason.
"""

from __future__ import annotations

import re

from ..page import ILLUSTRATIVE_MARK, RUNNABLE_LANGS, Page
from .core import Context, rule

PYTHON_ALIASES = {"py", "py3", "python3", "ipython", "ipython3", "pycon", "Python"}
_REASON_RE = re.compile("^" + re.escape(ILLUSTRATIVE_MARK) + r"[：:]\s*\S")


@rule("E-CODE")
def code_blocks(page: Page, ctx: Context):
    for q in page.questions:
        for f in q.fences:
            if f.lang in PYTHON_ALIASES:
                yield f.line, f"代码块语言写成 {RUNNABLE_LANGS[0]}（现在是 {f.lang}）：测试只运行 ```{RUNNABLE_LANGS[0]} 代码块"
            elif not f.lang:
                yield f.line, "代码块要写明语言（```python、```text、```bash …）：Python 代码会被测试运行"
            elif f.illustrative and not _REASON_RE.match(f.body.lstrip("\n").split("\n", 1)[0].strip()):
                yield f.line, f"不运行的示意代码第一行写明原因：`{ILLUSTRATIVE_MARK}：需要 vllm 与 GPU，测试不运行`"
