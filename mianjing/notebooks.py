"""Execute the notebooks, in parallel, each exactly once per (notebook, dependency lock).

The key of a notebook is sha256(its bytes + requirements.txt + the Python version): its executed
copy is kept at `.cache/notebooks/<stem>-<key>/notebooks/<stem>.ipynb` (a folder that can serve as
the page's source directory), so a build executes only the notebooks
whose key changed, and an edit to requirements.txt re-executes all of them (there is no fallback
to an older output). Misses run concurrently, one Jupyter kernel per core, each kernel limited to
one BLAS/OpenMP thread so two kernels do not fight over the cores. Each kernel is a fresh process
forked from one that has already imported torch (mianjing/forked_kernel.py).

`start()` returns at once: the build renders the Markdown pages while the kernels run, and waits
for a notebook only when its page comes up (`Batch.wait`).

An error names the notebook, the cell (1-based, as Jupyter shows it) and the exception.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import config
from .config import cache_root
from .files import write_atomic

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

    from jupyter_client import AsyncKernelManager

    from .forked_kernel import TEMPLATE_ENV, ForkedKernelManager

    nb = nbformat.read(path, as_version=4)
    # forking a process that has loaded torch is safe on Linux; elsewhere, a plain kernel each time
    manager = ForkedKernelManager if sys.platform == "linux" else AsyncKernelManager
    client = NotebookClient(nb, kernel_manager_class=manager, timeout=TIMEOUT, kernel_name=KERNEL,
                            allow_errors=False, resources={"metadata": {"path": str(path.parent)}})
    env = dict(os.environ, **TEMPLATE_ENV)
    start = time.perf_counter()
    try:
        client.execute(env=env)
    except (CellExecutionError, CellTimeoutError) as err:
        cell, what = _failed_cell(nb)
        raise NotebookError(path, cell, what if cell else str(err).strip().splitlines()[-1]) from None
    seconds = time.perf_counter() - start
    write_atomic({out: nbformat.writes(nb)})
    return seconds


def _timed(path: Path, out: Path) -> tuple[float, float]:
    """execute(), and when it finished (for the batch's wall time)."""
    return execute(path, out), time.perf_counter()


class Batch:
    """The notebooks of one build; misses execute in the background."""

    def __init__(self, runs: list[Run], workers: int):
        self.runs = runs
        self.workers = workers
        self._futures: dict[Path, Future] = {}
        self._finished_at: list[float] = []
        self._start = time.perf_counter()
        todo = [r for r in runs if not r.executed.is_file()]
        if todo:
            pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="notebook")
            for run in todo:   # a run still going from the previous build (`mkdocs serve`) is reused
                future = _IN_FLIGHT.get(run.executed) or pool.submit(_timed, run.path, run.executed)
                self._futures[run.path] = _IN_FLIGHT[run.executed] = future
            pool.shutdown(wait=False)

    def wait(self, name: str) -> Run:
        """The run of notebook *name* (a file name), once executed; raises its NotebookError."""
        run = next(r for r in self.runs if r.path.name == name)
        future = self._futures.get(run.path)
        if future is not None:
            try:
                run.seconds, finished = future.result()
            finally:
                _IN_FLIGHT.pop(run.executed, None)
            self._finished_at.append(finished)
        return run

    def wait_all(self) -> list[Run]:
        errors = []
        for run in self.runs:
            try:
                self.wait(run.path.name)
            except NotebookError as err:
                errors.append(err)
        if errors:
            raise errors[0]
        if self._futures:   # for `make bench`: wall time of this batch against the notebooks' own times
            last_run_file().write_text(json.dumps({
                "wall": max(self._finished_at) - self._start, "workers": self.workers,
                "seconds": {r.path.name: r.seconds for r in self.runs if r.path in self._futures}}), encoding="utf-8")
        return self.runs


_IN_FLIGHT: dict[Path, Future] = {}


def start(paths: list[Path], workers: int | None = None) -> Batch:
    """Executed copies of *paths* (sorted); cache misses start running in the background."""
    lock = lock_bytes()
    return Batch([Run(p, executed_path(p, lock)) for p in sorted(paths)], workers or os.cpu_count() or 1)


def execute_all(paths: list[Path], workers: int | None = None) -> list[Run]:
    """Executed copies of *paths*; only cache misses run, concurrently."""
    return start(paths, workers).wait_all()


def last_run_file() -> Path:
    return cache_root() / "notebooks" / "last-run.json"
