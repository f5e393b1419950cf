"""The offline copy: a second build of the site for reading from disk, zipped.

`start` launches `MIANJING_OFFLINE=true mkdocs build` in the background (see
mianjing/hooks/offline.py for what changes in that build), so it runs while the PDFs print;
`finish` waits for it and zips the result under one top-level folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from mianjing import config

from .built import ExportError

FOLDER = "mianjing-llm-offline"      # the folder readers get when they unzip
README = """大模型面试题解 · 离线版
=====================

解压后用浏览器打开 index.html 即可阅读、搜索和练习，不需要网络。
练习记录保存在这个浏览器里（与在线网站的记录分开）；可在「练习 → 进度」导出和导入。
在线版随时更新：{site_url}
"""


@dataclass
class OfflineBuild:
    process: subprocess.Popen
    site_dir: Path
    log: Path


def start(workdir: Path) -> OfflineBuild:
    site_dir = workdir / FOLDER
    log = workdir / "offline-build.log"
    env = {**os.environ, "MIANJING_OFFLINE": "true"}
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                                 "--config-file", str(config.MKDOCS_YML), "--site-dir", str(site_dir)],
                                cwd=config.ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    return OfflineBuild(proc, site_dir, log)


def finish(build: OfflineBuild, out: Path, site_url: str) -> dict:
    if build.process.wait() != 0:
        tail = "\n".join(build.log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:])
        raise ExportError(f"offline build failed (MIANJING_OFFLINE=true mkdocs build):\n{tail}")
    files = sorted(p for p in build.site_dir.rglob("*") if p.is_file())
    part = out.with_name(out.name + ".part")
    with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(f"{FOLDER}/README.txt", README.format(site_url=site_url))
        for path in files:
            zf.write(path, f"{FOLDER}/{path.relative_to(build.site_dir).as_posix()}")
    part.replace(out)
    return {"files": len(files) + 1}
