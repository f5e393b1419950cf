"""Every ```python block in an answer runs (format guide §4, rule E-CODE).

The blocks of one question run in order in one fresh namespace, as a reader would paste them;
blocks marked `# 示意：…` are shown, not run. One test per question, so a failure names it.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from mianjing.page import question_pages

ROOT = Path(__file__).resolve().parent.parent


def runnable_questions():
    out = []
    for page in question_pages(ROOT / "docs"):
        for q in page.questions:
            blocks = [f for f in q.fences if f.runnable]
            if blocks:
                out.append(pytest.param(page.src, blocks, id=f"{page.src[:-3]}#{q.id}"))
    return out


QUESTIONS = runnable_questions()


def test_there_is_code_to_run():
    assert len(QUESTIONS) >= 50


@pytest.mark.parametrize("src, blocks", QUESTIONS)
def test_answer_code_runs(src, blocks):
    import torch

    namespace: dict = {"__name__": "__main__"}
    dtype, threads = torch.get_default_dtype(), torch.get_num_threads()
    try:
        for f in blocks:
            code = compile(f.body, f"docs/{src}:{f.line + 1}", "exec")
            with contextlib.redirect_stdout(io.StringIO()):
                exec(code, namespace)
    finally:  # a block must not change the process for the next question
        torch.set_default_dtype(dtype)
        torch.set_num_threads(threads)
