import re

from mianjing.model import Item, Question
from mianjing.write import render_question, update_nav, write_atomic

META = re.compile(r"^重要度：★{1,3}☆{0,2} ｜ 来源：\d{3}(、\d{3})* ｜ 标签：\S.*$")


def q(sources, stars=2, title="LoRA 的 A、B 矩阵如何初始化？"):
    return Question(qid="lora-init", title=title, section="peft", page="peft/lora",
                    sources=sources, tags=["LoRA", "初始化"], stars=stars)


def src(note, body, status="answered"):
    return Item(note=note, line=1, question="q", title="q", body=body, status=status)


def test_question_block_follows_the_format_spec():
    text = render_question(q([src("002_a.txt", "A 用正态分布，B 全 0。\n\n```math\nW' = W + BA\n```"),
                              src("004_b.txt", "B 初始化为 0。")]))
    lines = text.split("\n")
    assert lines[0] == "## LoRA 的 A、B 矩阵如何初始化？ {#lora-init}"
    assert META.match(lines[2]) and lines[2].startswith("重要度：★★☆ ｜ 来源：002、004")
    assert lines[3] == "{ .q-meta }" and lines[5] == "**解答**"
    assert '??? note "其他来源的回答（004）"' in text and "    B 初始化为 0。" in text
    assert "**要点**" not in text


def test_missing_answers_get_a_warning_and_headings_have_no_formula_markup():
    text = render_question(q([src("001_a.txt", "", "unanswered")], title="_init_和_new_的区别？"))
    assert '!!! warning "待补充"' in text and "只有题目" in text
    assert text.startswith(r"## \_init\_和\_new\_的区别？ {#lora-init}")


def test_nav_only_between_markers():
    yml = "nav:\n  - 首页: index.md\n  # BEGIN nav (generated)\n  - old: x.md\n  # END nav\n  - 关于: about.md\n"
    out = update_nav(yml, ["  - 新: a/index.md"])
    assert out == "nav:\n  - 首页: index.md\n  # BEGIN nav (generated)\n  - 新: a/index.md\n  # END nav\n  - 关于: about.md\n"
    assert update_nav("nav:\n  - a: b.md\n", []) is None


def test_write_atomic_touches_only_changed_files(tmp_path):
    a, b = tmp_path / "a.md", tmp_path / "sub" / "b.md"
    a.write_text("same", encoding="utf-8")
    before = a.stat().st_mtime_ns
    write_atomic({a: "same", b: "new"})
    assert a.stat().st_mtime_ns == before and b.read_text(encoding="utf-8") == "new"
    assert not list(tmp_path.rglob("*.tmp"))
