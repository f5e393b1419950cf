"""Where things are in the repository, and the one setting of mkdocs.yml that tools need."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NOTEBOOKS = ROOT / "notebooks"
MKDOCS_YML = ROOT / "mkdocs.yml"


def cache_root() -> Path:
    """Build caches (formulas, notebooks, diagrams): `.cache/` of the checkout, or $MIANJING_CACHE
    (the benchmark points it at an empty folder to measure a cold build)."""
    return Path(os.environ.get("MIANJING_CACHE") or ROOT / ".cache")


# libyaml's parser when PyYAML has it (it does in our pinned wheel): the same values as
# yaml.SafeLoader, about ten times faster (a build reads the taxonomy, the id register and
# every page's front matter)
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    return yaml.load(text, Loader=SafeLoader)


class _MkdocsLoader(SafeLoader):
    """Reads mkdocs.yml: `!ENV [NAME, default]` is resolved, other Python tags become None."""


def _env(loader: SafeLoader, node: yaml.Node):
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    for name in names[:-1] if len(names) > 1 else names:
        if os.environ.get(str(name)):
            return os.environ[str(name)]
    return names[-1] if len(names) > 1 else None


_MkdocsLoader.add_constructor("!ENV", _env)
_MkdocsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@lru_cache(maxsize=2)
def mkdocs_config(path: Path = MKDOCS_YML) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_MkdocsLoader)


def site_url() -> str:
    url = str(mkdocs_config().get("site_url") or "")
    return url if url.endswith("/") else url + "/"
