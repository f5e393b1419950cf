"""Technical terms for search: every common spelling of a term finds it.

The index separator splits "LayerNorm" into layer + norm, "Q-Former" into q + former and
"LLaVA-1.5" into l + lava + 1.5 (camel case, hyphens), which is right for readers who type the
parts, and useless for those who type the whole word ("layernorm", "qformer", "llava1.5").
So each index entry also carries the canonical form of every technical term in it: lower case,
without hyphens, spaces, underscores or dots between letters (dots between digits stay: 1.5).

Terms come from the content itself, never from a list of queries:
- any token whose parts the separator would split (camel case, hyphens, dots, underscores);
- multi-word names from the site's own vocabularies: question tags, glossary terms and the
  topics of mianjing/papers.yml ("KV Cache", "Dr. GRPO", "Prompt Tuning").
The browser applies the same `canonical` (overrides/assets/javascripts/workers/search-query.js)
and the union of all terms (config.terms) to join what the reader typed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from . import config

TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_.·'][A-Za-z0-9]+)*")
_TAG_RE = re.compile(r"<[^>]+>")
MIN_LEN = 3          # canonical forms shorter than this ("qk", "rl") are too ambiguous to join


def canonical(word: str) -> str:
    """Lower case, no separators; the same as canonical() in search-query.js."""
    w = unicodedata.normalize("NFKC", word).lower()
    w = re.sub(r"(\d)\.(?=\d)", "\\1\0", w)
    w = re.sub(r"[\s\-_.·']+", "", w)
    return w.replace("\0", ".")


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", _TAG_RE.sub(" ", html)).replace("&amp;", "&")


def split_terms(text: str, separator: re.Pattern) -> set[str]:
    """Canonical forms of the tokens the separator would cut into several parts."""
    out = set()
    for m in TOKEN_RE.finditer(text):
        token = m.group(0).strip(".")
        parts = [p for p in separator.split(token) if p]
        if len(parts) > 1:
            c = canonical(token)
            if len(c) >= MIN_LEN:
                out.add(c)
    return out


VERSIONED_RE = re.compile(r"\b([A-Za-z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*|[A-Z][a-z]+)[ -]?(\d+(?:\.\d+)*)(?![\d.%]|[A-Za-z])")


def versioned_terms(text: str) -> set[str]:
    """A name followed by its version, written apart or joined: "InternVL 1.5", "LLaMA 3", "Qwen 2"
    → internvl1.5, llama3, qwen2 (readers type them joined)."""
    out = set()
    for m in VERSIONED_RE.finditer(text):
        c = canonical(m.group(1) + m.group(2))
        if len(c) >= MIN_LEN:
            out.add(c)
    return out


def phrase_terms(text: str, phrases: dict[str, str]) -> set[str]:
    """Canonical forms of the vocabulary phrases that occur in the text (case-insensitive)."""
    low = " " + re.sub(r"\s+", " ", text.lower()) + " "
    return {c for phrase, c in phrases.items() if phrase in low}


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, str]:
    """Multi-word and punctuated names of the site: {lower-case phrase: canonical form}."""
    from .page import question_pages

    names: set[str] = set()
    for page in question_pages(config.DOCS):
        for q in page.questions:
            if q.meta:
                names.update(q.meta.tags)
    glossary = config.DOCS / "about" / "glossary.md"
    if glossary.is_file():   # first column: "Layer Normalization (LayerNorm)" gives both names
        for cell in re.findall(r"^\|\s*([A-Za-z][^|]*?)\s*\|", glossary.read_text(encoding="utf-8"), re.M):
            names.update(p.strip(" *") for p in re.split(r"[()（）/]", cell) if p.strip(" *"))
    papers = Path(__file__).with_name("papers.yml")
    names.update(p["topic"] for p in config.load_yaml(papers.read_text(encoding="utf-8")))
    out = {}
    for name in names:
        if not re.search(r"[A-Za-z]", name) or re.search(r"[\u4e00-\u9fff]", name):
            continue
        c = canonical(name)
        # only names the separator would not already keep whole
        if len(c) >= MIN_LEN and c != name.lower():
            out[" " + re.sub(r"\s+", " ", name.lower()) + " " if " " in name else name.lower()] = c
    return out


# ----------------------------------------------------------------------------- formulas in snippets

_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Pi": "Π", "Sigma": "Σ",
    "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
_SYMBOLS = {
    "times": "×", "cdot": "·", "cdots": "…", "ldots": "…", "dots": "…", "le": "≤", "leq": "≤", "ge": "≥",
    "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈", "sim": "~", "propto": "∝", "infty": "∞", "to": "→",
    "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "in": "∈", "sum": "∑", "prod": "∏", "int": "∫",
    "partial": "∂", "nabla": "∇", "pm": "±", "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "top": "ᵀ",
    "log": "log", "exp": "exp", "max": "max", "min": "min", "softmax": "softmax", "quad": " ", "qquad": " ",
    "mid": "|", "lVert": "‖", "rVert": "‖", "Vert": "‖", "lvert": "|", "rvert": "|", "langle": "⟨", "rangle": "⟩",
    "forall": "∀", "exists": "∃", "emptyset": "∅", "cup": "∪", "cap": "∩", "subset": "⊂", "neg": "¬",
    "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "ell": "ℓ", "hat": "", "tilde": "", "bar": "",
    "vec": "", "dot": "", "overline": "", "underline": "", "boldsymbol": "", "mathbb": "", "mathcal": "",
}
_DROP = {"left", "right", "big", "Big", "bigg", "Bigg", "displaystyle", "textstyle", "limits", "nolimits",
         "begin", "end", "label", "nonumber", "notag", "color", "phantom"}


def _group(tex: str, i: int) -> tuple[str, int]:
    """The braced group starting at tex[i] (or a single character) and the index after it."""
    while i < len(tex) and tex[i] == " ":
        i += 1
    if i < len(tex) and tex[i] == "{":
        depth = 0
        for j in range(i, len(tex)):
            depth += {"{": 1, "}": -1}.get(tex[j], 0)
            if depth == 0:
                return tex[i + 1: j], j + 1
        return tex[i + 1:], len(tex)
    return tex[i: i + 1], i + 1


def tex_to_plain(tex: str) -> str:
    """Readable plain math for search snippets: no backslash commands left (√d_k, a/b, α, ×)."""
    out, i = [], 0
    while i < len(tex):
        ch = tex[i]
        if ch == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", tex[i:])
            name = m.group(1)
            i += len(m.group(0))
            if name == "frac" or name in ("dfrac", "tfrac"):
                a, i = _group(tex, i)
                b, i = _group(tex, i)
                out.append(f"({tex_to_plain(a)})/({tex_to_plain(b)})")
            elif name == "sqrt":
                if i < len(tex) and tex[i] == "[":
                    j = tex.find("]", i)
                    i = j + 1 if j > 0 else i
                a, i = _group(tex, i)
                out.append(f"√({tex_to_plain(a)})")
            elif name in ("text", "mathrm", "textrm", "mathit", "mathbf", "textbf", "operatorname", "mathsf",
                          "texttt", "textit", "mbox", "hbox", "mathtt"):
                a, i = _group(tex, i)
                out.append(tex_to_plain(a))
            elif name in _GREEK:
                out.append(_GREEK[name])
            elif name in _SYMBOLS:
                out.append(_SYMBOLS[name])
            elif name in _DROP:
                if name in ("begin", "end", "color", "label"):
                    _, i = _group(tex, i)
            elif name in ("\\",):
                out.append("; ")
            elif name in (",", ";", ":", "!", " "):
                out.append(" ")
            elif name in ("{", "}", "%", "$", "&", "#", "_"):
                out.append(name)
            else:
                out.append(name)          # an unknown command: its name, without the backslash
        elif ch in "{}":
            i += 1
        elif ch == "&":
            out.append(" ")
            i += 1
        else:
            out.append(ch)
            i += 1
    return re.sub(r"\s+", " ", "".join(out)).replace("( )", "").strip()
