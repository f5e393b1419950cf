"""`python -m mianjing check`: the content linter (the rules of docs/about/format.md).

Every problem is printed as ``docs/x/y.md:12: CODE 说明（含修法） → <link to the rule>``; the exit
code is 1 if there is at least one error (codes ``E-…``); warnings (``W-…``) never fail.
Rules live in small modules, one concern each; importing them registers them (see core.py).
"""

from __future__ import annotations

from pathlib import Path

from ..page import Page, load
from . import answers, code, markup, notebooks, privacy, structure, style, tags  # noqa: F401  (registers the rules)
from .core import RULES, Context, Problem, all_codes, run_page_rules, run_tree_rules
from .style import fix_style

__all__ = ["Problem", "RULES", "all_codes", "check_file", "check_tree", "fix_style", "md_files", "run_page_rules"]


def _display(path: Path, docs: Path) -> str:
    p = path.resolve()
    for base in (Path.cwd(), docs.resolve().parent):
        try:
            return p.relative_to(base).as_posix()
        except ValueError:
            pass
    return str(path)


def md_files(docs: Path) -> list[Path]:
    return sorted(p for p in Path(docs).rglob("*.md") if p.is_file())


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.code, p.message))


def check_tree(docs="docs", *, strict_style: bool = False, style: bool = True, only=None,
               notebooks: bool | None = None) -> list[Problem]:
    """Problems of every .md under *docs*, including tree rules (duplicate ids, notebooks).

    *only*: paths to report on (tree rules still look at every page, e.g. for duplicate ids).
    *notebooks*: also check notebooks/ (default: when the whole tree is checked)."""
    docs = Path(docs)
    wanted = {Path(p).resolve() for p in only} if only is not None else None
    pages: dict[str, Page] = {}
    problems: list[Problem] = []
    for path in md_files(docs):
        shown = _display(path, docs)
        page = load(path, docs)
        pages[shown] = page
        if wanted is None or path.resolve() in wanted:
            ctx = Context(docs=docs, path=path, shown=shown, strict_style=strict_style)
            problems += [p for p in run_page_rules(page, ctx) if style or p.code not in ("W-SPACE", "E-SPACE")]
    tree = run_tree_rules(pages, Context(docs=docs))
    if wanted is not None:
        shown_wanted = {_display(p, docs) for p in wanted}
        tree = [p for p in tree if p.path in shown_wanted or (notebooks and p.code == "E-NOTEBOOK")]
    elif notebooks is False:
        tree = [p for p in tree if p.code != "E-NOTEBOOK"]
    return _sorted(problems + tree)


def check_file(path, docs=None, *, strict_style: bool = False, style: bool = True) -> list[Problem]:
    """Problems of one Markdown file (duplicate ids are looked for within the file only)."""
    path = Path(path)
    docs = Path(docs) if docs else next((p for p in path.resolve().parents if p.name == "docs"), path.parent)
    shown = _display(path, docs)
    page = load(path, docs)
    ctx = Context(docs=docs, path=path, shown=shown, strict_style=strict_style)
    problems = [p for p in run_page_rules(page, ctx) if style or p.code not in ("W-SPACE", "E-SPACE")]
    problems += [p for p in run_tree_rules({shown: page}, Context(docs=docs)) if p.code != "E-NOTEBOOK"]
    return _sorted(problems)
