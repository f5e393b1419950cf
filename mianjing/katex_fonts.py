"""KaTeX's fonts cut down to the characters the built site contains (fontTools' subsetter).

A formula page loads 4–8 KaTeX fonts, ≈110 KiB, most of it glyphs no formula of ours uses.
`subset(fonts, chars)` keeps, of each woff2 font, the glyphs of the characters in *chars* (every
character of every page the build writes, `PageCharacters`: a superset of what the formulas show,
so nothing a page shows can go missing), with hinting and layout tables intact. A subset depends
only on the characters the font has, so each is cached under the digest of fontTools' version, the
font and those characters: `.cache/katex-fonts/<digest>.woff2`. A page with a new Chinese character
(in no KaTeX font) therefore cuts no font again (cutting all twenty takes ≈ 3 s).
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

from .config import cache_root
from .files import write_atomic


def _read_table(path: Path) -> dict[str, str]:
    """A cache file mapping digests to characters; none yet, or unreadable in any way: empty, so
    everything is looked at again."""
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in table.items() if isinstance(v, str)} if isinstance(table, dict) else {}


class PageCharacters:
    """The characters of the pages a build writes (formulas appear only in pages).

    A page's characters are remembered by a digest of its HTML in .cache/katex-fonts/pages.json,
    so a rebuild looks only at the pages that changed: going through all 16 MB of HTML took
    ≈ 0.5 s a build, and `make serve` paid it on every save."""

    def __init__(self):
        self.path = cache_root() / "katex-fonts" / "pages.json"
        self.known = _read_table(self.path)
        self.used: dict[str, str] = {}

    def add(self, html: str) -> None:
        key = hashlib.blake2b(html.encode("utf-8"), digest_size=16).hexdigest()
        self.used[key] = self.known.get(key) or "".join(sorted(set(html)))

    def characters(self) -> str:
        """All of them; the cache keeps only this build's pages."""
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


def _characters_of(font_bytes: bytes) -> frozenset[str]:
    from fontTools.ttLib import TTFont

    return frozenset(map(chr, TTFont(io.BytesIO(font_bytes)).getBestCmap()))


def subset(fonts: list[Path], chars: str) -> dict[str, Path]:
    """{font file name: path of its subset}; computed once per (fontTools, font, the font's
    characters among *chars*). The characters each font has are cached too (fonts.json)."""
    import fontTools

    folder = cache_root() / "katex-fonts"
    index = folder / "fonts.json"      # font digest -> the characters it has
    known = _read_table(index)
    wanted, out, learnt = set(chars), {}, {}
    for font in fonts:
        data = font.read_bytes()
        font_digest = hashlib.sha256(data).hexdigest()
        has = known.get(font_digest)
        if has is None:
            has = learnt[font_digest] = "".join(sorted(_characters_of(data)))
        kept = "".join(sorted(wanted.intersection(has)))
        key = hashlib.sha256("\0".join([fontTools.version, font_digest, kept]).encode("utf-8")).hexdigest()[:24]
        path = out[font.name] = folder / f"{key}.woff2"
        if not path.is_file():
            write_atomic({path: _subset_one(font, kept)})
    if learnt:
        write_atomic({index: json.dumps({**known, **learnt}, sort_keys=True)})
    return out
