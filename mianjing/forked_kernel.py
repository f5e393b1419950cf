"""Jupyter kernels forked from a process that has already imported torch.

A fresh `python -m ipykernel_launcher` spends ≈ 3 s of CPU importing ipykernel, numpy and torch
before the notebook's first line runs; over 25 notebooks that is most of the execution time.
Here one *template* process (`python -m mianjing.forked_kernel`) imports them once, then forks a
child per kernel. Each child is still a separate process with nothing run in it but those
imports: a fresh namespace, its own session; `random`, NumPy and torch are reseeded from the OS
as in a new process.

The seam is jupyter_client's kernel provisioner API: `ForkedProvisioner` (registered under the
entry point `jupyter_client.kernel_provisioners: mianjing-forked`) is LocalProvisioner except that
the kernel process comes from the template instead of `Popen`. Signals, interrupts and shutdown
work as for any local kernel (the child leads its own process group). Used on Linux; elsewhere
mianjing/notebooks.py starts ordinary kernels.

Variables read when the interpreter or OpenMP starts (PYTHONHASHSEED, OMP_NUM_THREADS, …) cannot
change after the fork: they are fixed for the template in TEMPLATE_ENV.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import default

PROVISIONER = "mianjing-forked"
PRELOAD = ("numpy", "torch", "ipykernel.kernelapp")
TEMPLATE_ENV = {"PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


# --------------------------------------------------------------------------- the template process

def _serve() -> None:
    """Read one JSON request per line ({argv, env, cwd}), fork a kernel, answer {pid}."""
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)   # children are reaped by the system
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)                                   # a stray print must not corrupt the answers
    answers.write("ready\n")
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _become_kernel(request)
        answers.write(json.dumps({"pid": pid}) + "\n")


def _become_kernel(request: dict) -> None:
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.closerange(3, 1 << 16)   # the template's pipes are not the kernel's (cf. close_fds)
        import importlib.util
        import random

        import numpy
        import torch

        random.seed()          # seeded at import in the template: reseed as a new process would
        numpy.random.seed()
        torch.seed()
        # the kernel exits when the template does, and the template when its client goes away
        sys.argv = [importlib.util.find_spec("ipykernel_launcher").origin, *request["argv"],
                    f"--IPKernelApp.parent_handle={os.getppid()}"]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    finally:
        os._exit(code)


# --------------------------------------------------------------------------- the client side

class _Template:
    """The template process, started on first use and stopped when this process exits."""

    def __init__(self):
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def fork(self, argv: list[str], env: dict, cwd: str) -> int:
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = subprocess.Popen(
                    [sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    env={**os.environ, **TEMPLATE_ENV}, text=True, bufsize=1)
                if self._proc.stdout.readline().strip() != "ready":
                    raise RuntimeError(f"the kernel template (python -m {__name__}) did not start")
            self._proc.stdin.write(json.dumps({"argv": argv, "env": env, "cwd": cwd}) + "\n")
            answer = self._proc.stdout.readline()
        if not answer:
            raise RuntimeError(f"the kernel template (python -m {__name__}) stopped")
        return json.loads(answer)["pid"]

    def close(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.stdin.close()
            self._proc.wait(timeout=10)


TEMPLATE = _Template()
atexit.register(TEMPLATE.close)


class ForkedProcess:
    """The Popen methods LocalProvisioner uses, for a process that is not our child."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid

    def poll(self) -> int | None:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return 0        # gone (reaped by the template; its exit status is not ours to read)
        return None

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.05)
        return 0

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ForkedProvisioner(LocalProvisioner):
    async def launch_kernel(self, cmd: list[str], **kwargs):
        # cmd is the kernel spec's argv: python -m ipykernel_launcher -f <connection file>
        argv = cmd[cmd.index("ipykernel_launcher") + 1:]
        env = {str(k): str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        cwd = str(kwargs.get("cwd") or os.getcwd())
        self.process = ForkedProcess(TEMPLATE.fork(argv, env, cwd))
        self.pid = self.pgid = self.process.pid   # the child called setsid()
        self.cwd = cwd
        return self.connection_info


class ForkedKernelSpecs(KernelSpecManager):
    """Kernel specs as installed, provisioned by ForkedProvisioner."""

    def get_kernel_spec(self, kernel_name):
        spec = super().get_kernel_spec(kernel_name)
        spec.metadata = {**spec.metadata, "kernel_provisioner": {"provisioner_name": PROVISIONER}}
        return spec


class ForkedKernelManager(AsyncKernelManager):
    """nbclient's kernel manager (`NotebookClient(kernel_manager_class=…)`) with forked kernels."""

    @default("kernel_spec_manager")
    def _forked_specs(self):
        return ForkedKernelSpecs(data_dir=self.data_dir)

    # Unix sockets, not TCP ports on 127.0.0.1: only this user can connect, and ipykernel stops
    # warning, once per notebook, that TCP is unencrypted. The path is absolute because the kernel
    # runs in its notebook's folder; jupyter_client removes the socket files at shutdown.
    @default("transport")
    def _ipc(self):
        return "ipc"

    @default("ip")
    def _ipc_path(self):
        return os.path.join(tempfile.gettempdir(), f"mianjing-kernel-{uuid.uuid4().hex[:12]}")


if __name__ == "__main__":
    _serve()
