"""Generated structure (mianjing.structure) and the id register (mianjing/ids.yml)."""

import shutil
from pathlib import Path

import pytest

from conftest import load_hook
from mianjing import structure
from mianjing.classify import load as load_taxonomy
from mianjing.cli import main
from mianjing.page import parse
from mianjing.structure import Register

ROOT = Path(__file__).resolve().parent.parent
TAX = load_taxonomy()

EXAMPLE_PAGE = """---
title: 注意力机制的计算
---

# 注意力机制的计算

摘要。

## 真正的题 {#real}

重要度：★★☆ ｜ 来源：004 ｜ 标签：A
{ .q-meta }

**解答**

见 [:material-notebook: 可运行代码](../notebooks/attention.ipynb)。格式例子：

```markdown
## 示例标题 {#example}

[:material-notebook: 可运行代码](../notebooks/rope.ipynb)
```
"""


def test_generated_files_are_up_to_date(capsys):
    """`make test` fails when someone edits taxonomy.yml or a page without `make structure`."""
    assert main(["structure", "--check"]) == 0, capsys.readouterr().err


def test_register_holds_every_live_id_and_loses_none():
    pages = structure.load_pages(ROOT / "docs")
    live = {q.id for p in pages.values() for q in p.questions}
    reg = Register.load()
    assert live <= set(reg.ids), sorted(live - set(reg.ids))
    live_pages = {src[:-3] for src, p in pages.items() if p.questions}
    assert reg.problems(live, live_pages) == []


def test_a_fenced_example_heading_is_not_listed_in_the_section_index():
    pages = {"transformer/attention.md": parse(EXAMPLE_PAGE, "transformer/attention.md")}
    (page,) = structure.site_pages(TAX, pages)
    assert page.questions == [("real", "真正的题")]
    listing = structure.render_section_list([page])
    assert "#real" in listing and "example" not in listing


def test_a_fenced_example_heading_gets_no_notebook_backlink():
    backlinks = load_hook("notebook_backlinks")
    pages = {"transformer/attention.md": parse(EXAMPLE_PAGE, "transformer/attention.md")}
    assert backlinks.questions_linking_notebooks(pages) == {
        "attention": [("transformer/attention.md", "real", "真正的题")]}


def test_register_reports_a_vanished_id_and_accepts_an_alias():
    reg = Register(ids=["old-id", "kept"], pages=["llm/a"], aliases={}, moved_pages={})
    (msg,) = reg.problems({"kept", "new-id"}, {"llm/a"})
    assert "old-id" in msg and "aliases" in msg
    reg.aliases["old-id"] = "new-id"
    assert reg.problems({"kept", "new-id"}, {"llm/a"}) == []
    assert reg.aliases_of("new-id") == ["old-id"] and reg.resolve("old-id") == "new-id"
    reg.aliases["new-id"] = "newer"                                 # renamed twice
    assert reg.resolve("old-id") == "newer" and reg.aliases_of("newer") == ["new-id", "old-id"]


def test_register_reports_a_vanished_page_and_accepts_a_move():
    reg = Register(ids=[], pages=["peft/old", "peft/lora"])
    assert "peft/old" in reg.problems(set(), {"peft/lora"})[0]
    reg.moved_pages["peft/old"] = "peft/lora"
    assert reg.problems(set(), {"peft/lora"}) == []
    reg.moved_pages["peft/old"] = "peft/gone"
    assert "peft/gone" in reg.problems(set(), {"peft/lora"})[0]


def test_register_only_grows(tmp_path):
    reg = Register(ids=["a", "b"], pages=["x/y"]).updated(["b", "c"], ["x/z"])
    assert reg.ids == ["a", "b", "c"] and reg.pages == ["x/y", "x/z"]
    path = tmp_path / "ids.yml"
    path.write_text(reg.dump(), encoding="utf-8")
    assert Register.load(path) == reg


@pytest.fixture
def repo(tmp_path):
    """A copy of docs/, mkdocs.yml and the register to change things in."""
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copy(structure.REGISTER, tmp_path / "ids.yml")
    return tmp_path


def _render(repo):
    pages = structure.load_pages(repo / "docs")
    return structure.render(TAX, pages, docs=repo / "docs", mkdocs=repo / "mkdocs.yml", register=repo / "ids.yml")


def _drift(files):
    return sorted(p.name if p.name != "index.md" else p.parent.name for p, t in files.items()
                  if p.read_text(encoding="utf-8") != t)


def test_render_of_the_real_tree_is_a_fixed_point(repo):
    assert _drift(_render(repo)) == []


def test_a_new_question_updates_index_nav_home_and_register(repo):
    page = repo / "docs" / "peft" / "lora.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n## 新题 {#brand-new}\n\n重要度：★☆☆ ｜ 来源：补充 ｜ 标签：LoRA\n"
                    "{ .q-meta }\n", encoding="utf-8")
    files = _render(repo)
    assert _drift(files) == ["docs", "ids.yml", "peft"]          # home table (counts), register, section index
    assert "brand-new" in files[repo / "ids.yml"] and "(lora.md#brand-new)" in files[repo / "docs" / "peft" / "index.md"]


def test_edited_generated_region_is_drift_and_text_outside_is_kept(repo):
    idx = repo / "docs" / "peft" / "index.md"
    text = idx.read_text(encoding="utf-8")
    idx.write_text(text.replace("](lora.md#", "](lora.md#x", 1) + "\n手写的结尾。\n", encoding="utf-8")
    files = _render(repo)
    assert "peft" in _drift(files) and files[idx].endswith("\n手写的结尾。\n") and "#xlora" not in files[idx]


def test_missing_markers_are_an_error(repo):
    (repo / "docs" / "notebooks" / "index.md").write_text("# 手撕代码\n", encoding="utf-8")
    with pytest.raises(structure.StructureError, match="notebooks/index.md"):
        _render(repo)


def test_pages_and_notebooks_unknown_to_the_taxonomy_are_reported(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "stray.ipynb").write_text("{}", encoding="utf-8")
    pages = {"llm/stray.md": parse("# x\n", "llm/stray.md")}
    found = structure.problems(TAX, pages, root=tmp_path)
    assert any("docs/llm/stray.md" in m for m in found)
    assert any("stray.ipynb" in m for m in found)
    assert any("attention" in m and "does not exist" in m for m in found)


def test_an_alias_becomes_an_anchor_right_before_the_new_heading():
    questions = load_hook("questions")
    html = '<p>x</p><h2 id="new-id">题<a class="headerlink" href="#new-id">¶</a></h2><p>y</p>'
    out = questions.alias_anchors(html, {"new-id": ["old-id", "older-id"]})
    assert out.index('id="old-id"') < out.index('id="older-id"') < out.index('<h2 id="new-id"')
    assert questions.heading_text(out[out.index("<h2"):]) == "题"
