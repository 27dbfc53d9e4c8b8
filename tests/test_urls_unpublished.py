"""`connecting urls --drop-unpublished`: a pair scaffolded by mistake and deleted leaves no
URLs behind, and no line that main or a tag ever published is dropped."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import connecting, run
from connecting.site.links import card_urls_of

GIT = ("git", "-c", "user.email=t@t", "-c", "user.name=t", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def urls_of(example_id: str) -> list[str]:
    return card_urls_of(example_id, "know-like-trust", "email")


def write_pair(root: Path, example_id: str, former_ids: tuple[str, ...] = ()) -> None:
    text = f"id: {example_id}\nprinciple: know-like-trust\nchannel: email\n"
    if former_ids:
        text += f"former_ids: [{', '.join(former_ids)}]\n"
    (root / "examples" / f"{example_id}.yml").write_text(text, encoding="utf-8")


def write_urls(root: Path, urls) -> None:
    (root / "urls.txt").write_text("".join(f"{url}\n" for url in sorted(set(urls))), encoding="utf-8")


def read_urls(root: Path) -> list[str]:
    return (root / "urls.txt").read_text(encoding="utf-8").splitlines()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main publishes `published-pair`; tag v1 (on a release branch off main) also publishes `tagged-pair`;
    on a work branch both pairs are deleted, `kept-pair` is new and `renamed-pair` was `old-name`,
    and `mistake-pair` was scaffolded and deleted again."""
    root = tmp_path / "guide"
    (root / "examples").mkdir(parents=True)
    git(root, "init", "--quiet", "--initial-branch=main")
    write_pair(root, "published-pair")
    write_pair(root, "old-name")
    write_urls(root, ["/", "/checker/", *urls_of("published-pair"), *urls_of("old-name")])
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "main")
    git(root, "switch", "--quiet", "-c", "release")
    write_pair(root, "tagged-pair")
    write_urls(root, read_urls(root) + urls_of("tagged-pair"))
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "release")
    git(root, "tag", "v1")
    git(root, "switch", "--quiet", "main")
    git(root, "switch", "--quiet", "-c", "work")
    for gone in ("published-pair", "old-name"):
        (root / "examples" / f"{gone}.yml").unlink()
    write_pair(root, "kept-pair")
    write_pair(root, "renamed-pair", former_ids=("old-name",))
    write_urls(root, read_urls(root) + urls_of("tagged-pair") + urls_of("mistake-pair") + urls_of("kept-pair")
               + urls_of("renamed-pair"))
    return root


