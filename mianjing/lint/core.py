"""The rule registry: every rule has a stable code, a severity and an anchor in the format guide.

A rule is a function that yields ``(line, message)``; `@rule` registers it. Page rules see one
parsed page (`mianjing.page.Page`); tree rules see all of them at once (duplicate ids, notebooks).
Every message ends with the link to the rule in docs/about/format.md (`## 检查规则`), where each
code has a heading whose id is the code in lower case (`E-META` → `#e-meta`); a test keeps the
two sets equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import config
from ..page import Page

GUIDE_PAGE = "about/format/"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    code: str
    message: str
    severity: str = field(default="")

    def __post_init__(self):
        if not self.severity:
            object.__setattr__(self, "severity", "warning" if self.code.startswith("W-") else "error")

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code} {self.message}"


@dataclass
class Context:
    """What a rule may need besides the page: where docs/ is, how the file is shown, options."""

    docs: Path
    path: Path | None = None        # the file being checked
    shown: str = ""                 # how the file is named in messages
    strict_style: bool = False


@dataclass(frozen=True)
class Rule:
    code: str
    scope: str                      # "page" or "tree"
    func: Callable
    codes: tuple[str, ...]          # every code the rule can emit (normally just `code`)

    @property
    def anchor(self) -> str:
        return self.code.lower()


RULES: list[Rule] = []


def rule(code: str, *, scope: str = "page", also: tuple[str, ...] = ()):
    """Register a rule. `also`: further codes the same function emits (e.g. E-SPACE for W-SPACE)."""

    def register(func):
        RULES.append(Rule(code, scope, func, (code, *also)))
        return func

    return register


def all_codes() -> set[str]:
    return {c for r in RULES for c in r.codes}


def guide_url(code: str) -> str:
    return f"{config.site_url()}{GUIDE_PAGE}#{code.lower()}"


def problem(shown: str, line: int, code: str, message: str) -> Problem:
    return Problem(shown, line, code, f"{message} → {guide_url(code)}")


def run_page_rules(page: Page, ctx: Context) -> list[Problem]:
    out: list[Problem] = []
    for r in RULES:
        if r.scope == "page":
            for item in r.func(page, ctx):
                line, message, *code = item
                out.append(problem(ctx.shown, line, code[0] if code else r.code, message))
    return out


def run_tree_rules(pages: dict[str, Page], ctx: Context) -> list[Problem]:
    """*pages*: shown path → page. Tree rules yield (shown path, line, message[, code])."""
    out: list[Problem] = []
    for r in RULES:
        if r.scope == "tree":
            for shown, line, message, *code in r.func(pages, ctx):
                out.append(problem(shown, line, code[0] if code else r.code, message))
    return out
