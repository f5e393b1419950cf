"""Formulas rendered by one long-lived Node process, with a persistent content-addressed cache.

markdown-katex starts one `katex` CLI process per formula (≈0.1 s each, ≈1,000 formulas). Here
`tex2html` has the same signature and the same output, but every formula of a build goes through
one `node mianjing/js/katex-server.js` process, which parses options with the pinned katex CLI's
own definitions. Results are kept in `.cache/katex/<katex version>/<sha256>.html`, keyed by the
version, the CLI arguments and the TeX, so a warm build starts no Node process at all.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import subprocess
import threading
from functools import lru_cache
from pathlib import Path

from markdown_katex import wrapper

from . import config
from .config import cache_root
from .files import write_atomic

SERVER = Path(__file__).with_name("js") / "katex-server.js"


class KatexError(wrapper.KatexError):
    """A formula KaTeX cannot render; the message carries KaTeX's own explanation."""


@lru_cache(maxsize=1)
def katex_version() -> str:
    pkg = config.ROOT / "node_modules" / "katex" / "package.json"
    return json.loads(pkg.read_text(encoding="utf-8"))["version"]


def cli_args(options: dict | None) -> list[str]:
    """markdown-katex's options dict as katex CLI arguments (the same mapping it uses)."""
    args: list[str] = []
    for name, value in (options or {}).items():
        flag = name if name.startswith("--") else "--" + name
        if value is True:
            args.append(flag)
        elif value is not False and value is not None:
            args += [flag, str(value)]
    return args


class Server:
    """One `node katex-server.js` process; requests are serialised (one line in, one line out)."""

    def __init__(self):
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def render(self, tex: str, args: list[str]) -> str:
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = subprocess.Popen(
                    ["node", str(SERVER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    cwd=config.ROOT, text=True, encoding="utf-8", bufsize=1)
            self._proc.stdin.write(json.dumps({"tex": tex, "args": args}) + "\n")
            self._proc.stdin.flush()
            line = self._proc.stdout.readline()
        if not line:
            raise KatexError(f"the KaTeX process ({SERVER}) stopped; is Node installed and `npm ci` done?")
        answer = json.loads(line)
        if "error" in answer:
            raise KatexError(answer["error"])
        return answer["html"]

    def close(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.stdin.close()
            self._proc.wait(timeout=10)
        self._proc = None


SERVER_PROCESS = Server()
atexit.register(SERVER_PROCESS.close)


def cache_path(tex: str, args: list[str]) -> Path:
    digest = hashlib.sha256(json.dumps([args, tex], ensure_ascii=False).encode("utf-8")).hexdigest()
    return cache_root() / "katex" / katex_version() / digest[:2] / f"{digest}.html"


def tex2html(tex: str, options: dict | None = None) -> str:
    """Drop-in for markdown_katex.wrapper.tex2html: HTML of one formula, from cache or the server."""
    args = cli_args(options)
    path = cache_path(tex, args)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        pass
    html = SERVER_PROCESS.render(tex, args).strip()
    write_atomic({path: html})   # a concurrent build never reads half a file
    return html