def test_drops_only_the_lines_of_a_gone_pair_that_were_never_published(repo: Path) -> None:
    before = read_urls(repo)
    result = connecting("urls", "--drop-unpublished", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    after = read_urls(repo)
    assert sorted(set(before) - set(after)) == sorted(urls_of("mistake-pair"))
    assert after == sorted(after)
    for url in urls_of("mistake-pair"):
        assert f"dropped {url}" in result.stdout.splitlines()
    assert (f"{len(urls_of('mistake-pair'))} never-published URL(s) of gone pairs dropped from urls.txt, "
            f"{2 * len(urls_of('published-pair'))} published one(s) kept; {len(after)} in all.") in result.stdout


def test_keeps_a_gone_pairs_line_that_main_has_and_says_why(repo: Path) -> None:
    result = connecting("urls", "--drop-unpublished", cwd=repo)
    assert set(urls_of("published-pair")) <= set(read_urls(repo))
    for url in urls_of("published-pair"):
        assert f"kept {url}: its pair is gone, but it was published (main, tag v1)" in result.stdout.splitlines()


def test_keeps_a_gone_pairs_line_that_a_tag_has(repo: Path) -> None:
    result = connecting("urls", "--drop-unpublished", cwd=repo)
    assert set(urls_of("tagged-pair")) <= set(read_urls(repo))
    for url in urls_of("tagged-pair"):
        assert f"kept {url}: its pair is gone, but it was published (tag v1)" in result.stdout.splitlines()


def test_keeps_the_lines_of_pairs_that_exist_by_id_or_former_id(repo: Path) -> None:
    result = connecting("urls", "--drop-unpublished", cwd=repo)
    assert result.returncode == 0, result.stderr
    kept = set(read_urls(repo))
    assert set(urls_of("kept-pair") + urls_of("renamed-pair") + urls_of("old-name")) <= kept
    assert {"/", "/checker/"} <= kept  # not a pair's line at all
    assert "kept-pair" not in result.stdout and "renamed-pair" not in result.stdout


def test_reads_main_as_the_remote_has_it(tmp_path: Path) -> None:
    upstream = tmp_path / "upstream"
    (upstream / "examples").mkdir(parents=True)
    git(upstream, "init", "--quiet", "--initial-branch=main")
    write_pair(upstream, "kept-pair")
    write_urls(upstream, urls_of("kept-pair"))
    git(upstream, "add", "-A")
    git(upstream, "commit", "--quiet", "-m", "main")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(upstream), str(clone))
    # main publishes a pair after the clone was made: the clone's origin/main does not have it yet.
    write_pair(upstream, "late-pair")
    write_urls(upstream, read_urls(upstream) + urls_of("late-pair"))
    git(upstream, "add", "-A")
    git(upstream, "commit", "--quiet", "-m", "late pair")
    git(clone, "switch", "--quiet", "-c", "work")
    write_urls(clone, read_urls(clone) + urls_of("late-pair") + urls_of("mistake-pair"))
    result = connecting("urls", "--drop-unpublished", cwd=clone)
    assert result.returncode == 0, result.stderr
    assert sorted(read_urls(clone)) == sorted(urls_of("kept-pair") + urls_of("late-pair"))
    for url in urls_of("late-pair"):
        assert f"kept {url}: its pair is gone, but it was published (origin/main)" in result.stdout.splitlines()


def test_a_failed_fetch_drops_nothing(repo: Path, tmp_path: Path) -> None:
    git(repo, "remote", "add", "origin", str(tmp_path / "no-such-repository"))
    before = read_urls(repo)
    result = connecting("urls", "--drop-unpublished", cwd=repo)
    assert result.returncode == 1
    assert result.stderr.startswith("connecting urls: dropped nothing: `git fetch origin main` failed (")
    assert read_urls(repo) == before


@pytest.mark.parametrize("without", ["repository", "git"])
def test_without_git_nothing_is_dropped_and_the_message_says_why(tmp_path: Path, without: str) -> None:
    root = tmp_path / "guide"
    (root / "examples").mkdir(parents=True)
    write_pair(root, "kept-pair")
    write_urls(root, urls_of("kept-pair") + urls_of("mistake-pair"))
    before = read_urls(root)
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path)} if without == "repository" else {"PATH": str(tmp_path)}
    result = run(sys.executable, "-m", "connecting", "urls", "--drop-unpublished", cwd=root, env=env)
    assert result.returncode == 1, result.stdout + result.stderr
    reason = "is not in a git repository" if without == "repository" else "git could not be run"
    assert result.stderr.startswith("connecting urls: dropped nothing: "), result.stderr
    assert reason in result.stderr
    assert f"so {len(urls_of('mistake-pair'))} line(s) of pairs that are gone stay" in result.stderr
    assert read_urls(root) == before


def test_with_no_gone_pair_git_is_not_needed(tmp_path: Path) -> None:
    root = tmp_path / "guide"
    (root / "examples").mkdir(parents=True)
    write_pair(root, "kept-pair")
    write_urls(root, urls_of("kept-pair"))
    result = run(sys.executable, "-m", "connecting", "urls", "--drop-unpublished", cwd=root,
                 env={"PATH": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "0 never-published URL(s) of gone pairs dropped" in result.stdout


def test_check_goes_only_with_site(tmp_path: Path) -> None:
    result = connecting("urls", "--check", "--drop-unpublished", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "connecting urls: --check goes with --site\n"
