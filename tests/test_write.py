from mianjing.model import Item, Question
from mianjing.page import parse, parse_meta
from mianjing.files import write_atomic
from mianjing.write import render_question


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
    meta = parse_meta(lines[2])
    assert meta and (meta.importance, meta.sources) == (2, ["002", "004"])
    assert lines[3] == "{ .q-meta }" and lines[5] == "**解答**"
    assert '??? note "其他来源的回答（004）"' in text and "    B 初始化为 0。" in text
    assert "**要点**" not in text


def test_missing_answers_get_a_warning_and_headings_have_no_formula_markup():
    text = render_question(q([src("001_a.txt", "", "unanswered")], title="_init_和_new_的区别？"))
    assert '!!! warning "待补充"' in text and "只有题目" in text
    assert text.startswith(r"## \_init\_和\_new\_的区别？ {#lora-init}")


def test_rendered_question_reads_back_through_the_page_model():
    text = "---\ntitle: t\n---\n\n# t\n\n" + render_question(q([src("002_a.txt", "正文。"), src("004_b.txt", "另一个。")]))
    (question,) = parse(text, "peft/lora.md").questions
    assert question.id == "lora-init" and question.meta_ok
    assert (question.meta.importance, question.meta.sources, question.meta.tags) == (2, ["002", "004"], ["LoRA", "初始化"])
    assert "解答" in question.blocks


def test_write_atomic_touches_only_changed_files(tmp_path):
    a, b = tmp_path / "a.md", tmp_path / "sub" / "b.md"
    a.write_text("same", encoding="utf-8")
    before = a.stat().st_mtime_ns
    write_atomic({a: "same", b: "new"})
    assert a.stat().st_mtime_ns == before and b.read_text(encoding="utf-8") == "new"
    assert not list(tmp_path.rglob("*.tmp"))
