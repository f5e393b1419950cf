"""Browser tests: Playwright drives Debian's chromium over the built site on 127.0.0.1.

Pages are opened through conftest's `open_page`, so every test also fails on any request that
leaves 127.0.0.1 and on console errors. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

MATH_PAGE = "about/math/"
NOTEBOOK_PAGE = "notebooks/attention-scaling/"
ROOT = Path(__file__).resolve().parent.parent


def test_home_page_renders(open_page, artifacts):
    page = open_page("")
    assert "大模型面试题解" in page.title()
    assert page.locator("article h1").first.inner_text().strip().rstrip("¶") == "大模型面试题解"
    assert page.locator(".md-tabs").count() == 1
    page.screenshot(path=str(artifacts / "home.png"), full_page=True)


def test_math_page_shows_katex_not_tex(open_page, artifacts):
    page = open_page(MATH_PAGE)
    article = page.locator("article")
    assert page.locator("article .katex").count() >= 5
    assert page.locator("article .katex-display").count() >= 3
    text = article.inner_text()
    for raw in ("$`", "```math", "\\sqrt", "\\frac", "\\operatorname"):
        assert raw not in text, f"raw TeX {raw!r} visible"
    # KaTeX fonts come from our own site and are actually used
    assert page.evaluate("document.fonts.check('16px KaTeX_Main')")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.family.includes('KaTeX') && f.status === 'loaded').length"
    )
    assert loaded >= 1
    # mermaid diagrams are inline SVG from the build: visible, and no mermaid script anywhere
    assert page.locator("article .mermaid-figure .mermaid-light svg").first.is_visible()
    assert not page.locator("article .mermaid-figure .mermaid-dark svg").first.is_visible()
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
    assert not [s for s in scripts if "mermaid" in s], scripts
    page.screenshot(path=str(artifacts / "math.png"), full_page=True)


def test_notebook_page_has_outputs_and_math(open_page, artifacts):
    page = open_page(NOTEBOOK_PAGE)
    text = page.locator("article").inner_text()
    assert "✓ Var(q·k) ≈ d_k" in text  # printed by an executed cell after its asserts passed
    assert page.locator(".jp-OutputArea-output").count() >= 1
    assert page.locator(".jp-RenderedMarkdown .katex").count() >= 3
    assert page.locator(".jp-RenderedMarkdown .katex-display").count() >= 1
    for raw in ("$", "\\sqrt", "\\frac"):
        md_text = " ".join(page.locator(".jp-RenderedMarkdown").all_inner_texts())
        assert raw not in md_text, f"raw {raw!r} in notebook markdown"
    # Chinese headings have ids and the TOC points at them
    ids = page.eval_on_selector_all("article :is(h1,h2,h3)", "els => els.map(e => e.id)")
    assert ids and all(ids), ids
    toc = page.eval_on_selector_all(
        ".md-sidebar--secondary a.md-nav__link", "els => els.map(e => e.getAttribute('href'))"
    )
    anchors = [unquote(urlsplit(h).fragment) for h in toc]
    assert toc and all(a in ids for a in anchors), (anchors, ids)
    # the .ipynb can be downloaded
    href = page.eval_on_selector("a[data-nb-download]", "a => a.href")  # absolute URL
    resp = page.request.get(href)
    assert resp.ok and b'"cells"' in resp.body()
    page.screenshot(path=str(artifacts / "notebook.png"), full_page=True)


# the question that answers the term, found by a two-word Chinese query typed without spaces
@pytest.mark.parametrize("term, expected", [("梯度消失", "ml-basics/optimization/"),
                                            ("困惑度", "pretrain-sft/pretraining/")])
def test_chinese_search_finds_page(open_page, artifacts, term, expected):
    page = open_page("")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(term)
    box.press("End")  # typed CJK fires no keyup; End does
    page.wait_for_selector(".md-search-result__meta", timeout=15000)
    page.wait_for_selector(".md-search-result__item a", timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert any(expected in h for h in hrefs), hrefs
    page.screenshot(path=str(artifacts / f"search-{term}.png"))


def _bg(page):
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_dark_toggle(open_page, artifacts):
    page = open_page(NOTEBOOK_PAGE, scheme="light")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    light_bg = _bg(page)
    light_cell = page.evaluate(
        "getComputedStyle(document.querySelector('.jupyter-wrapper')).getPropertyValue('--jp-layout-color0')"
    )
    for _ in range(3):  # auto → light → dark
        if page.get_attribute("body", "data-md-color-scheme") == "slate":
            break
        page.locator("form[data-md-component=palette] label:visible").first.click()
        page.wait_for_timeout(200)
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    assert _bg(page) != light_bg
    dark_cell = page.evaluate(
        "getComputedStyle(document.querySelector('.jupyter-wrapper')).getPropertyValue('--jp-layout-color0')"
    )
    assert dark_cell != light_cell, "notebook colours do not follow the toggle"
    page.goto(page.url.split("notebooks/")[0] + "about/math/", wait_until="networkidle")
    assert page.locator("article .mermaid-dark svg").first.is_visible(), "diagram does not follow the toggle"
    assert not page.locator("article .mermaid-light svg").first.is_visible()
    page.screenshot(path=str(artifacts / "notebook-dark.png"), full_page=True)


def _fulfil_with(original, content_type):
    return lambda route: route.fulfill(body=original(route.request.url), content_type=content_type)


def _with_and_without(browser, url, originals, observe, scheme="light") -> dict:
    """observe(page) for *url* as built ("trimmed") and with the URLs matching each glob of
    *originals* answered by the untrimmed file ("full")."""
    seen = {}
    for name in ("trimmed", "full"):
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        if name == "full":
            for glob, original in originals.items():
                ctx.route(glob, _fulfil_with(original, "text/css" if glob.endswith(".css") else "font/woff2"))
        page = ctx.new_page()
        page.goto(url, wait_until="networkidle")
        # every font loaded before anything is measured: a font is fetched only when laid-out text
        # needs it, and answers below the screen are laid out late (content-visibility), so on a
        # busy machine a formula could be measured in a fallback font that was still on its way
        page.evaluate("Promise.all([...document.fonts].map(font => font.load()))")
        seen[name] = observe(page)
        ctx.close()
    return seen


# what a stylesheet decides for every element of the page content (KaTeX's inner boxes aside):
# its computed box, colours, type and layout; hashed. No pixels: rasterising is noisy (1 px borders,
# the search box fading in); no pseudo-elements: reading them takes chromium ~30 s a page.
_STYLE_PROPERTIES = """display position visibility opacity color background-color background-image font-family
font-size font-weight font-style line-height white-space text-align text-decoration-line margin-top margin-right
margin-bottom margin-left padding-top padding-right padding-bottom padding-left border-top-width border-top-style
border-top-color border-right-width border-bottom-width border-bottom-style border-bottom-color border-left-width
border-left-style border-left-color border-radius box-shadow width height overflow-x overflow-y flex-direction
align-items justify-content gap z-index cursor""".split()
_CONTENT_STYLES = """(props) => {
  const hash = s => { let h = 2166136261; for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619); return h >>> 0; };
  return [...document.querySelectorAll('.md-content, .md-content *:not(.katex *)')].map(el => {
    const cs = getComputedStyle(el);
    return [el.tagName.toLowerCase() + '.' + [...el.classList].join('.'), hash(props.map(p => cs.getPropertyValue(p)).join(';'))];
  });
}"""


# every box KaTeX laid out, to 1/100 px: a glyph missing from a font falls back to another font
# with other widths and moves the boxes after it. (Pixels are no test here: chromium antialiases
# KaTeX's own .woff and .woff2 of the same font differently.)
_FORMULA_BOXES = """() => [...document.querySelectorAll('.katex-html *')].map(el => {
  const r = el.getBoundingClientRect();
  return [r.x, r.y, r.width, r.height].map(v => Math.round(v * 100)).join(',');
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_trimmed_notebook_stylesheet_styles_like_the_full_one(browser, base_url, site_dir, scheme):
    """jupyter.css keeps only what the notebook pages use: every element of the page must be
    styled exactly as with mkdocs-jupyter's full stylesheet."""
    from conftest import load_hook

    full = load_hook("notebooks")._jupyter_css()
    trimmed = (site_dir / "assets/stylesheets/jupyter.css").read_text(encoding="utf-8")
    assert len(trimmed) < len(full) / 10, (len(trimmed), len(full))
    styles = _with_and_without(browser, base_url + NOTEBOOK_PAGE,
                               {"**/assets/stylesheets/jupyter.css": lambda url: full},
                               lambda page: page.evaluate(_CONTENT_STYLES, _STYLE_PROPERTIES), scheme)
    assert len(styles["full"]) > 300 and len(styles["trimmed"]) == len(styles["full"])
    differ = [a[0] for a, b in zip(styles["trimmed"], styles["full"]) if a != b]
    assert not differ, f"{NOTEBOOK_PAGE} ({scheme}): {len(differ)} elements styled differently, e.g. {differ[:3]}"


@pytest.mark.parametrize("path", [MATH_PAGE, "transformer/attention/"])
def test_subset_katex_fonts_lay_formulas_out_like_the_full_ones(browser, base_url, site_dir, path):
    """The KaTeX fonts hold only the glyphs of characters on the site: every formula must be laid
    out exactly as with KaTeX's own fonts."""
    dist = ROOT / "node_modules" / "katex" / "dist" / "fonts"
    built = {f.name: f.stat().st_size for f in (site_dir / "assets/katex/fonts").glob("*.woff2")}
    assert built and set(built) == {f.name for f in dist.glob("*.woff2")}
    assert sum(built.values()) < 0.85 * sum(f.stat().st_size for f in dist.glob("*.woff2"))

    def original(url):
        return (dist / unquote(urlsplit(url).path).rsplit("/", 1)[1]).read_bytes()

    boxes = _with_and_without(browser, base_url + path, {"**/assets/katex/fonts/*.woff2": original},
                              lambda page: page.evaluate(_FORMULA_BOXES))
    assert len(boxes["full"]) > 100
    moved = [k for k, (a, b) in enumerate(zip(boxes["trimmed"], boxes["full"])) if a != b]
    assert len(boxes["trimmed"]) == len(boxes["full"])
    assert not moved, f"{path}: {len(moved)} formula boxes differ from KaTeX's own fonts, first at element {moved[:1]}"


def test_system_dark_preference_is_followed(open_page):
    page = open_page("", scheme="dark")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"


@pytest.mark.parametrize("path", ["", MATH_PAGE, NOTEBOOK_PAGE])
def test_phone_viewport_has_no_horizontal_overflow(open_page, artifacts, path):
    page = open_page(path, width=390, height=844)
    over = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert over <= 0, f"page is {over}px wider than the 390px viewport"
    name = path.strip("/").replace("/", "-") or "home"
    page.screenshot(path=str(artifacts / f"phone-{name}.png"), full_page=True)


def test_far_answers_are_laid_out_near_the_screen_and_deep_links_hold_still(open_page, tmp_path):
    """A topic page lays out an answer only when it comes near the screen (content-visibility in
    extra.css), yet a link to a question far down lands on its heading and stays there while the
    answers around it are laid out."""
    page = open_page("transformer/attention/", width=390, height=844)
    ids = page.eval_on_selector_all(".q-section", "els => els.map(e => e.dataset.q)")
    assert len(ids) >= 8, ids
    shown = "q => document.querySelector(`.q-section[data-q='${q}'] .q-answer > *`).checkVisibility({contentVisibilityAuto: true})"
    assert page.evaluate(shown, ids[0]), "the first answer must be laid out with the page"
    assert not page.evaluate(shown, ids[-1]), "an answer far below the screen was laid out at load"
    page.evaluate("q => { location.hash = q }", ids[-2])
    page.wait_for_timeout(300)
    top = "q => document.getElementById(q).getBoundingClientRect().top"
    first = page.evaluate(top, ids[-2])
    assert 0 <= first <= 120, f"#{ids[-2]} landed at {first}px, not under the header"
    page.wait_for_timeout(700)
    assert abs(page.evaluate(top, ids[-2]) - first) < 2, "the heading moved while answers were laid out"
    assert page.evaluate(shown, ids[-2]), "the answer under the linked heading is not laid out"
    # printing the page (a reader's Ctrl+P) prints every answer, laid out or not
    last = page.evaluate("q => document.querySelector(`.q-section[data-q='${q}'] .q-answer`).innerText", ids[-1])
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf))
    printed = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    sentence = re.sub(r"\s+", "", max(last.split("\n"), key=len))[:12]
    assert sentence in re.sub(r"\s+", "", printed), f"「{sentence}」 of the last answer is not in the printed page"
