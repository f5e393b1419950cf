"""Data passed between the import stages (read → split → clean → classify → merge → write)."""

from __future__ import annotations

from dataclasses import dataclass, field


class NoteError(Exception):
    """A note the importer refuses: printed by the CLI as `path:line: message` (exit code 2)."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = str(path), line, message


@dataclass
class Note:
    path: str            # as given on the command line
    name: str            # file name, e.g. 004_63a0.txt (the report key)
    lines: list[str]     # normalised text, no line endings


@dataclass
class Item:
    """One candidate found in a note: a question, or something dropped with a reason."""

    note: str
    line: int                          # 1-based line of the question (or of the dropped text)
    question: str                      # original question text (one line)
    answer: list[tuple[int, str]] = field(default_factory=list)  # (line number, raw line)
    context: list[str] = field(default_factory=list)             # enclosing section headings
    kind: str = "question"             # question | intro | preamble | outline | residue
    # filled by clean
    title: str = ""                    # cleaned question (heading text, no formulas)
    body: str = ""                     # cleaned Markdown answer
    stars: int = 0                     # ⭐ count in the note
    status: str = ""                   # answered | outline | image-only | unanswered
    dropped: str | None = None         # reason when the item does not land on a page
    removed_images: list[str] = field(default_factory=list)
    redactions: list[str] = field(default_factory=list)           # PII kinds only
    # filled by classify
    section: str = ""
    page: str = ""
    concept: str | None = None
    canonical: str = ""                # the concept's title, when it has one
    qid: str = ""
    tags: list[str] = field(default_factory=list)


@dataclass
class Question:
    """One unique question after merging duplicates; sources[0] has the most complete answer."""

    qid: str
    title: str
    section: str
    page: str
    sources: list[Item]
    tags: list[str]
    stars: int
    concept: str | None = None
    outcome: str = "new"               # new | existing
    link: str = ""                     # page#anchor of the existing question
