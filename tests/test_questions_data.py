"""site/questions.json: the one question data file practice mode, exports and search read."""

import json
import re
from pathlib import Path

from mianjing import structure
from mianjing.classify import load as load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
FIELDS = {"id", "aliases", "url", "anchor", "title", "section", "section_title", "page_title",
          "importance", "sources", "tags", "keypoints_html", "notebooks"}


def _data(site_dir):
    return json.loads((Path(site_dir) / "questions.json").read_text(encoding="utf-8"))


def test_one_record_per_question_with_every_field(site_dir):
    data = _data(site_dir)
    assert data["version"] == 1
    pages = structure.load_pages(ROOT / "docs")
    expected = [qid for p in structure.site_pages(load_taxonomy(), pages) for qid, _ in p.questions]
    records = data["questions"]
    assert [r["id"] for r in records] == expected      # taxonomy order, every question once
    for r in records:
        assert set(r) == FIELDS, r["id"]
        assert r["page_title"] and r["section_title"], r["id"]
        assert 1 <= r["importance"] <= 3 and r["sources"] and r["tags"] and r["title"], r["id"]
        assert r["keypoints_html"].lstrip().startswith("<"), r["id"]


def test_every_record_points_at_its_heading(site_dir):
    for r in _data(site_dir)["questions"]:
        html = (Path(site_dir) / r["url"] / "index.html").read_text(encoding="utf-8")
        assert f'<h2 id="{r["anchor"]}"' in html, r["id"]


def test_keypoints_are_rendered_html(site_dir):
    records = {r["id"]: r for r in _data(site_dir)["questions"]}
    kp = records["attention-scaling"]["keypoints_html"]
    assert "<li>" in kp and 'class="katex' in kp and "$`" not in kp
    assert "<strong>要点</strong>" not in kp and "<strong>解答</strong>" not in kp
    assert records["attention-scaling"]["title"] == "为什么注意力分数要除以根号 d_k？"


def test_notebook_links_resolve(site_dir):
    linked = [(r["id"], nb) for r in _data(site_dir)["questions"] for nb in r["notebooks"]]
    assert linked
    for qid, nb in linked:
        assert (Path(site_dir) / nb["url"] / "index.html").is_file(), (qid, nb)
        assert nb["title"] and not re.search(r"\.ipynb$", nb["title"])


def test_every_source_label_links_to_its_description(site_dir):
    """来源 labels on the meta lines are links to docs/about/sources.md, and every anchor exists."""
    sources = (Path(site_dir) / "about" / "sources" / "index.html").read_text(encoding="utf-8")
    labels = {s for r in _data(site_dir)["questions"] for s in r["sources"]}
    assert labels >= {"004", "补充"}
    for label in labels:
        anchor = "source-" + (label if label.isascii() else "supplement")
        assert f'id="{anchor}"' in sources, label
    html = (Path(site_dir) / "transformer" / "attention" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="q-meta">重要度：[★☆]+ ｜ 来源：<a href="\.\./\.\./about/sources/#source-\d{3}">', html)


def test_index_file_is_the_same_records_without_keypoints(site_dir):
    full = _data(site_dir)["questions"]
    light = json.loads((Path(site_dir) / "questions.index.json").read_text(encoding="utf-8"))
    assert light["version"] == 1
    assert light["questions"] == [{k: v for k, v in q.items() if k != "keypoints_html"} for q in full]


def test_each_question_is_a_section_with_its_parts(site_dir):
    html = (Path(site_dir) / "transformer" / "attention" / "index.html").read_text(encoding="utf-8")
    sections = re.findall(r'<section class="q-section" data-q="([^"]+)"', html)
    ids = [r["id"] for r in _data(site_dir)["questions"] if r["url"] == "transformer/attention/"]
    assert sections == ids
    assert html.count('<div class="q-part q-keypoints">') == len(ids) == html.count('<div class="q-part q-answer">')
