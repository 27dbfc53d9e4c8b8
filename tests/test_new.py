"""`connecting new`: options, refusals, questions in a terminal, and the file it writes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml

from conftest import connecting
from connecting.tools import cli
from connecting.tools import new_pair as scaffold
from connecting.data.guide import load_guide
from connecting.data.schema import schema

NEW = ("new", "--id", "thanks-for-the-intro", "--principle", "know-like-trust", "--channel", "linkedin-message")


def test_new_writes_a_commented_file_that_fails_until_filled(guide_copy: Path) -> None:
    result = connecting(*NEW, "--stage", "reply", cwd=guide_copy)
    assert result.returncode == 0, result.stderr
    path = guide_copy / "examples" / "thanks-for-the-intro.yml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../connecting/schemas/example.schema.json"
    data = yaml.safe_load(text)
    assert (data["id"], data["principle"], data["channel"], data["stage"]) == (
        "thanks-for-the-intro", "know-like-trust", "linkedin-message", "reply")
    assert data["dont"]["flags"] == []
    # A comment right above every field.
    for field in ("id", "principle", "channel", "stage", "situation", "dont", "text", "flags", "do", "why"):
        for number, line in enumerate(lines):
            if re.match(rf"\s*{field}:", line) and field not in ("dont", "do"):
                assert lines[number - 1].lstrip().startswith("#"), line
    problems = load_guide(guide_copy).problems
    assert [(p.path, p.code) for p in problems] == [("examples/thanks-for-the-intro.yml", "unfilled")] * 4
    assert [p.message.split(":")[0] for p in problems] == [
        "fill in `situation`", "fill in `dont.text`", "fill in `do.text`", "fill in `why`"]


def test_the_placeholder_is_the_one_the_schema_refuses() -> None:
    situation = schema("example")["properties"]["situation"]
    assert situation["x-placeholder"] == scaffold.UNFILLED
    assert not re.search(situation["pattern"], scaffold.UNFILLED + " anything")
    assert re.search(situation["pattern"], "A florist writes to a venue. " + scaffold.UNFILLED)
    assert not re.search(situation["pattern"], " \n\t ")


def test_the_stage_defaults_to_first(guide_copy: Path) -> None:
    assert connecting(*NEW, cwd=guide_copy).returncode == 0
    data = yaml.safe_load((guide_copy / "examples" / "thanks-for-the-intro.yml").read_text(encoding="utf-8"))
    assert data["stage"] == "first"


@pytest.mark.parametrize(("args", "message"), [
    (("--id", "Hello There"), "connecting new: --id: the id 'Hello There' is not a slug: use lower-case letters"),
    (("--id", "ends-with-a-newline\n"), "connecting new: --id: the id 'ends-with-a-newline\\n' is not a slug"),
    (("--id", "hello-there-cold-invite"),
     "connecting new: --id: examples/hello-there-cold-invite.yml already exists: choose another id, or edit that file"),
    (("--principle", "be-nice"), "connecting new: --principle: unknown principle 'be-nice'; valid principles: "
                                 "be-transparent, fans-not-collected, human-on-the-other-side,"),
    (("--channel", "myspace"), "connecting new: --channel: unknown channel 'myspace'; valid channels: comment, email,"),
    (("--channel", "linkedin-invite", "--stage", "reply"),
     "connecting new: --stage: LinkedIn connection request note has no 'reply' stage; valid stages: first"),
])
def test_new_refuses_bad_options_in_one_clear_line(guide_copy: Path, args: tuple[str, ...], message: str) -> None:
    options = dict(zip(NEW[1::2], NEW[2::2]))
    options.update(zip(args[::2], args[1::2]))
    before = sorted(p.name for p in (guide_copy / "examples").iterdir())
    result = connecting("new", *[part for pair in options.items() for part in pair], cwd=guide_copy)
    assert result.returncode == 2
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert sorted(p.name for p in (guide_copy / "examples").iterdir()) == before


def test_stage_must_be_first_or_reply(guide_copy: Path) -> None:
    result = connecting(*NEW, "--stage", "second", cwd=guide_copy)
    assert result.returncode == 2
    assert "connecting new: --stage: LinkedIn message or InMail has no 'second' stage; valid stages: first, reply" in result.stderr


def test_without_a_terminal_a_missing_option_is_named_not_asked(guide_copy: Path) -> None:
    result = connecting("new", "--id", "thanks-for-the-intro", cwd=guide_copy, stdin="")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("connecting new: --principle is missing (the input is not a terminal, so it cannot "
                               "be asked for); give one of be-transparent, fans-not-collected,")
    assert lines[1].startswith("connecting new: --channel is missing")
    assert not (guide_copy / "examples" / "thanks-for-the-intro.yml").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run_in_terminal(monkeypatch, capsys, root: Path, answers: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", _Terminal(answers))
    monkeypatch.setattr(cli.gc, "disable", lambda: None)  # keep this test process as it was
    code = cli.main(["new", "--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_in_a_terminal_what_is_missing_is_asked_and_wrong_answers_are_asked_again(
        guide_copy: Path, monkeypatch, capsys) -> None:
    guide = load_guide(guide_copy)
    channels = sorted(guide.channels)
    answers = "\n".join([
        "Bad Id", "hello-there-cold-invite", "thanks-for-the-intro",  # not a slug, taken, fine
        "99", "know-like-trust",  # no such number, then an id
        str(channels.index("linkedin-message") + 1),  # a number from the list
        "",  # the stage's default: first
    ]) + "\n"
    code, out, err = _run_in_terminal(monkeypatch, capsys, guide_copy, answers)
    assert code == 0, out
    assert "is not a slug" in out and "already exists" in out and "unknown principle '99'" in out
    assert f"   {channels.index('linkedin-message') + 1}. linkedin-message  (LinkedIn message or InMail)" in out
    data = yaml.safe_load((guide_copy / "examples" / "thanks-for-the-intro.yml").read_text(encoding="utf-8"))
    assert (data["principle"], data["channel"], data["stage"]) == ("know-like-trust", "linkedin-message", "first")


def test_in_a_terminal_only_the_missing_options_are_asked(guide_copy: Path, monkeypatch, capsys) -> None:
    code, out, err = _run_in_terminal(monkeypatch, capsys, guide_copy, "linkedin-message\nreply\n",
                                      "--id", "thanks-for-the-intro", "--principle", "know-like-trust")
    assert code == 0, err
    assert "Id:" not in out and "Principle (" not in out
    assert "Channel (number or id): " in out and "Stage (first or reply) [first]: " in out
    data = yaml.safe_load((guide_copy / "examples" / "thanks-for-the-intro.yml").read_text(encoding="utf-8"))
    assert (data["channel"], data["stage"]) == ("linkedin-message", "reply")


def test_in_a_terminal_with_every_option_given_nothing_is_asked(guide_copy: Path, monkeypatch, capsys) -> None:
    code, out, err = _run_in_terminal(monkeypatch, capsys, guide_copy, "", *NEW[1:])
    assert code == 0, err
    assert ": " not in out.split("Created")[0]  # no question before the file is written
    data = yaml.safe_load((guide_copy / "examples" / "thanks-for-the-intro.yml").read_text(encoding="utf-8"))
    assert data["stage"] == "first"


def test_leaving_the_questions_writes_nothing(guide_copy: Path, monkeypatch, capsys) -> None:
    code, _, err = _run_in_terminal(monkeypatch, capsys, guide_copy, "thanks-for-the-intro\n")  # then end of input
    assert code == 2
    assert err.strip() == "connecting new: cancelled; nothing was written"
    assert not (guide_copy / "examples" / "thanks-for-the-intro.yml").exists()


def test_new_adds_to_the_manifest_once_the_file_is_written_and_reports_a_failure(
        guide_copy: Path, monkeypatch, capsys) -> None:
    calls = []

    def manifest(root: Path, example_id: str) -> str:
        calls.append((root, example_id, (root / "examples" / f"{example_id}.yml").exists()))
        return f"Added /examples/{example_id}/ to the URL manifest."

    def broken(root: Path, example_id: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(scaffold, "add_to_url_manifest", manifest)
    code, out, err = _run_in_terminal(monkeypatch, capsys, guide_copy, "", *NEW[1:])
    assert code == 0
    assert calls == [(guide_copy.resolve(), "thanks-for-the-intro", True)]  # called once the file is written
    assert "Added /examples/thanks-for-the-intro/ to the URL manifest." in out

    monkeypatch.setattr(scaffold, "add_to_url_manifest", broken)
    code, out, err = _run_in_terminal(monkeypatch, capsys, guide_copy, "", "--id", "second-pair",
                                      "--principle", "know-like-trust", "--channel", "email")
    assert code == 1
    assert err.startswith("connecting new: ") and err.strip().endswith(
        "/examples/second-pair.yml was written, but its URLs were not added to urls.txt (disk full): "
        "run `connecting urls --example second-pair`")
    assert "Next: replace each" in out
    assert (guide_copy / "examples" / "second-pair.yml").exists()


def test_new_adds_the_pairs_urls_to_the_manifest_and_removes_none(guide_copy: Path) -> None:
    before = (guide_copy / "urls.txt").read_text(encoding="utf-8").splitlines()
    result = connecting(*NEW, cwd=guide_copy)
    assert result.returncode == 0, result.stderr
    after = (guide_copy / "urls.txt").read_text(encoding="utf-8").splitlines()
    added = sorted(set(after) - set(before))
    data = yaml.safe_load((guide_copy / "examples" / "thanks-for-the-intro.yml").read_text(encoding="utf-8"))
    assert added == sorted([
        "/examples/thanks-for-the-intro/", "/examples/thanks-for-the-intro/#ex-thanks-for-the-intro",
        "/examples/#ex-thanks-for-the-intro", f"/principles/{data['principle']}/#ex-thanks-for-the-intro",
        f"/channels/{data['channel']}/#ex-thanks-for-the-intro"])
    assert set(before) <= set(after) and after == sorted(after)
    assert f"Added {len(added)} URL(s) of the new pair to urls.txt." in result.stdout
