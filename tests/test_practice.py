"""Practice mode as a reader uses it, in chromium: 自测, grades, progress, drill, mock interview.

Every page is opened through conftest's `open_page` (no third-party request, no console error).
Screenshots of each state go to test-artifacts/practice-*.png.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

QUESTION_PAGE = "peft/lora/"
KEY = "mianjing:practice"


def _questions(site_dir) -> list[dict]:
    return json.loads((Path(site_dir) / "questions.json").read_text(encoding="utf-8"))["questions"]


def _state(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}')") or "null")


def _first(page):
    return page.locator("article .q-section").first


def test_self_test_hides_and_reveals(open_page, artifacts):
    page = open_page(QUESTION_PAGE)
    first = _first(page)
    assert first.locator(".q-keypoints").is_visible() and first.locator(".q-answer").is_visible()   # 阅读
    page.get_by_role("button", name="自测", exact=True).click()
    assert page.evaluate("document.documentElement.getAttribute('data-practice')") == "test"
    assert first.locator("h2").is_visible() and first.locator(".q-meta").is_visible()
    assert not first.locator(".q-keypoints").is_visible() and not first.locator(".q-answer").is_visible()
    assert not first.locator(".q-grade").is_visible()
    page.screenshot(path=str(artifacts / "practice-test-hidden.png"))
    first.get_by_role("button", name="显示要点", exact=True).click()
    assert first.locator(".q-keypoints").is_visible() and not first.locator(".q-answer").is_visible()
    assert not first.get_by_role("button", name="显示要点", exact=True).is_visible()
    page.screenshot(path=str(artifacts / "practice-test-keypoints.png"))
    first.get_by_role("button", name="显示答案", exact=True).click()
    assert first.locator(".q-answer").is_visible() and first.locator(".q-grade").is_visible()
    # the second question is still hidden, and the mode survives a reload
    assert not page.locator("article .q-section").nth(1).locator(".q-answer").is_visible()
    page.reload(wait_until="networkidle")
    assert not _first(page).locator(".q-answer").is_visible()


def test_reveal_both_at_once_option(open_page):
    page = open_page(QUESTION_PAGE)
    page.get_by_role("button", name="自测", exact=True).click()
    page.get_by_label("要点和答案一起显示").check()
    first = _first(page)
    first.get_by_role("button", name="显示要点", exact=True).click()
    assert first.locator(".q-keypoints").is_visible() and first.locator(".q-answer").is_visible()


def test_grade_shows_everywhere_and_survives_reload_and_navigation(open_page, artifacts):
    page = open_page(QUESTION_PAGE)
    modules = "performance.getEntriesByType('resource').map(e => e.name).filter(u => /practice\\/(drill|mock|progress)\\.js/.test(u))"
    assert page.evaluate(modules) == [], "a practice page's own module was loaded on a topic page"
    first = _first(page)
    qid = first.get_attribute("data-q")
    first.locator(".q-grade").get_by_role("button", name="模糊", exact=True).click()
    assert first.locator("h2 .q-badge").inner_text() == "模糊"
    toc = page.locator(".md-nav--secondary a.md-nav__link").filter(has=page.locator(".q-badge"))
    assert toc.first.evaluate("a => a.hash") == f"#{qid}" and toc.first.locator(".q-badge").inner_text() == "模糊"
    assert "1/" in page.locator(".practice-bar__counts").inner_text()
    history = _state(page)["cards"][qid]["history"]
    assert [h["grade"] for h in history] == ["fuzzy"]
    page.screenshot(path=str(artifacts / "practice-graded.png"))
    page.reload(wait_until="networkidle")
    assert _first(page).locator("h2 .q-badge").inner_text() == "模糊"
    # instant navigation to the progress page, then back
    page.locator(".practice-bar__link").click()
    page.wait_for_selector("#practice-progress .practice-table")
    assert [u.rsplit("/", 1)[1] for u in page.evaluate(modules)] == ["progress.js"]
    assert qid in page.locator(".practice-list--fuzzy").inner_html()
    page.screenshot(path=str(artifacts / "practice-progress.png"), full_page=True)
    page.go_back(wait_until="networkidle")
    page.wait_for_selector("article .q-section h2 .q-badge")
    assert _first(page).locator("h2 .q-badge").inner_text() == "模糊"


def test_keyboard_only_flow(open_page):
    page = open_page(QUESTION_PAGE)
    page.get_by_role("button", name="自测", exact=True).focus()
    page.keyboard.press("Enter")                                  # 自测 through the keyboard
    page.keyboard.press("Space")
    first = _first(page)
    assert first.locator(".q-keypoints").is_visible()
    page.keyboard.press("Space")
    assert first.locator(".q-answer").is_visible()
    page.keyboard.press("1")
    assert first.locator("h2 .q-badge").inner_text() == "会"
    page.keyboard.press("j")
    second = page.locator("article .q-section").nth(1)
    assert page.evaluate("document.activeElement.closest('.q-section').dataset.q") == second.get_attribute("data-q")
    page.keyboard.press("Space")
    assert second.locator(".q-keypoints").is_visible()
    page.keyboard.press("3")
    assert second.locator("h2 .q-badge").inner_text() == "不会"


def test_reset_export_import_round_trip(open_page, artifacts, tmp_path):
    page = open_page(QUESTION_PAGE)
    sections = page.locator("article .q-section")
    ids = [sections.nth(i).get_attribute("data-q") for i in range(2)]
    sections.nth(0).locator(".q-grade").get_by_role("button", name="不会", exact=True).click()
    sections.nth(1).locator(".q-grade").get_by_role("button", name="会", exact=True).click()
    page.goto(page.url.split(QUESTION_PAGE)[0] + "practice/", wait_until="networkidle")
    page.wait_for_selector(".practice-table")
    with page.expect_download() as dl:
        page.get_by_role("button", name="导出进度", exact=True).click()
    exported = tmp_path / "progress.json"
    dl.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "mianjing-practice" and set(ids) <= set(data["cards"])
    # reset one section, then everything
    page.once("dialog", lambda d: d.accept())
    page.locator('tr[data-section="peft"] .practice-reset-section').click()
    assert ids[0] not in page.locator("#practice-progress").inner_html()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="全部清空", exact=True).click()
    assert _state(page)["cards"] == {}
    # import brings it back
    page.locator(".practice-import-file").set_input_files(str(exported))
    page.wait_for_selector(".practice-status--ok")
    assert "导入成功" in page.locator(".practice-status").inner_text()
    assert set(ids) <= set(_state(page)["cards"])
    assert ids[0] in page.locator(".practice-list--dont").inner_html()
    page.screenshot(path=str(artifacts / "practice-imported.png"), full_page=True)


@pytest.mark.parametrize("content, words", [
    ("这不是 JSON", "不是 JSON"),
    (json.dumps({"format": "mianjing-practice", "version": 1, "cards": {"no-such-question": {"history": []}}}), "没有的题目"),
    (json.dumps({"format": "mianjing-practice", "version": 99, "cards": {}}), "版本"),
])
def test_bad_import_changes_nothing(open_page, tmp_path, content, words):
    page = open_page(QUESTION_PAGE)
    _first(page).locator(".q-grade").get_by_role("button", name="会", exact=True).click()
    page.goto(page.url.split(QUESTION_PAGE)[0] + "practice/", wait_until="networkidle")
    page.wait_for_selector(".practice-table")
    before = page.evaluate(f"localStorage.getItem('{KEY}')")
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    page.locator(".practice-import-file").set_input_files(str(bad))
    page.wait_for_selector(".practice-status--error")
    assert words in page.locator(".practice-status").inner_text()
    assert page.evaluate(f"localStorage.getItem('{KEY}')") == before


def test_corrupt_stored_data_is_reset_with_a_message(open_page, artifacts):
    page = open_page(QUESTION_PAGE)
    page.evaluate(f"localStorage.setItem('{KEY}', '{{oops')")
    page.reload(wait_until="networkidle")
    assert "已损坏" in page.locator(".practice-message").inner_text()
    assert _first(page).locator(".q-answer").is_visible()          # the page reads normally
    backups = page.evaluate(f"Object.keys(localStorage).filter(k => k.startsWith('{KEY}:backup:'))")
    assert len(backups) == 1
    page.screenshot(path=str(artifacts / "practice-corrupt-reset.png"))


def test_without_storage_the_page_still_reads(browser, base_url, artifacts):
    from conftest import Watch

    watch = Watch()
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.add_init_script("Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('denied', 'SecurityError') }})")
    page = ctx.new_page()
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    page.goto(base_url + QUESTION_PAGE, wait_until="networkidle")
    assert "不可用" in page.locator(".practice-message").inner_text()
    _first(page).locator(".q-grade").get_by_role("button", name="会", exact=True).click()
    assert _first(page).locator("h2 .q-badge").inner_text() == "会"        # kept in memory
    page.screenshot(path=str(artifacts / "practice-no-storage.png"))
    ctx.close()
    # Material's own inline helper (`__md_get(e, _=localStorage)`) throws the simulated denial;
    # nothing else may fail
    assert watch.errors and all(e == "denied" for e in watch.errors), watch.errors
    assert not watch.external and not watch.failed


def test_drill_filters_and_due_first(open_page, site_dir, artifacts):
    questions = _questions(site_dir)
    wanted = {q["id"] for q in questions if q["section"] == "alignment" and q["importance"] >= 2}
    assert 3 <= len(wanted) < len([q for q in questions if q["section"] == "alignment"])
    page = open_page("practice/drill/")
    page.wait_for_selector(".drill-form")
    # two questions of the section are due: graded 不会 long ago
    due = sorted(wanted)[:2]
    seeded = {"version": 1, "cards": {q: {"history": [{"at": "2026-01-01T08:00:00.000Z", "grade": "dont"}]} for q in due},
              "notes": {}, "settings": {}}
    page.evaluate(f"localStorage.setItem('{KEY}', {json.dumps(json.dumps(seeded))})")
    page.reload(wait_until="networkidle")
    page.wait_for_selector(".drill-form")
    page.locator('input[name="section"][value="alignment"]').check()
    page.locator("#drill-importance").select_option("2")
    assert f"符合条件的题：{len(wanted)}" in page.locator(".drill-count").inner_text()
    page.get_by_role("button", name="开始练习", exact=True).click()
    page.screenshot(path=str(artifacts / "practice-drill-card.png"), full_page=True)
    seen = []
    for _ in range(len(wanted)):
        card = page.locator(".drill-card[data-q]")
        seen.append(card.get_attribute("data-q"))
        card.get_by_role("button", name="跳过", exact=True).click()
    assert set(seen) == wanted and len(seen) == len(wanted)
    assert set(seen[:2]) == set(due), seen                       # due cards come first
    assert page.locator(".drill-card--done").is_visible()


def test_drill_card_reveals_rendered_answer_and_grades(open_page, artifacts):
    page = open_page("practice/drill/")
    page.wait_for_selector(".drill-form")
    page.locator('input[name="section"][value="transformer"]').check()
    page.get_by_role("button", name="开始练习", exact=True).click()
    card = page.locator(".drill-card[data-q]")
    qid = card.get_attribute("data-q")
    assert not card.locator(".q-grade").is_visible()               # grading comes after revealing
    page.keyboard.press("Space")                                   # 要点
    assert card.locator(".drill-card__keypoints").is_visible()
    assert not card.get_by_role("button", name="显示要点", exact=True).is_visible()
    card.get_by_role("button", name="显示答案", exact=True).click()
    answer = card.locator(".drill-card__answer")
    answer.locator(".q-answer").wait_for()
    assert not card.get_by_role("button", name="显示答案", exact=True).is_visible()
    assert answer.inner_text().strip() and "解答" in answer.inner_text()
    page.screenshot(path=str(artifacts / "practice-drill-answer.png"), full_page=True)
    page.keyboard.press("2")
    assert page.locator(".drill-card[data-q]").get_attribute("data-q") != qid
    assert [h["grade"] for h in _state(page)["cards"][qid]["history"]] == ["fuzzy"]


def test_mock_interview_timer_notes_and_summary(open_page, artifacts):
    page = open_page("practice/mock/")
    page.wait_for_selector(".drill-form")
    page.locator("#mock-n").fill("2")
    page.locator("#mock-minutes").fill("1")
    page.get_by_role("button", name="开始模拟面试", exact=True).click()
    timer = page.locator(".mock-timer__question")
    first = timer.inner_text()
    page.wait_for_timeout(2200)
    assert timer.inner_text() != first and timer.inner_text().startswith("0:5")
    page.locator("#mock-notes").fill("先讲动机，再讲公式")
    qid = page.locator(".mock-question").get_attribute("data-q")
    page.screenshot(path=str(artifacts / "practice-mock-question.png"), full_page=True)
    page.locator(".mock-question").get_by_role("button", name="会", exact=True).click()
    page.locator(".mock-question").get_by_role("button", name="不会", exact=True).click()
    summary = page.locator(".mock-summary")
    assert "答了 2 / 2 题" in summary.inner_text()
    assert summary.locator("tbody tr").count() == 2
    assert "先讲动机" in summary.inner_text() and summary.locator("a").count() == 2
    assert _state(page)["notes"][qid] == "先讲动机，再讲公式"
    page.screenshot(path=str(artifacts / "practice-mock-summary.png"), full_page=True)


@pytest.mark.parametrize("path", [QUESTION_PAGE, "practice/", "practice/drill/", "practice/mock/"])
def test_phone_viewport(open_page, artifacts, path):
    page = open_page(path, width=390, height=844)
    if path == QUESTION_PAGE:
        page.get_by_role("button", name="自测", exact=True).click()
    elif path != "practice/":
        page.wait_for_selector(".drill-form")
        page.locator("form.drill-form button[type=submit]").click()
    page.wait_for_timeout(300)
    over = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert over <= 0, f"{path} is {over}px wider than the phone"
    small = page.evaluate("""() => [...document.querySelectorAll('article button, .practice-bar label, .drill-choice')]
        .filter(b => b.offsetParent !== null)
        .map(b => b.getBoundingClientRect()).filter(r => r.height < 44 || r.width < 44).length""")
    assert small == 0, f"{small} touch targets under 44px on {path}"
    page.screenshot(path=str(artifacts / f"practice-phone-{path.strip('/').replace('/', '-')}.png"), full_page=True)


def test_dark_mode_controls_are_readable(open_page, artifacts):
    page = open_page(QUESTION_PAGE, scheme="dark")
    _first(page).locator(".q-grade").get_by_role("button", name="会", exact=True).click()
    page.screenshot(path=str(artifacts / "practice-dark.png"))
    color = page.evaluate("getComputedStyle(document.querySelector('.q-badge--know')).color")
    assert color == "rgb(255, 255, 255)"


def test_practice_bar_does_not_push_the_page_down(open_page):
    """The bar is in the built page (hidden until wired up), so nothing moves when page.js runs:
    a bar inserted after the first paint shifted the whole phone screen by ~170 px."""
    page = open_page("transformer/attention/", width=412, height=823)
    page.wait_for_selector("article .practice-bar[data-ready]")
    page.wait_for_timeout(500)
    shift = page.evaluate("""() => new Promise(done => {
        let total = 0
        new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value })
            .observe({ type: "layout-shift", buffered: true })
        setTimeout(() => done(total), 300)
    })""")
    assert shift < 0.05, f"layout shift {shift:.3f} on a topic page (the practice bar moved the content?)"
    assert page.locator("article .practice-bar").count() == 1
    assert page.get_by_role("button", name="阅读", exact=True).is_visible()
