"""KaTeX's fonts cut down to the characters the built site contains (fontTools' subsetter).

A formula page loads 4–8 KaTeX fonts, ≈110 KiB, most of it glyphs no formula of ours uses.
`subset(fonts, chars)` keeps, of each woff2 font, the glyphs of the characters in *chars* (every
character of every built HTML page: a superset of what the formulas show, so nothing a page shows
can go missing), with hinting and layout tables intact. Results are cached in
`.cache/katex-fonts/<sha256 of fontTools' version, the fonts and the characters>/`.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path

from .config import cache_root


def site_characters(site: Path) -> str:
    chars: set[str] = set()
    for page in site.rglob("*.html"):
        chars.update(page.read_text(encoding="utf-8"))
    return "".join(sorted(chars))


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
