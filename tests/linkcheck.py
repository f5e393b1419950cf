"""Offline link and anchor checker for a built site directory (no network).

Usage: python tests/linkcheck.py [site] — prints broken links, exits 1 if any.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# attributes that make the browser load something (as opposed to links a reader clicks)
LOADED = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
          ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}
LOADED_LINK_RELS = {"stylesheet", "preconnect", "dns-prefetch", "preload", "prefetch",
                    "modulepreload", "icon", "manifest"}
CSS_URL_RE = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url) clicked or loaded, same origin check
        self.loaded: list[str] = []  # urls the browser fetches by itself
        self._in_template = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        if tag == "a" and a.get("href") is not None:
            self.links.append((tag, a["href"]))
        if tag == "link" and a.get("href"):
            rels = set((a.get("rel") or "").lower().split())
            if rels & LOADED_LINK_RELS:
                self.loaded.append(a["href"])
            if "stylesheet" in rels or "icon" in rels:
                self.links.append((tag, a["href"]))
        for t, attr in LOADED:
            if tag == t and a.get(attr):
                self.loaded.append(a[attr])
                self.links.append((tag, a[attr]))
        if a.get("style"):
            self.loaded += [m.group(1) or m.group(2) for m in CSS_URL_RE.finditer(a["style"])]


def is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("//")


def _is_third_party(url: str) -> bool:
    parts = urlsplit(url)
    if url.startswith("data:") or url.startswith("blob:"):
        return False
    return bool(parts.netloc) and parts.hostname not in ("127.0.0.1", "localhost")


class Site:
    def __init__(self, root: Path, base_path: str | None = None):
        self.root = Path(root)
        if base_path is None:  # the path of site_url, read from the sitemap (404.html uses it)
            sitemap = self.root / "sitemap.xml"
            m = re.search(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8")) if sitemap.is_file() else None
            base_path = urlsplit(m.group(1)).path if m else "/"
        self.base_path = base_path if base_path.endswith("/") else base_path + "/"
        self.pages: dict[str, _Page] = {}
        for html in sorted(self.root.rglob("*.html")):
            parser = _Page()
            parser.feed(html.read_text(encoding="utf-8", errors="replace"))
            self.pages[html.relative_to(self.root).as_posix()] = parser

    def _target(self, path: str) -> Path:
        target = self.root / unquote(path).lstrip("/")
        if path.endswith("/") or target.is_dir():
            target = target / "index.html"
        return target

    def broken_links(self) -> list[str]:
        errors = []
        for rel, page in self.pages.items():
            page_url = "/" + rel
            for tag, href in page.links:
                if href.startswith(("mailto:", "javascript:", "data:", "tel:")) or is_external(href):
                    continue
                url = urljoin(page_url, href)
                path, _, frag = url.partition("#")
                path = path.split("?")[0]
                if href.startswith("/") and path.startswith(self.base_path):
                    path = "/" + path[len(self.base_path):]
                target = self._target(path)
                if not target.is_file():
                    errors.append(f"{rel}: <{tag}> {href} -> missing {target.relative_to(self.root)}")
                    continue
                frag = unquote(frag)
                if frag and target.suffix == ".html":
                    ids = self.pages[target.relative_to(self.root).as_posix()].ids
                    if frag not in ids:
                        errors.append(f"{rel}: {href} -> no #{frag} in {target.relative_to(self.root)}")
        return errors

    def third_party_loads(self) -> list[str]:
        found = []
        for rel, page in self.pages.items():
            found += [f"{rel}: {u}" for u in page.loaded if _is_third_party(u)]
        for css in self.root.rglob("*.css"):
            text = css.read_text(encoding="utf-8", errors="replace")
            for m in CSS_URL_RE.finditer(text):
                url = m.group(1) or m.group(2)
                if _is_third_party(url):
                    found.append(f"{css.relative_to(self.root)}: {url}")
        return found


if __name__ == "__main__":
    site = Site(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))
    problems = site.broken_links() + site.third_party_loads()
    print("\n".join(problems) or f"OK: {len(site.pages)} pages")
    sys.exit(1 if problems else 0)
