"""The `connecting` command's contract: output lines, JSON shapes and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, connecting


def test_check_passes_on_the_guide() -> None:
    result = connecting("check", str(REPO), cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: ")


def test_check_reports_problems_as_lines_and_exits_1(guide_copy: Path) -> None:
    (guide_copy / "examples" / "broken.yml").write_text("id: broken\nprinciple: [\n", encoding="utf-8")
    result = connecting("check", str(guide_copy), cwd=guide_copy)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("examples/broken.yml:3:1: this is not valid YAML:")
    assert "Traceback" not in result.stdout + result.stderr


def test_check_json_lists_problems(guide_copy: Path) -> None:
    (guide_copy / "examples" / "broken.yml").write_bytes(b"id: \xff\n")
    result = connecting("check", str(guide_copy), "--format", "json", cwd=guide_copy)
    assert result.returncode == 1
    [problem] = json.loads(result.stdout)
    assert {k: problem[k] for k in ("path", "line", "column", "code")} == {
        "path": "examples/broken.yml", "line": 1, "column": 5, "code": "not-utf8"}


def test_check_bad_usage_exits_2(tmp_path: Path) -> None:
    assert connecting("check", str(tmp_path / "missing"), cwd=tmp_path).returncode == 2
    assert connecting("frobnicate", cwd=tmp_path).returncode == 2


def test_lint_text_output_from_stdin() -> None:
    result = connecting("lint", "--channel", "linkedin-invite", cwd=REPO, stdin="Hi Firstname!!! Follow back?\n")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "error: unfilled-placeholder at 3-12 'Firstname': A merge field or placeholder was never filled in."
    assert lines[1].startswith("warning: shouting-punctuation at 12-15 '!!!': ")
    assert lines[2].startswith("error: follow-for-follow at 16-28 'Follow back?': ")
    assert lines[-1] == "This message fails the networking-event test (linkedin-invite, first message)."


def test_lint_json_from_a_file_as_a_reply(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Of course! Here is the e-book: https://example.com/book\n", encoding="utf-8")
    result = connecting("lint", "--channel", "email", "--reply", "--format", "json", str(draft), cwd=REPO)
    assert result.returncode == 0, result.stdout
    data = json.loads(result.stdout)
    assert data == {"channel": "email", "stage": "reply", "passes": True, "findings": []}


def test_lint_finding_objects_have_the_documented_fields() -> None:
    result = connecting("lint", "--format", "json", cwd=REPO, stdin="I I I I I I I me me me " * 3 + "you")
    finding = json.loads(result.stdout)["findings"][0]
    assert set(finding) == {"rule", "level", "message", "start", "end", "detail", "match"}
    assert finding["detail"] == "30 self-words, 1 you-words"


def test_lint_passing_message_exits_0() -> None:
    result = connecting("lint", "--channel", "twitter-dm", cwd=REPO, stdin="Thanks for the follow, Ana! Your Lisbon photos are lovely.")
    assert result.returncode == 0
    assert result.stdout.strip() == "This message passes the networking-event test (twitter-dm, first message)."


def test_lint_unknown_channel_lists_the_valid_ones() -> None:
    result = connecting("lint", "--channel", "myspace", cwd=REPO, stdin="hello")
    assert result.returncode == 2
    assert "unknown channel 'myspace'; valid channels: comment, email, facebook-message" in result.stderr


def test_lint_reply_on_a_channel_without_replies_is_bad_usage() -> None:
    result = connecting("lint", "--channel", "linkedin-invite", "--reply", cwd=REPO, stdin="hello")
    assert result.returncode == 2
    assert "has no reply stage" in result.stderr


def test_an_internal_error_is_one_friendly_line_not_a_traceback(monkeypatch, capsys) -> None:
    from connecting.tools import cli

    def broken(root):
        raise RuntimeError("simulated bug")

    monkeypatch.delenv("CONNECTING_DEBUG", raising=False)
    monkeypatch.setattr(cli, "load_guide", broken)
    monkeypatch.setattr(cli.gc, "disable", lambda: None)  # keep this test process as it was
    assert cli.main(["check", str(REPO)]) == 2
    err = capsys.readouterr().err
    assert "internal error (RuntimeError: simulated bug)" in err and "Traceback" not in err


def test_lint_still_judges_a_draft_while_an_example_is_half_written(guide_copy: Path) -> None:
    (guide_copy / "examples" / "half-written.yml").write_text("id: half-written\n", encoding="utf-8")
    assert connecting("check", str(guide_copy), cwd=guide_copy).returncode == 1
    result = connecting("lint", "--root", str(guide_copy), cwd=guide_copy, stdin="Follow back?")
    assert result.returncode == 1 and "follow-for-follow" in result.stdout


def test_lint_shortens_a_long_match_and_reads_a_file_with_a_bom(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_bytes("\ufeffHi Firstname ".encode("utf-8") + b"x" * 300)
    result = connecting("lint", "--channel", "linkedin-invite", str(draft), cwd=REPO)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("error: unfilled-placeholder at 3-12 'Firstname'")
    over = next(line for line in lines if "over-channel-limit" in line)
    assert len(over) < 200 and "\u2026" in over


def test_check_json_gives_every_problem_its_place_code_and_message(guide_copy: Path) -> None:
    assert connecting("new", "--id", "half-written", "--principle", "personal-touch", "--channel", "email",
                      cwd=guide_copy).returncode == 0
    (guide_copy / "examples" / "broken.yml").write_text("id: broken\nprinciple: [\n", encoding="utf-8")
    text = connecting("check", "--format", "text", cwd=guide_copy)
    result = connecting("check", str(guide_copy), "--format", "json", cwd=guide_copy)
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert len(problems) == 5 == len(text.stdout.splitlines())
    for problem, line in zip(problems, text.stdout.splitlines()):
        assert {"path", "line", "column", "code", "message"} <= set(problem)
        assert isinstance(problem["line"], int) and isinstance(problem["column"], int)
        # The same problem as the text line `path:line:column: message [code]`.
        assert line.startswith(f"{problem['path']}:{problem['line']}:{problem['column']}: {problem['message']} [{problem['code']}]")
    assert [p["code"] for p in problems] == ["yaml-syntax"] + ["unfilled"] * 4
    assert problems[1] == {
        "path": "examples/half-written.yml", "line": 16, "column": 12, "code": "unfilled",
        "message": "fill in `situation`: it still holds the placeholder 'FILL IN: who writes to whom, and why, in one line'",
        "hint": "One line of context: who is writing to whom, and why."}
