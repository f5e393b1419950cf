import pytest

from mianjing.clean import (answer_status, clean_item, clean_question, is_outline, repair_formulas)
from mianjing.model import Item, Note, NoteError


def item(question, answer="", kind="question"):
    lines = answer.split("\n") if answer else []
    return Item(note="900_t.txt", line=1, question=question, kind=kind,
                answer=[(i + 2, t) for i, t in enumerate(lines)])


NOTE = Note(path="900_t.txt", name="900_t.txt", lines=[])


def cleaned(question, answer="", kind="question"):
    return clean_item(item(question, answer, kind), NOTE)


def test_question_markup_stars_and_numbering():
    assert clean_question("12. <u>为什么要scaled？⭐</u>") == ("为什么要scaled？", 1, False)
    assert clean_question("❓2. 对比学习的损失？") == ("对比学习的损失？", 0, True)
    assert clean_question("**3. 残差连接的作用**")[0] == "残差连接的作用"
    assert clean_question("（2）mask为啥加很小数?")[0] == "mask为啥加很小数?"
    assert clean_question("Q: How does CLIP work?")[0] == "How does CLIP work?"


def test_glued_katex_formula_repaired_and_heading_has_no_formula():
    assert repair_formulas(r"为什么需要除以dk\sqrt{d_k}dk?") == r"为什么需要除以$`\sqrt{d_k}`$?"
    assert clean_question(r"以及为什么需要除以dk\sqrt{d_k}dk?")[0] == "以及为什么需要除以 根号 d_k ?"


def test_math_conversion_inline_block_and_prime():
    body = cleaned("公式？", "   公式：$\\text{softmax}(z_i)$ 和 `$not math$`\n\n$$\nW{\\prime} = W + BA\n$$").body
    assert "$`\\text{softmax}(z_i)`$" in body
    assert "`$not math$`" in body
    assert "```math\nW' = W + BA\n```" in body


def test_unbalanced_dollar_is_an_error():
    with pytest.raises(NoteError) as err:
        cleaned("q？", "first\n价格是 $5 元")
    assert err.value.line == 3 and "$" in err.value.message


def test_indented_answer_dedented_and_never_a_code_block():
    body = cleaned("q？", "    第一段\n    \t②第二行\n    ③第三行").body
    assert all(not line.startswith(" ") for line in body.split("\n"))
    assert body == "第一段\n\n②第二行\n\n③第三行"


def test_images_removed_and_recorded_html_converted():
    it = cleaned("q？", '   文字<br />更多\n   <img src="assets/a.png" style="zoom:50%">\n'
                        "   ![x](assets/b.png) 与 ![r](https://host/img.png)\n"
                        '   <script>alert(1)</script><span onerror="x()">安全</span>')
    assert it.removed_images == ["assets/a.png", "assets/b.png", "https://host/img.png"]
    assert "<" not in it.body and "assets/" not in it.body and "alert" not in it.body
    assert "安全" in it.body and it.status == "answered"


def test_table_br_kept_and_tracking_link_cleaned():
    it = cleaned("q？", "| a | b<br />c |\n|---|---|\n\n[文](https://mp.weixin.qq.com/s?__biz=M&mid=1&idx=1&sn=2&chksm=x&mpshare=1#rd)")
    assert "b<br>c" in it.body
    assert "chksm" not in it.body and "mpshare" not in it.body and "__biz=M" in it.body
    assert it.redactions == ["tracking-param"]


def test_status_detection():
    assert answer_status("", True) == "image-only"
    assert answer_status("", False) == "unanswered"
    assert is_outline(["定义+公式+与交叉熵关系+性质"])
    assert is_outline(["贪婪策略、beam search、随机策略、top-p、top-k"])
    assert not is_outline(["==归一化==，防止softmax计算值过大，导致梯度消失或训练不稳定。"])
    assert cleaned("q？", "   ![a](assets/x.png)").status == "image-only"


def test_placeholders_and_chatbot_labels():
    assert cleaned("？").dropped == "placeholder"
    assert cleaned("/").dropped == "placeholder"
    body = cleaned("q？", "**回答:**\n正文\n\n---\n").body
    assert body == "正文"


def test_self_intro_with_personal_data_dropped_template_kept():
    it = cleaned("", "面试官您好，我叫王小明，目前就读于北京某某理工大学计算机专业的研二生。", kind="intro")
    assert it.dropped == "personal-data" and "self-intro-name" in it.redactions
    assert "王小明" not in it.body
    ok = cleaned("自我介绍和项目", "面试官您好，我叫[你的名字]。我主要做大模型。")
    assert ok.dropped is None
