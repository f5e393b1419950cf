from mianjing.merge import THRESHOLD, merge, similarity, stars
from mianjing.model import Item


def it(note, line, title, status="answered", body="x", star=0, concept=None, page="p/a"):
    return Item(note=note, line=line, question=title, title=title, body=body, status=status,
                stars=star, concept=concept, qid=concept or f"q{line}", page=page, section="p")


def test_threshold_separates_known_pairs():
    # same question, different wording noise → merged
    assert similarity("LLMs输入句子长度理论上可以无限长吗？", "LLaMA输入句子长度理论上可以无限长吗？") >= THRESHOLD
    assert similarity("Encoder和Decoder区别?", "encoder和decoder的区别？") >= THRESHOLD
    # related but different questions → kept apart
    assert similarity("什么是LLMs复读机问题？", "为什么会出现 LLMs 复读机问题？") < THRESHOLD
    assert similarity("什么是LLMs复读机问题？", "如何缓解 LLMs 复读机问题？") < THRESHOLD
    assert similarity("什么是 长度外推问题？", "长度外推问题 的解决方法有哪些？") < THRESHOLD


def test_concept_merge_keeps_every_source_and_most_complete_first():
    a = it("004_x.txt", 10, "为什么除以根号dk", body="short", concept="attention-scaling")
    b = it("002_y.txt", 5, "为什么要除以根号d?", body="a much longer answer", concept="attention-scaling")
    c = it("001_z.txt", 7, "Self-Attention…除以√dk", status="unanswered", body="", concept="attention-scaling")
    (q,) = merge([a, b, c])
    assert q.sources[0] is b and {s.note for s in q.sources} == {"001_z.txt", "002_y.txt", "004_x.txt"}
    assert q.qid == "attention-scaling"


def test_same_note_duplicates_merge_and_stars():
    a = it("004_x.txt", 1, "LLMs输入句子长度理论上可以无限长吗？")
    b = it("004_x.txt", 900, "LLaMA输入句子长度理论上可以无限长吗？", star=1)
    (q,) = merge([a, b])
    assert q.stars == 2          # base 1 + ⭐, a single note
    assert stars([a, it("002_y.txt", 3, "t")]) == 2
    assert stars([b, it("002_y.txt", 3, "t")]) == 3
    assert stars([b, it("002_y.txt", 3, "t", star=2), it("001_z.txt", 3, "t")]) == 3


def test_short_titles_do_not_fuzzy_merge():
    assert len(merge([it("002_y.txt", 1, "LLaVA"), it("002_y.txt", 2, "LLaVA-1.5")])) == 2
