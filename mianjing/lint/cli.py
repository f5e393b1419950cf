"""Command line of the linter: `python -m mianjing check [PATH ...]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import config
from . import check_tree, fix_style, md_files


def _gh_escape(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _fix_files(files: list[Path]) -> int:
    changed = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        new = fix_style(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mianjing check",
                                     description="检查 docs/ 下页面的格式、公式、HTML、图片、个人信息和中文排版")
    parser.add_argument("paths", nargs="*", help="只检查这些文件或目录（默认：整个 docs/ 和 notebooks/）")
    parser.add_argument("--docs", default=None, help="docs 目录（默认：当前目录下的 docs/，没有则用仓库的 docs/）")
    parser.add_argument("--strict-style", action="store_true", help="中英文间距/标点问题按错误处理（E-SPACE）")
    parser.add_argument("--fix-style", action="store_true", help="用 autocorrect 改写文件的中英文间距/标点（跳过代码和公式）后再检查")
    parser.add_argument("--no-style", action="store_true", help="不检查中英文排版")
    parser.add_argument("--format", choices=("text", "github"), default="text", help="github：输出 GitHub Actions 注释")
    args = parser.parse_args(argv)

    docs = Path(args.docs) if args.docs else Path("docs")
    if not args.docs and not docs.is_dir():
        docs = config.DOCS
    if not docs.is_dir():
        print(f"找不到 docs 目录：{docs}", file=sys.stderr)
        return 1
    only = None
    if args.paths:
        only = []
        for p in map(Path, args.paths):
            if p.is_dir():
                only += md_files(p)
            elif p.is_file():
                only.append(p)
            else:
                print(f"找不到：{p}", file=sys.stderr)
                return 1
    if args.fix_style:
        n = _fix_files(only if only is not None else md_files(docs))
        print(f"--fix-style：改写了 {n} 个文件", file=sys.stderr)

    problems = check_tree(docs, strict_style=args.strict_style, style=not args.no_style, only=only)
    for p in problems:
        if args.format == "github":
            print(f"::{p.severity} file={p.path},line={p.line},title={p.code}::{_gh_escape(p.message)}")
        else:
            print(p)
    errors = sum(p.severity == "error" for p in problems)
    print(f"check：{errors} 个错误，{len(problems) - errors} 个警告", file=sys.stderr)
    return 1 if errors else 0
