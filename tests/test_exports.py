"""The downloads (`make export` → site/downloads/), opened the way readers open them: the Anki
deck as Anki reads it (zip + SQLite), the PDFs through poppler (text, fonts, page images), the
offline zip unpacked and browsed from file:// in chromium, the 下载 page in the built site.

`make test-site` runs `python -m mianjing export` before these tests.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
from lxml import etree
from pypdf import PdfReader

import search_eval as se
from mianjing.export import anki, book, built
from mianjing.export.cli import FILES

WS = re.compile(r"\s+")
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def downloads(site_dir) -> Path:
    """site/downloads/ as `make test-site` leaves it (exported here if the site has none yet)."""
    out = site_dir / "downloads"
    if not (out / "manifest.json").is_file():
        proc = subprocess.run([sys.executable, "-m", "mianjing", "export", "--site", str(site_dir)],
                              capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.fixture(scope="module")
def site(site_dir) -> built.BuiltSite:
    return built.load(site_dir)


def squash(text: str) -> str:
    return WS.sub("", text)


def snippet(part) -> str | None:
    """A plain sentence of a part (no formula, no code): what a reader would search the PDF for."""
    if part is None:
        return None
    for p in part.xpath(".//p | .//li"):
        if p.xpath(".//*[contains(@class, 'katex')] | .//code | .//a | .//sup"):
            continue
        text = squash(p.text_content())
        for start in range(0, max(len(text) - 14, 0) + 1, 7):   # 14 characters, at least 11 of them Chinese
            window = text[start:start + 14]
            if len(window) == 14 and len(HAN.findall(window)) >= 11:
                return window
    return None


def pdftext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


# ----------------------------------------------------------------------------- Anki

def open_apkg(path: Path, tmp_path: Path):
    with zipfile.ZipFile(path) as zf:
        zf.extractall(tmp_path)
        names = set(zf.namelist())
    db = sqlite3.connect(tmp_path / "collection.anki2")
    media = json.loads((tmp_path / "media").read_text(encoding="utf-8"))
    return db, media, names


def test_anki_deck_has_every_question_as_anki_reads_it(downloads, site, tmp_path):
    db, media, names = open_apkg(downloads / FILES["anki"][0], tmp_path)
    rows = db.execute("select guid, flds, tags from notes").fetchall()
    records = {q.id: q.record for q in site.questions}
    assert len(rows) == len(records)
    by_id = {}
    for guid, flds, tags in rows:
        fields = dict(zip(anki.FIELDS, flds.split("\x1f")))
        by_id[fields["Id"]] = (guid, fields, tags.split())
    assert set(by_id) == set(records)
    for qid, (guid, fields, tags) in by_id.items():
        r = records[qid]
        assert guid == anki.guid(qid)
        assert fields["Question"] == r["title"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert fields["Link"] == f"{site.site_url}{r['url']}#{r['anchor']}"
        assert "★" * r["importance"] == fields["Importance"]
        assert f"重要度::{r['importance']}" in tags and any(t.startswith("栏目::") for t in tags)
        assert all(f"来源::{s}" in tags for s in r["sources"])
        for name in ("Keypoints", "Answer"):
            html = fields[name]
            # no markdown-katex syntax, no KaTeX markup: formulas are Anki's MathJax delimiters
            assert "$`" not in html and "```" not in html and 'class="katex' not in html, (qid, name)
            for src in re.findall(r'<img[^>]* src="([^"]+)"', html):
                assert src in media.values(), (qid, src)
            for href in re.findall(r'href="([^"]+)"', html):
                assert re.match(r"^(https?:|mailto:)", href), (qid, href)   # no link that only works on the site
        assert fields["Answer"].count("<p><strong>解答</strong></p>") == 1, qid
    scaling = by_id["attention-scaling"][1]
    assert r"\(\sqrt{d_k}\)" in scaling["Keypoints"] and r"\[\operatorname{Attention}" in scaling["Answer"]
    assert any('class="highlight"' in f["Answer"] for _, f, _ in by_id.values())
    # media: every file present, each a standalone SVG
    assert media and all(str(k) in names for k in media)
    for key in media:
        assert etree.parse(str(tmp_path / key)).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    decks = {d["name"] for d in json.loads(db.execute("select decks from col").fetchone()[0]).values()}
    assert {f"{anki.DECK_ROOT}::{r['section_title']}" for r in records.values()} <= decks
    models = json.loads(db.execute("select models from col").fetchone()[0])
    model = models[str(anki.MODEL_ID)]
    assert [f["name"] for f in model["flds"]] == anki.FIELDS and ".highlight .k" in model["css"]


def test_anki_note_ids_survive_an_edited_answer(site, tmp_path):
    """Importing a newer deck updates cards (and keeps their reviews) only if GUIDs do not move."""
    first = tmp_path / "a.apkg"
    anki.write_apkg(site, first)
    edited = copy.copy(site)
    edited.questions = list(site.questions)
    target = edited.questions[7] = copy.copy(site.questions[7])
    target.answer = copy.deepcopy(target.answer)
    etree.SubElement(target.answer, "p").text = "补充：新增的一段解答。"
    second = tmp_path / "b.apkg"
    anki.write_apkg(edited, second)
    notes = []
    for path in (first, second):
        out = tmp_path / path.stem
        out.mkdir()
        db, _, _ = open_apkg(path, out)
        notes.append(dict(db.execute("select guid, flds from notes").fetchall()))
    assert notes[0].keys() == notes[1].keys()
    changed = [g for g in notes[0] if notes[0][g] != notes[1][g]]
    assert changed == [anki.guid(target.id)] and "补充：新增的一段解答。" in notes[1][changed[0]]
    # the derivation itself is frozen: a different GUID for the same id would duplicate every card
    assert anki.guid("attention-scaling") == "DCHxhJbD,S"
    assert anki.MODEL_ID == 1736902218


def test_anki_tsv_has_headers_and_the_same_notes(downloads, site):
    text = (downloads / FILES["tsv"][0]).read_text(encoding="utf-8")
    head = [ln for ln in text.splitlines()[:8] if ln.startswith("#")]
    assert head[:2] == ["#separator:tab", "#html:true"]
    assert {"#guid column:1", "#deck column:2", "#tags column:3"} <= set(head)
    rows = list(csv.reader(io.StringIO("\n".join(text.split("\n")[len(head):])), delimiter="\t"))
    rows = [r for r in rows if r]
    assert len(rows) == len(site.questions) and all(len(r) == 5 for r in rows)
    assert [r[0] for r in rows] == [anki.guid(q.id) for q in site.questions]
    assert all(r[1].startswith(anki.DECK_ROOT + "::") for r in rows)
    assert all("$`" not in r[4] and 'class="katex' not in r[4] for r in rows)
    assert sum("<svg" in r[4] for r in rows) >= 20            # diagrams inline (no media folder)


# ----------------------------------------------------------------------------- PDFs

def fonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def check_fonts(path: Path) -> None:
    rows = fonts(path)
    assert rows, path
    assert not [r for r in rows if "Type" in r and "3" in r], f"{path.name}: Type 3 fonts (an unembeddable font was drawn as glyph procedures)"
    assert all(r[-5] == "yes" for r in rows), f"{path.name}: a font is not embedded: {rows}"
    assert any("NotoSansSC" in r[0] for r in rows), f"{path.name}: the CJK font is not embedded: {rows}"


def page_images(path: Path, artifacts: Path, pages: list[int], name: str) -> None:
    for n in pages:
        subprocess.run(["pdftoppm", "-f", str(n), "-l", str(n), "-r", "60", "-png", "-singlefile",
                        str(path), str(artifacts / f"{name}-p{n}")], check=True)
        assert (artifacts / f"{name}-p{n}.png").stat().st_size > 5000


def test_book_pdf_has_every_question_and_answer(downloads, site, artifacts):
    path = downloads / FILES["book"][0]
    text = squash(pdftext(path))
    missing = [q.id for q in site.questions if squash(q.record["title"]) not in text]
    assert not missing, f"titles not in the book: {missing[:10]}"
    probes = {q.id: snippet(q.answer) for q in site.questions}
    probes.update({q.id + "/要点": snippet(q.keypoints) for q in site.questions})
    probes = {k: v for k, v in probes.items() if v}
    assert len(probes) > 400
    missing = [k for k, v in probes.items() if v not in text]
    assert not missing, f"answer text not in the book: {missing[:10]}"
    check_fonts(path)
    reader = PdfReader(path)
    outline = reader.outline
    sections = [o for o in outline if not isinstance(o, list)]
    assert [s.title for s in sections] == list(dict.fromkeys(q.record["section_title"] for q in site.questions))

    def count(items):
        return sum(count(i) if isinstance(i, list) else 1 for i in items)
    assert count(outline) == len(sections) + len({q.page_url for q in site.questions}) + len(site.questions)
    first_q = reader.get_destination_page_number(outline[1][1][0])
    assert 2 < first_q < 30
    links = sum(1 for p in reader.pages[:20] for a in (p.get("/Annots") or []) if a.get_object().get("/Dest") or
                a.get_object().get("/A", {}).get("/D"))
    assert links > 100, "the table of contents should link into the book"
    page_images(path, artifacts, [1, 2, first_q + 1, len(reader.pages) // 2], "export-book")


def test_answer_sheets_hold_questions_not_answers(downloads, site, artifacts):
    answers = [v for v in (snippet(q.answer) for q in site.questions) if v]
    keypoints = [v for v in (snippet(q.keypoints) for q in site.questions) if v]
    plain = squash(pdftext(downloads / FILES["sheet"][0]))
    with_kp = squash(pdftext(downloads / FILES["sheet-keypoints"][0]))
    for text in (plain, with_kp):
        assert all(squash(q.record["title"]) in text for q in site.questions)
        assert not [a for a in answers if a in text], "answer text in an answer sheet"
    assert not [k for k in keypoints if k in plain]
    assert sum(k in with_kp for k in keypoints) >= 0.95 * len(keypoints)
    for key in ("sheet", "sheet-keypoints"):
        check_fonts(downloads / FILES[key][0])
    page_images(downloads / FILES["sheet"][0], artifacts, [12], "export-sheet")


# ----------------------------------------------------------------------------- offline copy

@pytest.fixture(scope="module")
def offline_root(downloads, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(downloads / FILES["offline"][0]) as zf:
        zf.extractall(out)
    roots = [p for p in out.iterdir() if p.is_dir()]
    assert len(roots) == 1 and (roots[0] / "index.html").is_file() and (roots[0] / "README.txt").is_file()
    return roots[0]


@pytest.fixture
def disk_page(browser):
    """A page whose requests must all stay on file://, with no console errors."""
    external, errors, contexts = [], [], []

    def _open(url: str, **viewport):
        ctx = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        contexts.append(ctx)
        ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:", "about:"))
                  else (external.append(r.request.url), r.abort()))
        page = ctx.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)
        return page

    yield _open
    for ctx in contexts:
        ctx.close()
    assert not external, f"requests that left the file system: {external}"
    assert not errors, f"console errors: {errors}"


