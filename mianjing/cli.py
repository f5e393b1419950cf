"""Command line: `python -m mianjing import NOTE…`, `check …`, `structure [--check]` and `export …`.

The import pipeline is read → split → clean → classify → merge → write → report; everything is
computed in memory and only written (atomically) when every note went through without error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import config, report, structure
from .classify import Taxonomy, classify, load as load_taxonomy
from .clean import clean
from .merge import MIN_FUZZY, THRESHOLD, merge, normalise, similarity
from .model import Item, NoteError, Question
from .page import parse
from .read import read_note
from .split import split
from .files import write_atomic
from .write import Existing, all_ids, render_page_head, render_question, scan_docs


def collect(paths: list[str], tax: Taxonomy) -> list[Item]:
    items: list[Item] = []
    for path in paths:
        note = read_note(path)
        items += classify(clean(split(note), note), tax)
    return items


def find_existing(q: Question, existing: dict[str, Existing], by_text: dict[str, tuple]) -> tuple | None:
    for it in q.sources:
        if it.title in by_text:
            return by_text[it.title]
    if q.concept and q.concept in existing:
        return existing[q.concept].page, q.concept
    if q.qid in existing and similarity(q.title, existing[q.qid].title) >= 0.5:
        return existing[q.qid].page, q.qid
    if len(normalise(q.title)) >= MIN_FUZZY:
        for ex in existing.values():
            if similarity(q.title, ex.title) >= THRESHOLD:
                return ex.page, ex.qid
    return None


def unique_id(base: str, used: set[str]) -> str:
    if base not in used:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        cand = base[: 40 - len(suffix)].rstrip("-") + suffix
        if cand not in used:
            return cand
        n += 1


def plan(paths: list[str], docs: Path, report_path: Path, mkdocs: Path | None,
         tax: Taxonomy) -> tuple[dict[Path, str], list[Item], list[Question], list[dict], list[str]]:
    """Compute every output file in memory. Returns (files, items, questions, entries, warnings)."""
    items = collect(paths, tax)
    imported = {it.note for it in items} | {Path(p).name for p in paths}
    old = report.load(report_path)
    existing = scan_docs(docs)
    alive = lambda e: e["outcome"] in report.LANDED + ("existing",) and e["anchor"] in existing
    old_by_key = {(e["note"], e["line"], e["question"]): e for e in old if alive(e)}
    by_text = {e["question"]: (e["page"], e["anchor"]) for e in old if alive(e)}

    entries = [e for e in old if e["note"] not in imported]
    questions = merge(items)
    new_by_page: dict[str, list[Question]] = {}
    used = set(existing) | all_ids(docs)
    for q in questions:
        done = [old_by_key[report.key(it)] for it in q.sources if report.key(it) in old_by_key]
        if done:   # this question was imported before: keep its entries, link newcomers
            page, anchor = done[0]["page"], done[0]["anchor"]
            q.outcome, q.link = "existing", f"{page}#{anchor}"
            for it in q.sources:
                prev = old_by_key.get(report.key(it))
                entries.append(prev if prev else report.entry(it, "existing", page, anchor))
            continue
        match = find_existing(q, existing, by_text)
        if match:
            q.outcome, q.link = "existing", f"{match[0]}#{match[1]}"
            entries += [report.entry(it, "existing", match[0], match[1]) for it in q.sources]
            continue
        q.qid = unique_id(q.qid, used)
        used.add(q.qid)
        new_by_page.setdefault(q.page, []).append(q)
        entries.append(report.entry(q.sources[0], "new", q.page, q.qid))
        entries += [report.entry(it, "merged", q.page, q.qid, q.qid) for it in q.sources[1:]]
    entries += [report.entry(it, "dropped") for it in items if it.dropped]

    files: dict[Path, str] = {}
    for page, qs in new_by_page.items():
        path = docs / f"{page}.md"
        text = path.read_text(encoding="utf-8") if path.is_file() else render_page_head(tax, page)
        files[path] = text.rstrip("\n") + "\n\n" + "\n".join(render_question(q) for q in qs)
    warnings: list[str] = []
    if mkdocs is not None and not mkdocs.is_file():
        warnings.append(f"{mkdocs}: not found; nav not updated")
        mkdocs = None
    read = lambda p: files[p] if p in files else (p.read_text(encoding="utf-8") if p.is_file() else None)
    pages = {}
    for p in [*docs.glob("*/*.md"), *files]:
        src = p.relative_to(docs).as_posix()
        pages[src] = parse(read(p), src)
    register = (mkdocs.parent / "mianjing" / structure.REGISTER.name) if mkdocs else None
    try:
        files.update(structure.render(tax, pages, docs=docs, mkdocs=mkdocs, register=register, read=read))
    except structure.StructureError as err:
        warnings.append(f"{err}; generated structure not updated")
    files[report_path] = report.dump(entries)
    return files, items, questions, entries, warnings


def cmd_import(args: argparse.Namespace) -> int:
    tax = load_taxonomy()
    try:
        files, items, questions, entries, warnings = plan(
            args.notes, Path(args.docs), Path(args.report), Path(args.mkdocs) if args.mkdocs else None, tax)
    except NoteError as err:
        print(f"{err.path}:{err.line}: {err.message}", file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 2
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    changed = [p for p, t in files.items() if not p.is_file() or p.read_text(encoding="utf-8") != t]
    if not args.dry_run:
        write_atomic(files)
    print(report.summary(items, questions, entries))
    verb = "would change" if args.dry_run else "changed"
    print(f"{verb} {len(changed)} file(s)" + "".join(f"\n  {p}" for p in sorted(map(str, changed))))
    return 0


def cmd_structure(args: argparse.Namespace) -> int:
    tax = load_taxonomy()
    pages = structure.load_pages(config.DOCS)
    errors = structure.problems(tax, pages)
    files: dict[Path, str] = {}
    try:
        files = structure.render(tax, pages)
    except structure.StructureError as err:
        errors.append(str(err))
    live_ids = [q.id for p in pages.values() for q in p.questions if q.id]
    live_pages = [src[: -len(".md")] for src, p in pages.items() if p.questions]
    errors += structure.Register.load().updated(live_ids, live_pages).problems(set(live_ids), set(live_pages))
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    changed = sorted(str(p.relative_to(config.ROOT)) for p, t in files.items()
                     if not p.is_file() or p.read_text(encoding="utf-8") != t)
    if args.check:
        for p in changed:
            print(f"error: {p} is out of date: run `python -m mianjing structure` (or `make structure`)", file=sys.stderr)
        return 1 if errors or changed else 0
    if errors:
        print("nothing was written", file=sys.stderr)
        return 1
    write_atomic(files)
    print(f"changed {len(changed)} file(s)" + "".join(f"\n  {p}" for p in changed))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["check"]:
        from .lint.cli import main as check_main
        return check_main(argv[1:])
    if argv[:1] == ["export"]:
        from .export.cli import main as export_main
        return export_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m mianjing",
                                     epilog="python -m mianjing check [--help]: lint the content (mianjing.lint); "
                                            "python -m mianjing export [--help]: the downloads (mianjing.export)")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="import raw notes into docs/")
    imp.add_argument("notes", nargs="+", metavar="NOTE")
    imp.add_argument("--docs", default="docs")
    imp.add_argument("--report", default="notes/import-report.json")
    imp.add_argument("--mkdocs", default="mkdocs.yml")
    imp.add_argument("--dry-run", action="store_true", help="compute and print, write nothing")
    st = sub.add_parser("structure", help="regenerate nav, section indexes, home table, notebooks index, id register")
    st.add_argument("--check", action="store_true", help="write nothing; fail if a generated file is out of date")
    args = parser.parse_args(argv)
    return cmd_structure(args) if args.command == "structure" else cmd_import(args)
