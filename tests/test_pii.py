"""Unit tests for mianjing.pii: each detector on a bad sample, and no noise on real content.

The samples below are invented.  The raw notes (../shared/raw-notes, read-only, not in the repo)
contain a real self-introduction; the tests derive anything personal from that file at run time
and never spell it out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mianjing import pii

ROOT = Path(__file__).resolve().parent.parent
NOTES = sorted((ROOT / "notes").glob("*.txt"))
RAW_DIR = ROOT.parent / "shared" / "raw-notes"
RAW = sorted(RAW_DIR.glob("*.txt")) if RAW_DIR.is_dir() else []


def kinds(text: str) -> list[str]:
    return [f.kind for f in pii.find(text)]


# ------------------------------------------------------------------ positives


@pytest.mark.parametrize(
    "text",
    [
        "电话 13812345678",
        "手机：138-1234-5678。",
        "call +86 139 1234 5678",
        "联系方式15912345678，欢迎",
    ],
)
def test_phone(text):
    assert kinds(text) == ["phone"]


@pytest.mark.parametrize("text", ["邮箱 foo.bar@qq.com", "mail: a_b-1@mails.tsinghua.edu.cn。", "X@163.com"])
def test_email(text):
    assert kinds(text) == ["email"]


@pytest.mark.parametrize("text", ["身份证 11010519900101123X", "号码110105199001011234", "旧证 110105900101123"])
def test_id_number(text):
    assert kinds(text) == ["id-number"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("我叫张三", "张三"),
        ("面试官您好，我叫王小明，目前是一名研究生。", "王小明"),
        ("面试官您好，我是李四，很高兴参加面试。", "李四"),
        ("大家好，我是欧阳娜娜，来自上海。", "欧阳娜娜"),
        ("您好，我叫 Tom Lee，", "Tom Lee"),
        ("我的名字是赵六。", "赵六"),
    ],
)
def test_self_intro_name(text, name):
    found = [f for f in pii.find(text) if f.kind == "self-intro-name"]
    assert [f.text for f in found] == [name]
    assert text[found[0].start : found[0].end] == name


@pytest.mark.parametrize(
    "text",
    [
        "目前就读于东海理工大学计算机专业的研二生",
        "我是北方科技大学的硕士生",
        "本科毕业于南山学院，",
        "我现在是西湖工业大学研一学生",
    ],
)
def test_school_degree(text):
    assert "school-degree" in kinds(text)


@pytest.mark.parametrize(
    "url",
    [
        "https://mp.weixin.qq.com/s?__biz=MzI5==&mid=1&idx=1&sn=abc&chksm=ff&mpshare=1&scene=1#rd",
        "https://zhuanlan.zhihu.com/p/1?utm_source=wechat_session&utm_medium=social",
        "https://www.bilibili.com/video/BV1xx?spm_id_from=333.1&vd_source=abc",
        "https://www.xiaohongshu.com/explore/abc?xsec_token=AB&xsec_source=pc_share",
        "https://example.org/a?share_source=copy&share_medium=iphone&isappinstalled=0",
        "http://xhslink.com/a/abcDEF123",
    ],
)
def test_tracking(url):
    assert kinds(f"见 {url} 。") == ["tracking-param"]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.zhihu.com/people/some-one-42",
        "https://www.xiaohongshu.com/user/profile/5f00aa",
        "https://space.bilibili.com/123456",
        "https://github.com/someone",
    ],
)
def test_profile_link(url):
    assert kinds(f"作者主页 {url}") == ["profile-link"]


# ------------------------------------------------------------------ negatives


@pytest.mark.parametrize(
    "text",
    [
        "面试官您好，我叫[你的名字]。我主要的研究方向是大语言模型。",
        "面试官您好，我是 XX，目前就读于 XX 大学 XX 专业。",
        "我是这样理解的：先做归一化。",
        "我是做 NLP 的，主要做 RAG。",
        "我叫它 KV Cache。",
        "面试官您好，我是应届生，",
        "GLM 是清华大学提出的模型，斯坦福大学的 Alpaca 也很有名。",
        "研二期间，我从计算机视觉领域过渡到大语言模型领域。",
        "y = q @ k.transpose(-2, -1); z = a@b.T; x@torch.nn",
        "git clone git@github.com:org/repo.git",
        "https://github.com/karpathy/nanoGPT 与 https://github.com/huggingface",
        "https://arxiv.org/abs/2106.09685 https://zhuanlan.zhihu.com/p/717884243",
        "https://mp.weixin.qq.com/s?__biz=MzI5MDUyMDIxNA==&mid=2247696191&idx=1&sn=06fd#rd",
        "参数量 7B，显存 80GB，lr=3e-4，seed=20240101，step 1000000",
        "sn=06fdf65d2e18b39094790b32d6f6dd86 hash 13812345678abc",
        "http://localhost:8000/v1/chat/completions",
    ],
)
def test_no_false_positive(text):
    assert pii.find(text) == []


# ------------------------------------------------------------------ strip_tracking / redact


def test_strip_tracking_weixin_keeps_identity_only():
    url = (
        "https://mp.weixin.qq.com/s?__biz=MzI5MDUyMDIxNA==&mid=2247696191&idx=1&sn=06fd"
        "&chksm=ed1b&mpshare=1&scene=1&srcid=0929B&sharer_sharetime=a8&sharer_shareid=a8#rd"
    )
    assert pii.strip_tracking(url) == (
        "https://mp.weixin.qq.com/s?__biz=MzI5MDUyMDIxNA==&mid=2247696191&idx=1&sn=06fd#rd"
    )


def test_strip_tracking_keeps_other_params():
    assert pii.strip_tracking("https://a.com/p?id=3&utm_source=x&from=timeline&b=2#f") == "https://a.com/p?id=3&b=2#f"
    assert pii.strip_tracking("https://a.com/p?spm=1") == "https://a.com/p"
    assert pii.strip_tracking("https://a.com/p?id=3&sharer_sharetime=1&xsec_token=t") == "https://a.com/p?id=3"
    assert pii.strip_tracking("https://arxiv.org/abs/2106.09685") == "https://arxiv.org/abs/2106.09685"


def test_redact():
    text = (
        "面试官您好，我叫王小明，目前就读于东海理工大学计算机专业的研二生。电话 13812345678。\n"
        "[原文](https://zhuanlan.zhihu.com/p/1?utm_source=wx&x=1) "
        "[links](http://xhslink.com/a/abc) 作者 <https://www.zhihu.com/people/abc> 完"
    )
    out, findings = pii.redact(text)
    assert {f.kind for f in findings} == {"self-intro-name", "school-degree", "phone", "tracking-param", "profile-link"}
    assert "王小明" not in out and "东海理工" not in out and "13812345678" not in out
    assert "我叫[已移除]" in out
    assert "[原文](https://zhuanlan.zhihu.com/p/1?x=1)" in out
    assert "links" in out and "xhslink" not in out and "zhihu.com/people" not in out
    assert pii.find(out) == []
    assert pii.redact(out)[0] == out  # idempotent


def test_findings_are_sorted_and_disjoint():
    text = "我叫张三，电话 13812345678，邮箱 a@qq.com，https://a.com/?utm_source=1"
    fs = pii.find(text)
    assert [f.start for f in fs] == sorted(f.start for f in fs)
    assert all(a.end <= b.start for a, b in zip(fs, fs[1:]))
    assert all(text[f.start : f.end] == f.text for f in fs)


# ------------------------------------------------------------------ the real notes


@pytest.mark.skipif(not NOTES, reason="notes/ not there yet")
@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.name)
def test_scrubbed_notes_have_no_personal_data(path):
    found = [f for f in pii.find(path.read_text(encoding="utf-8")) if f.kind != "tracking-param"]
    assert found == []


@pytest.mark.skipif(not RAW, reason="raw notes not available")
@pytest.mark.parametrize("path", RAW, ids=lambda p: p.name)
def test_raw_notes_only_known_findings(path):
    """No noise in the raw notes: only link findings, plus the one real self-introduction in 004."""
    text = path.read_text(encoding="utf-8")
    people = [f for f in pii.find(text) if f.kind not in ("tracking-param", "profile-link")]
    if path.name.startswith("004"):
        assert sorted({f.kind for f in people}) == ["school-degree", "self-intro-name"]
        assert len({text.count("\n", 0, f.start) for f in people}) == 1  # one line
    else:
        assert people == []


@pytest.mark.skipif(not RAW, reason="raw notes not available")
def test_raw_self_introduction_is_flagged_and_redacted():
    path = next(p for p in RAW if p.name.startswith("004"))
    text = path.read_text(encoding="utf-8")
    hr = text[text.index("# HR面") :]
    # derive the personal strings at run time; they never appear in this repository
    m = re.search(r"我叫([\u4e00-\u9fff]{2,4})，目前就读于([\u4e00-\u9fff]{2,12}大学)", hr)
    assert m, "self-introduction not found in raw note 004"
    name, school = m.group(1), m.group(2)
    found = pii.find(hr)
    assert any(f.kind == "self-intro-name" and f.text == name for f in found)
    assert any(f.kind == "school-degree" and school in f.text for f in found)
    out, _ = pii.redact(text)
    assert name not in out and school not in out
    assert "xhslink.com" not in pii.redact(
        next(p for p in RAW if p.name.startswith("002")).read_text(encoding="utf-8")
    )[0]
    assert "zhihu.com/people" not in out
