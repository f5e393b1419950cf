"""A stylesheet cut down to what given built pages can use, by the pinned npm `purgecss`.

`purge_css(css, pages)` keeps the rules whose selectors may match the pages, and the custom
properties, keyframes and font faces those rules use. Results are cached in
`.cache/purge-css/<sha256 of the purgecss version, the stylesheet and the pages>.css`, so a
rebuild that changes none of them starts no Node process.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from . import config
from .config import cache_root
from .files import write_atomic

SCRIPT = config.ROOT / "mianjing" / "js" / "purge-css.mjs"


class PurgeError(Exception):
    pass


@lru_cache(maxsize=1)
def purgecss_version() -> str:
    pkg = config.ROOT / "node_modules" / "purgecss" / "package.json"
    try:
        return json.loads(pkg.read_text(encoding="utf-8"))["version"]
    except FileNotFoundError:
        raise PurgeError(f"{pkg} is missing: run `npm ci` (or `make setup`)") from None


def _key(css: str, pages: list[Path]) -> str:
    digest = hashlib.sha256(purgecss_version().encode() + SCRIPT.read_bytes() + css.encode("utf-8"))
    for page in pages:
        digest.update(b"\0" + page.read_bytes())
    return digest.hexdigest()


def purge_css(css: str, pages: list[Path]) -> str:
    path = cache_root() / "purge-css" / f"{_key(css, pages)}.css"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        full, out = Path(tmp) / "in.css", Path(tmp) / "out.css"
        full.write_text(css, encoding="utf-8")
        proc = subprocess.run(["node", str(SCRIPT), str(full), str(out), *map(str, pages)],
                              cwd=config.ROOT, capture_output=True, text=True)
        if proc.returncode != 0:
            raise PurgeError(f"{SCRIPT.name} failed: {(proc.stderr or proc.stdout).strip()}")
        result = out.read_text(encoding="utf-8")
    write_atomic({path: result})   # a concurrent build never reads half a file
    return result
