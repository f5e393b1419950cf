"""Notebook execution (mianjing/notebooks.py): errors name notebook and cell, the cache is exact,
and runs happen in the background while the caller goes on."""

from __future__ import annotations

import os
import time

import nbformat
import pytest

from mianjing import notebooks


def _notebook(path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 标题")] + [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


@pytest.fixture(autouse=True)
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MIANJING_CACHE", str(tmp_path / "cache"))


def test_error_names_notebook_cell_and_exception(tmp_path):
    nb = _notebook(tmp_path / "bad.ipynb", "x = 1", "assert x == 2, 'x 不等于 2'")
    with pytest.raises(notebooks.NotebookError) as err:
        notebooks.execute_all([nb])
    assert str(err.value) == f"{tmp_path.name}/bad.ipynb: cell 3: AssertionError: x 不等于 2"
    assert not notebooks.executed_path(nb, notebooks.lock_bytes()).exists(), "a failed run left a copy"


def test_runs_in_the_background_and_once_per_content(tmp_path):
    slow = _notebook(tmp_path / "slow.ipynb", "import time; time.sleep(2)", "print('done')")
    began = time.perf_counter()
    batch = notebooks.start([slow])
    assert time.perf_counter() - began < 1, "start() waited for the kernel"
    run = batch.wait("slow.ipynb")
    out = nbformat.read(run.executed, as_version=4)
    assert out.cells[2].outputs[0]["text"] == "done\n"
    assert run.seconds >= 2

    again = notebooks.start([slow])          # same bytes, same lock: nothing runs
    assert again.wait("slow.ipynb").seconds == 0

    _notebook(slow, "print('edited')")       # new content: a new key, executed afresh
    edited = notebooks.execute_all([slow])[0]
    assert edited.executed != run.executed and edited.seconds > 0


def test_kernels_are_fresh_processes_and_none_outlives_its_notebook(tmp_path):
    """Kernels are forked from a template that has imported torch: each must still start like a new
    process (its own pid, nothing defined, its own random seeds) and be gone once its notebook is.
    They talk over Unix sockets (not TCP ports anyone on the machine can open), removed afterwards."""
    probe = ("import os, random, torch\n"
             "from ipykernel.kernelapp import IPKernelApp\n"
             "assert 'x' not in dir(), 'a variable survived from another notebook'\n"
             "x = 1\n"
             "app = IPKernelApp.instance()\n"
             "print(os.getpid(), torch.initial_seed(), random.random(), app.transport, app.ip)")
    paths = [_notebook(tmp_path / f"probe{k}.ipynb", probe, f"# {k}") for k in range(3)]
    runs = notebooks.execute_all(paths)
    seen = [nbformat.read(r.executed, as_version=4).cells[1].outputs[0]["text"].split() for r in runs]
    for column in list(zip(*seen))[:3]:   # pids, torch seeds, Python random draws
        assert len(set(column)) == len(runs), seen
    for pid, _, _, transport, ip in seen:
        assert transport == "ipc" and os.path.isabs(ip), seen
        for _ in range(50):
            if not os.path.exists(f"/proc/{pid}"):
                break
            time.sleep(0.1)
        assert not os.path.exists(f"/proc/{pid}"), f"kernel {pid} outlived its notebook"
        left = [p for p in os.listdir(os.path.dirname(ip)) if p.startswith(os.path.basename(ip))]
        assert not left, f"socket files left behind: {left}"
