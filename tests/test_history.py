"""What the 更新记录 page and feed are made of: question changes replayed from git history."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from mianjing import history
from mianjing.structure import Register

META = "重要度：★★ ｜ 来源：001 ｜ 标签：注意力\n{ .q-meta }"


def question(qid: str, title: str, answer: list[str], meta: str = META) -> str:
    return f"## {title} {{#{qid}}}\n\n{meta}\n\n**解答**\n\n" + "\n".join(answer) + "\n"


def page(*questions: str) -> str:
    return "---\ntitle: 注意力\n---\n\n# 注意力\n\n" + "\n".join(questions)


class Repo:
    def __init__(self, root: Path):
        self.root = root
        self.day = 0
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
               "GIT_AUTHOR_DATE": f"2026-03-{10 + self.day:02d}T12:00:00+08:00",
               "GIT_COMMITTER_DATE": f"2026-03-{10 + self.day:02d}T12:00:00+08:00"}
        return subprocess.run(["git", "-C", str(self.root), *args], env=env, check=True,
                              capture_output=True, text=True).stdout

    def commit(self, files: dict[str, str | None], next_day: bool = True) -> str:
        if next_day:
            self.day += 1
        for path, text in files.items():
            target = self.root / path
            if text is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", "change")
        return self.git("rev-parse", "HEAD").strip()


LONG = [f"第 {i} 行解答。" for i in range(8)]


@pytest.fixture
def repo(tmp_path) -> Repo:
    return Repo(tmp_path)


def kinds(h: history.History) -> list[tuple[str, str, str]]:
    return [(c.when.date().isoformat(), c.kind, c.qid) for c in h.changes]


def test_added_revised_typo_and_meta_edits(repo):
    repo.commit({"docs/t/attn.md": page(question("a", "问题 A", LONG), question("b", "问题 B", LONG))})
    repo.commit({"docs/t/attn.md": page(question("a", "问题 A", LONG[:-1] + ["改了一个字。"]),   # one line: a typo
                                        question("b", "问题 B", LONG, meta=META.replace("★★", "★★★")))})
    sha = repo.commit({"docs/t/attn.md": page(question("a", "问题 A", ["全新的解答。"] * 4), question("b", "问题 B", LONG))})
    h = history.read(repo.root, Register())
    assert h.complete
    assert kinds(h) == [("2026-03-13", "revised", "a"), ("2026-03-11", "added", "b"), ("2026-03-11", "added", "a")]
    assert h.changes[0].commit == sha and h.changes[0].lines >= history.MIN_CHANGED_LINES


def test_moving_a_question_to_another_page_is_not_news(repo):
    repo.commit({"docs/t/attn.md": page(question("a", "问题 A", LONG), question("b", "问题 B", LONG))})
    repo.commit({"docs/t/attn.md": page(question("a", "问题 A", LONG)),
                 "docs/t/other.md": page(question("b", "问题 B", LONG))})
    assert kinds(history.read(repo.root, Register())) == [("2026-03-11", "added", "b"), ("2026-03-11", "added", "a")]


def test_a_renamed_question_keeps_its_history(repo):
    repo.commit({"docs/t/attn.md": page(question("old-id", "问题 A", LONG))})
    repo.commit({"docs/t/attn.md": page(question("new-id", "问题 A", LONG))})
    h = history.read(repo.root, Register(ids=["new-id", "old-id"], aliases={"old-id": "new-id"}))
    assert kinds(h) == [("2026-03-11", "added", "new-id")]


def test_same_day_commits_make_one_change(repo):
    repo.commit({"docs/t/attn.md": page(question("a", "问题 A", LONG))})
    repo.commit({"docs/t/attn.md": page(question("a", "问题 A", LONG + ["补充一。", "补充二。"]))}, next_day=False)
    repo.commit({"docs/t/attn.md": page(question("a", "问题 A", LONG + ["补充一。", "补充二。", "补充三。"]))}, next_day=False)
    assert kinds(history.read(repo.root, Register())) == [("2026-03-11", "added", "a")]


def test_non_question_pages_are_ignored_and_no_git_is_reported(repo, tmp_path_factory):
    repo.commit({"docs/about/format.md": page(question("x", "规范", LONG)), "docs/index.md": "# 首页\n"})
    assert history.read(repo.root, Register()).changes == []
    bare = tmp_path_factory.mktemp("no-git")
    h = history.read(bare, Register())
    assert h.changes == [] and not h.complete


def test_cached_history_is_the_same_and_follows_new_commits(repo, tmp_path_factory, monkeypatch):
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("MIANJING_CACHE", str(cache))
    repo.commit({"docs/t/attn.md": page(question("a", "问题 A", LONG))})
    first = history.read_cached(repo.root)
    assert kinds(first) == kinds(history.read(repo.root)) == [("2026-03-11", "added", "a")]
    assert len(list((cache / "history").glob("*.json"))) == 1
    assert history.read_cached(repo.root) == first                  # read back from the cache file
    repo.commit({"docs/t/attn.md": page(question("a", "问题 A", LONG), question("b", "问题 B", LONG))})
    assert kinds(history.read_cached(repo.root))[0] == ("2026-03-12", "added", "b")   # a new commit is a new key
