"""Writing files so that a reader never sees half of one: build caches, generated pages."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(files: dict[Path, str]) -> None:
    """Write every file via a temp file + os.replace; only files whose bytes change are touched."""
    todo = {p: t for p, t in files.items() if not p.is_file() or p.read_text(encoding="utf-8") != t}
    staged = []
    try:
        for path, text in todo.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            staged.append((tmp, path))
    except BaseException:
        for tmp, _ in staged:
            os.unlink(tmp)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
