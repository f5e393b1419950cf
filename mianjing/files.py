"""Writing files so that a reader never sees half of one: build caches, generated pages."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _encoded(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def write_atomic(files: dict[Path, str | bytes]) -> None:
    """Write every file (text as UTF-8, or bytes) via a temp file + os.replace; only files whose
    bytes change are touched."""
    todo = {p: _encoded(c) for p, c in files.items()}
    todo = {p: b for p, b in todo.items() if not p.is_file() or p.read_bytes() != b}
    staged = []
    try:
        for path, data in todo.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            staged.append((tmp, path))
    except BaseException:
        for tmp, _ in staged:
            os.unlink(tmp)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
