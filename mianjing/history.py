"""What changed in which question, and when: read from the git history of the question pages.

Feeds the 更新记录 page and its Atom feed (mianjing/hooks/changes.py). Every commit that touched a
question page is replayed in order; each question is followed by its id (resolved through the
register's aliases, so a renamed question is the same question) and fingerprinted by its title
and answer, not its meta line (a tag or source edit is not news) and not its page (a question
moved to another page is not news either). A question is *added* when its id first appears and
*revised* when its text changes by at least MIN_CHANGED_LINES lines (a typo fix is not news).
Several commits on the same day make one change per question.

Without git history (a source tarball, or a shallow clone) there is nothing, or only the last
commit, to read: `History.complete` says so and the page tells the reader.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from . import config
from .files import write_atomic
from .page import is_question_page, parse
from .structure import REGISTER, Register

MIN_CHANGED_LINES = 3


@dataclass(frozen=True)
class Change:
    qid: str                 # the question's current id
    kind: str                # "added" | "revised"
    when: datetime           # commit date, with the committer's offset
    commit: str
    lines: int               # changed lines of title + answer (0 for "added")


@dataclass
class History:
    changes: list[Change] = field(default_factory=list)   # newest first
    complete: bool = True                                 # False: no git, or a shallow clone


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, check=True).stdout


def _commits(root: Path) -> list[tuple[str, datetime, list[str]]]:
    """(sha, date, question pages it touched), oldest first."""
    out = _git(root, "log", "--reverse", "--no-renames", "--format=%x00%H %cI", "--name-only", "--", "docs")
    commits = []
    for chunk in out.decode("utf-8").split("\0")[1:]:
        head, *names = chunk.strip("\n").split("\n")
        sha, date = head.split(" ")
        pages = [n for n in names if n.startswith("docs/") and is_question_page(n[len("docs/"):])]
        if pages:
            commits.append((sha, datetime.fromisoformat(date), pages))
    return commits


def _blobs(root: Path, specs: list[str]) -> list[str | None]:
    """The text of each `sha:path` (None where the file does not exist), through one `git cat-file`."""
    out = _git(root, "cat-file", "--batch", stdin="".join(s + "\n" for s in specs).encode("utf-8"))
    texts, pos = [], 0
    for _ in specs:
        end = out.index(b"\n", pos)
        header = out[pos:end].split(b" ")
        if header[-1] == b"missing":
            texts.append(None)
            pos = end + 1
            continue
        size = int(header[2])
        texts.append(out[end + 1: end + 1 + size].decode("utf-8"))
        pos = end + 1 + size + 1
    return texts


def fingerprint_lines(title: str, content: list[str]) -> list[str]:
    """Title and answer, trailing spaces and blank lines ignored."""
    return [title.strip()] + [ln.rstrip() for ln in content if ln.strip()]


def changed_lines(old: list[str], new: list[str]) -> int:
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2
               in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if tag != "equal")


def read(root: Path = config.ROOT, register: Register | None = None) -> History:
    """Every addition and revision of a question, newest first."""
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree").strip() == b"true"
    except (OSError, subprocess.CalledProcessError):
        inside = False
    if not inside:
        return History([], complete=False)
    shallow = _git(root, "rev-parse", "--is-shallow-repository").strip() == b"true"
    register = register or Register.load()
    commits = _commits(root)
    texts = iter(_blobs(root, [f"{sha}:{path}" for sha, _, pages in commits for path in pages]))

    current: dict[str, list[str]] = {}     # question id → fingerprint at the commit being replayed
    by_day: dict[tuple[str, str], Change] = {}
    for sha, when, pages in commits:
        for path in pages:
            text = next(texts)
            if text is None:                # page deleted: its questions live on elsewhere (or in aliases)
                continue
            for q in parse(text, path[len("docs/"):]).questions:
                if not q.id:
                    continue
                qid = register.resolve(q.id)
                lines = fingerprint_lines(q.title, [ln.raw for ln in q.content])
                before = current.get(qid)
                current[qid] = lines
                if before is None:
                    change = Change(qid, "added", when, sha, 0)
                elif before != lines:
                    n = changed_lines(before, lines)
                    if n < MIN_CHANGED_LINES:
                        continue
                    change = Change(qid, "revised", when, sha, n)
                else:
                    continue
                key = (qid, when.date().isoformat())
                earlier = by_day.get(key)
                if earlier is not None:     # same question, same day: one change, "added" wins
                    change = Change(qid, "added" if "added" in (earlier.kind, change.kind) else "revised",
                                    when, sha, earlier.lines + change.lines)
                by_day[key] = change
    changes = sorted(by_day.values(), key=lambda c: (c.when, c.qid), reverse=True)
    return History(changes, complete=not shallow)


def read_cached(root: Path = config.ROOT) -> History:
    """`read`, kept in .cache/history/ under everything it depends on: the commit checked out, the
    id register (aliases) and the code that replays. A rebuild in `make serve` changes none of
    them, so it reads one small file instead of replaying every commit."""
    try:
        head = _git(root, "rev-parse", "HEAD").strip().decode()
    except (OSError, subprocess.CalledProcessError):
        return read(root)
    inputs = [head.encode(), REGISTER.read_bytes() if REGISTER.exists() else b""]
    inputs += [Path(__file__).read_bytes(), (Path(__file__).parent / "page.py").read_bytes()]
    key = hashlib.sha256(b"\0".join(inputs)).hexdigest()[:20]
    path = config.cache_root() / "history" / f"{key}.json"
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        return History([Change(**{**c, "when": datetime.fromisoformat(c["when"])}) for c in data["changes"]],
                       complete=data["complete"])
    hist = read(root)
    data = {"complete": hist.complete, "changes": [{**asdict(c), "when": c.when.isoformat()} for c in hist.changes]}
    write_atomic({path: json.dumps(data, ensure_ascii=False)})
    return hist
