"""Search evaluation in a real browser, shared by tests/test_search.py and `make bench`.

Each query of tests/search_queries.tsv is typed into Material's search box (fill, then a
dispatched `keyup`, as a reader's keyboard would fire), and the rendered result list is read
back from the DOM. Results are grouped by page in Material's list; the *landing targets* are,
per group in order, its visible section links (`page/#anchor`; those folded under "N more" are not
counted), or the page link when no section is visible. recall@5 counts a query when one of its accepted targets is among the first five
targets; MRR uses the rank of the first accepted target (0 when absent).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

QUERIES = Path(__file__).resolve().parent / "search_queries.tsv"
TOP_K = 5

# Runs in the page: dispatch keyup on the already filled search box, wait for the worker's answer
# to be rendered (first mutation of the result list), and read the result list back.
_SEARCH_JS = """
async (timeoutMs) => {
  const box = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  const meta = document.querySelector(".md-search-result__meta");
  const t0 = performance.now();
  const done = new Promise(resolve => {
    const obs = new MutationObserver(() => { obs.disconnect(); resolve(performance.now() - t0); });
    obs.observe(list, { childList: true });
    obs.observe(meta, { childList: true, characterData: true, subtree: true });
    setTimeout(() => { obs.disconnect(); resolve(null); }, timeoutMs);
  });
  box.dispatchEvent(new KeyboardEvent("keyup", { key: "End", bubbles: true }));
  const ms = await done;
  await new Promise(r => setTimeout(r, 0));   // let the synchronous first render finish
  const groups = [...list.querySelectorAll(":scope > li.md-search-result__item")].map(li =>
    [...li.querySelectorAll("a.md-search-result__link")].map(a => ({
      href: a.href,
      more: !!a.closest("details"),
      title: (a.querySelector("h1, h2") || a).textContent,
      text: a.querySelector("article").textContent,
    })));
  return { ms, meta: meta.textContent, groups };
}
"""


@dataclass
class Query:
    text: str
    expected: list[str]


@dataclass
class Outcome:
    query: Query
    targets: list[str]
    ms: float | None
    snippets: list[str] = field(default_factory=list)
    hrefs: list[str] = field(default_factory=list)

    @property
    def rank(self) -> int | None:
        for i, target in enumerate(self.targets, 1):
            if any(matches(target, exp) for exp in self.query.expected):
                return i
        return None


def load_queries(path: Path = QUERIES) -> list[Query]:
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, expected = line.split("\t")[:2]
        queries.append(Query(text, [e.strip() for e in expected.split("|") if e.strip()]))
    return queries


def matches(target: str, expected: str) -> bool:
    """`page/#anchor` must match exactly; `page/` accepts any target on that page."""
    if "#" in expected:
        return target == expected
    return target.split("#")[0] == expected


def to_target(href: str, base_url: str) -> str:
    parts = urlsplit(href)
    path = parts.path[len(urlsplit(base_url).path):] if parts.path.startswith(urlsplit(base_url).path) else parts.path
    frag = unquote(parts.fragment)
    return f"{path}#{frag}" if frag else path


def landing_targets(groups: list[list[dict]], base_url: str) -> list[str]:
    """What a reader sees, in order: per page group, its visible section links (the ones folded
    under "N more" are not shown), or the page link when no section is visible."""
    targets: list[str] = []
    for links in groups:
        hrefs = [to_target(link["href"], base_url) for link in links if not link.get("more")]
        sections = [h for h in hrefs if "#" in h]
        targets.extend(sections or hrefs[:1])
    return targets


def open_search(page):
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.focus()
    page.wait_for_timeout(50)  # Material re-reads the box 1 ms after focus
    return box


def run_query(page, box, query: Query, base_url: str, timeout_ms: int = 15000) -> Outcome:
    box.fill(query.text)
    res = page.evaluate(_SEARCH_JS, timeout_ms)
    targets = landing_targets(res["groups"], base_url)
    snippets = [link["title"] + " " + link["text"] for links in res["groups"] for link in links]
    hrefs = [link["href"] for links in res["groups"] for link in links]
    return Outcome(query, targets, res["ms"], snippets, hrefs)


def evaluate(page, base_url: str, queries: list[Query] | None = None) -> list[Outcome]:
    """Run every query through the real search box of *page* (the site, already open)."""
    queries = queries if queries is not None else load_queries()
    box = open_search(page)
    # warm-up: the first answer waits for the worker to build its index
    run_query(page, box, Query("transformer", []), base_url, timeout_ms=30000)
    box.fill("")
    return [run_query(page, box, q, base_url) for q in queries]


@dataclass
class Summary:
    n: int
    recall: float
    mrr: float
    median_ms: float
    p95_ms: float
    failures: list[Outcome]


def summarize(outcomes: list[Outcome], k: int = TOP_K) -> Summary:
    ranks = [o.rank for o in outcomes]
    hits = sum(1 for r in ranks if r is not None and r <= k)
    mrr = sum(1 / r for r in ranks if r) / len(outcomes)
    times = sorted(o.ms for o in outcomes if o.ms is not None)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))] if times else float("nan")
    return Summary(
        n=len(outcomes),
        recall=hits / len(outcomes),
        mrr=mrr,
        median_ms=statistics.median(times) if times else float("nan"),
        p95_ms=p95,
        failures=[o for o in outcomes if o.rank is None or o.rank > k],
    )


def report(summary: Summary) -> str:
    lines = [
        f"queries:          {summary.n}",
        f"recall@{TOP_K}:         {summary.recall:.1%}",
        f"MRR:              {summary.mrr:.3f}",
        f"keyup -> results: median {summary.median_ms:.0f} ms, p95 {summary.p95_ms:.0f} ms",
    ]
    for o in summary.failures:
        lines.append(f"  MISS {o.query.text!r} (rank {o.rank}) expected {o.query.expected[0]} got {o.targets[:5]}")
    return "\n".join(lines)


def apply_renames(rename_files: list[Path], path: Path = QUERIES) -> int:
    """Rewrite anchors of the query set after question ids were renamed (`old<TAB>new` lines)."""
    mapping: dict[str, str] = {}
    for f in rename_files:
        for line in Path(f).read_text(encoding="utf-8").splitlines():
            if "\t" in line and not line.startswith("#"):
                old, new = line.split("\t")[:2]
                if old.strip() and new.strip():
                    mapping[old.strip()] = new.strip()

    def final(anchor: str) -> str:
        seen = set()
        while anchor in mapping and anchor not in seen:
            seen.add(anchor)
            anchor = mapping[anchor]
        return anchor

    changed = 0
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            out.append(line)
            continue
        query, expected = line.split("\t")[:2]
        targets = []
        for t in expected.split("|"):
            page, sep, anchor = t.partition("#")
            new = f"{page}#{final(anchor)}" if sep else t
            changed += new != t
            targets.append(new)
        out.append(f"{query}\t{'|'.join(dict.fromkeys(targets))}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return changed


if __name__ == "__main__":  # python tests/search_eval.py --apply-renames /tmp/renames/*.tsv
    import sys

    if len(sys.argv) > 2 and sys.argv[1] == "--apply-renames":
        print(f"{apply_renames([Path(p) for p in sys.argv[2:]])} anchors renamed in {QUERIES}")
    else:
        sys.exit("usage: python tests/search_eval.py --apply-renames RENAMES.tsv...")
