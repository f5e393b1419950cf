"""KaTeX's fonts cut down to the characters the built site contains (fontTools' subsetter).

A formula page loads 4–8 KaTeX fonts, ≈110 KiB, most of it glyphs no formula of ours uses.
`subset(fonts, chars)` keeps, of each woff2 font, the glyphs of the characters in *chars* (every
character of every page the build writes, `PageCharacters`: a superset of what the formulas show,
so nothing a page shows can go missing), with hinting and layout tables intact. Results are cached
in `.cache/katex-fonts/<sha256 of fontTools' version, the fonts and the characters>/`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from pathlib import Path

from .config import cache_root
from .files import write_atomic


class PageCharacters:
    """The characters of the pages a build writes (formulas appear only in pages).

    A page's characters are remembered by a digest of its HTML in .cache/katex-fonts/pages.json,
    so a rebuild looks only at the pages that changed: going through all 16 MB of HTML took
    ≈ 0.5 s a build, and `make serve` paid it on every save."""

    def __init__(self):
        self.path = cache_root() / "katex-fonts" / "pages.json"
        try:
            self.known: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):   # none yet, or unreadable: every page is looked at
            self.known = {}
        self.used: dict[str, str] = {}

    def add(self, html: str) -> None:
        key = hashlib.blake2b(html.encode("utf-8"), digest_size=16).hexdigest()
        self.used[key] = self.known.get(key) or "".join(sorted(set(html)))

    def characters(self) -> str:
        """All of them; the cache keeps only this build's pages."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic({self.path: json.dumps(self.used, ensure_ascii=False, sort_keys=True)})
        return "".join(sorted(set().union(*map(set, self.used.values()))))


def _subset_one(font_path: Path, chars: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # bounding boxes and metrics as the original: chromium lays glyphs out by them
    font = TTFont(font_path, recalcBBoxes=False, recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]      # keep every OpenType feature KaTeX's fonts carry
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def subset(fonts: list[Path], chars: str) -> dict[str, Path]:
    """{font file name: path of its subset}; computed once per (fontTools, fonts, chars)."""
    import fontTools

    digest = hashlib.sha256(fontTools.version.encode() + b"\0" + chars.encode("utf-8"))
    for font in sorted(fonts):
        digest.update(b"\0" + font.name.encode() + b"\0" + font.read_bytes())
    folder = cache_root() / "katex-fonts" / digest.hexdigest()[:24]
    if not folder.is_dir():
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".tmp-"))
        for font in fonts:
            (tmp / font.name).write_bytes(_subset_one(font, chars))
        try:
            os.rename(tmp, folder)   # atomic: a concurrent build never sees half the fonts
        except OSError:              # another build got there first: same inputs, same fonts
            for f in tmp.iterdir():
                f.unlink()
            tmp.rmdir()
    return {font.name: folder / font.name for font in fonts}
