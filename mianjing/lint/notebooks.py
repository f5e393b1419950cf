"""Notebooks are committed without outputs: reviewable diffs, and the site build runs them."""

from __future__ import annotations

import json

from .. import config
from .core import Context, rule


@rule("E-NOTEBOOK", scope="tree")
def notebooks_without_outputs(pages, ctx: Context):
    folder = ctx.docs.parent / config.NOTEBOOKS.name
    for path in sorted(folder.glob("*.ipynb")):
        shown = f"{config.NOTEBOOKS.name}/{path.name}"
        try:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        except (ValueError, KeyError) as err:
            yield shown, 1, f"不是有效的 .ipynb：{err}"
            continue
        for n, cell in enumerate(cells, 1):
            if cell.get("cell_type") == "code" and (cell.get("outputs") or cell.get("execution_count")):
                yield shown, 1, (f"第 {n} 个单元格带着输出：提交前清空输出"
                                 "（Jupyter：Edit → Clear Outputs of All Cells，或 nbstripout）")
                break
