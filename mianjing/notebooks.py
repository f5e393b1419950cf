"""Execute the notebooks, in parallel, each exactly once per (notebook, dependency lock).

The key of a notebook is sha256(its bytes + requirements.txt + the Python version): its executed
copy is kept at `.cache/notebooks/<stem>-<key>/notebooks/<stem>.ipynb` (a folder that can serve as
the page's source directory), so a build executes only the notebooks
whose key changed, and an edit to requirements.txt re-executes all of them (there is no fallback
to an older output). Misses run concurrently, one Jupyter kernel per core, each kernel limited to
one BLAS/OpenMP thread so two kernels do not fight over the cores.

An error names the notebook, the cell (1-based, as Jupyter shows it) and the exception.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import config
from .config import cache_root

KERNEL = "python3"
TIMEOUT = 600          # seconds per cell


class NotebookError(Exception):
    def __init__(self, path: Path, cell: int, message: str):
        super().__init__(f"{path.parent.name}/{path.name}: cell {cell}: {message}")
        self.path, self.cell, self.message = path, cell, message


@dataclass
class Run:
    path: Path              # the notebook in notebooks/
    executed: Path          # its executed copy in the cache: <src_dir>/notebooks/<name>.ipynb
    seconds: float = 0.0    # execution time (0 when it came from the cache)

    @property
    def src_dir(self) -> Path:
        return self.executed.parent.parent


def lock_bytes(root: Path = config.ROOT) -> bytes:
    return (root / "requirements.txt").read_bytes() + f"\npython {sys.version_info[:3]}\n".encode()


def cache_key(path: Path, lock: bytes) -> str:
    return hashlib.sha256(path.read_bytes() + b"\0" + lock).hexdigest()[:20]


def executed_path(path: Path, lock: bytes) -> Path:
    return cache_root() / "notebooks" / f"{path.stem}-{cache_key(path, lock)}" / "notebooks" / path.name


def _failed_cell(nb) -> tuple[int, str]:
    for n, cell in enumerate(nb.cells, 1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return n, f"{out.get('ename')}: {out.get('evalue')}"
    return 0, "execution failed"


def execute(path: Path, out: Path) -> float:
    """Run one notebook in a fresh kernel and write the executed copy atomically."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name=KERNEL, allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONHASHSEED="0")
    start = time.perf_counter()
    try:
        client.execute(env=env)
    except (CellExecutionError, CellTimeoutError) as err:
        cell, what = _failed_cell(nb)
        raise NotebookError(path, cell, what if cell else str(err).strip().splitlines()[-1]) from None
    seconds = time.perf_counter() - start
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        nbformat.write(nb, fh)
    os.replace(tmp, out)
    return seconds


def execute_all(paths: list[Path], workers: int | None = None) -> list[Run]:
    """Executed copies of *paths*; only cache misses run, concurrently."""
    lock = lock_bytes()
    runs = [Run(p, executed_path(p, lock)) for p in sorted(paths)]
    todo = [r for r in runs if not r.executed.is_file()]
    if todo:
        start = time.perf_counter()
        workers = workers or os.cpu_count() or 1
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [(r, pool.submit(execute, r.path, r.executed)) for r in todo]
            errors = []
            for run, future in futures:
                try:
                    run.seconds = future.result()
                except NotebookError as err:
                    errors.append(err)
            if errors:
                raise errors[0]
        # for `make bench`: wall time of this run against the sum of the notebooks' own times
        last_run_file().write_text(json.dumps({"wall": time.perf_counter() - start, "workers": workers,
                                          "seconds": {r.path.name: r.seconds for r in todo}}), encoding="utf-8")
    return runs


def last_run_file() -> Path:
    return cache_root() / "notebooks" / "last-run.json"