def test_offline_copy_reads_and_searches_from_disk(offline_root, disk_page, artifacts):
    base = offline_root.as_uri() + "/"
    page = disk_page(base + "index.html")
    assert page.locator("h1").first.inner_text()
    # a link to a question, followed from disk
    page.goto(base + "changes.html")
    link = page.locator("article li a").first
    anchor = link.get_attribute("href").split("#", 1)[1]
    link.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and ".html#" in page.url
    assert page.locator(f'[id="{anchor}"]').is_visible()
    # Chinese search, through the iframe-worker shim
    page.goto(base + "index.html")
    box = se.open_search(page)
    result = se.run_query(page, box, se.Query("为什么要除以根号dk", []), base, timeout_ms=30000)
    assert result.targets and result.targets[0] == "transformer/attention.html#attention-scaling", result.targets[:5]
    page.screenshot(path=str(artifacts / "export-offline-search.png"))
    page.locator('.md-search-result__list a[href$="#attention-scaling"]').first.click()
    page.wait_for_function("() => location.hash === '#attention-scaling'")
    assert page.locator("#attention-scaling").is_visible()


def test_offline_copy_practice_works_from_disk(offline_root, disk_page, artifacts):
    page = disk_page((offline_root / "practice" / "drill.html").as_uri())
    page.wait_for_selector(".drill-form")
    page.locator('input[name="section"][value="transformer"]').check()
    page.get_by_role("button", name="开始练习", exact=True).click()
    card = page.locator(".drill-card[data-q]")
    card.get_by_role("button", name="显示要点", exact=True).click()
    card.get_by_role("button", name="显示答案", exact=True).click()
    answer = card.locator(".drill-card__answer .q-answer")
    answer.wait_for()
    assert "解答" in answer.inner_text()
    page.screenshot(path=str(artifacts / "export-offline-drill.png"), full_page=True)
    page.keyboard.press("1")
    stored = json.loads(page.evaluate("localStorage.getItem('mianjing:practice')"))
    assert any(c["history"] for c in stored["cards"].values())


# ----------------------------------------------------------------------------- 下载 page

def test_downloads_page_lists_every_file(downloads, open_page, artifacts):
    manifest = json.loads((downloads / "manifest.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in manifest["files"]] == [name for name, _, _ in FILES.values()]
    for f in manifest["files"]:
        assert (downloads / f["name"]).stat().st_size == f["bytes"] > 10_000
    page = open_page("downloads/")
    rows = page.locator("#downloads tbody tr")
    assert rows.count() == len(manifest["files"])
    text = page.locator("#downloads").inner_text()
    assert f"共 {manifest['questions']} 道题" in text and manifest["date"] in text
    for f in manifest["files"]:
        href = page.locator(f'#downloads a[href$="{f["name"]}"]').get_attribute("href")
        response = page.request.get(urljoin(page.url, href))
        assert response.status == 200, (href, response.status)
    page.screenshot(path=str(artifacts / "export-downloads-page.png"), full_page=True)
    html = lxml.html.fromstring((downloads / "index.html").read_text(encoding="utf-8"))
    assert not html.xpath('//*[@id="downloads"]//p[contains(., "make export")]'), "the fallback text is still there"
