"""The `connecting` command's contract: output lines, JSON shapes and exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, connecting
from connecting.data.guide import load_guide
from connecting.tools.cli import event_test_questions


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
    draft = "Hi Firstname!!! Follow back?"
    result = connecting("lint", "--channel", "linkedin-invite", cwd=REPO, stdin=draft + "\n")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "error: unfilled-placeholder at 3-12 'Firstname': A merge field or placeholder was never filled in."
    assert lines[1] == "  Instead: Write the person's real name, and read the message once as they will see it before you send it."
    assert any(line.startswith("error: follow-for-follow at 16-28 'Follow back?': ") for line in lines)
    # Every finding, each rule's advice under its first finding, and the count of red flags.
    _assert_lint_output(lines, draft, "linkedin-invite", "first")
    assert re.fullmatch(r"\d+ red flags found \(linkedin-invite, first message\): fix them before you send it\.", lines[-1])
    assert "passes" not in result.stdout and "networking-event test" not in result.stdout


def test_lint_json_from_a_file_as_a_reply(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Of course! Here is the e-book: https://example.com/book\n", encoding="utf-8")
    result = connecting("lint", "--channel", "email", "--reply", "--format", "json", str(draft), cwd=REPO)
    assert result.returncode == 0, result.stdout
    data = json.loads(result.stdout)
    questions = data.pop("questions")
    assert data == {"channel": "email", "stage": "reply", "passes": True,
                    "summary": "No red flags found (email, reply message).", "findings": []}
    assert questions == event_test_questions(REPO) and len(questions) == 4


def test_lint_finding_objects_have_the_documented_fields() -> None:
    result = connecting("lint", "--format", "json", cwd=REPO, stdin="I I I I I I I me me me " * 3 + "you")
    finding = json.loads(result.stdout)["findings"][0]
    # The documented keys (more may be added; none is renamed).
    assert {"rule", "level", "message", "start", "end", "detail", "match", "instead"} <= set(finding)
    assert finding["detail"] == "30 self-words, 1 you-words"


def test_lint_passing_message_exits_0() -> None:
    result = connecting("lint", "--channel", "twitter-dm", cwd=REPO, stdin="Thanks for the follow, Ana! Your Lisbon photos are lovely.")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "No red flags found (twitter-dm, first message)."
    assert "passes" not in result.stdout
    # The rules cannot answer the test: its questions, in the home page's words, are the writer's to answer.
    assert lines[1] == ("The rules cannot tell whether it connects. Answer the networking-event test "
                        "(docs/index.md) yourself, yes or no:")
    assert lines[2:6] == [f"  {number}. {question}" for number, question in enumerate(event_test_questions(REPO), 1)]
    assert lines[2] == "  1. Could I say these exact words out loud to someone I just met at an event?"
    assert lines[6:] == ["If any answer is no, pause and rewrite."]


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


# --- lint says what the rules know: red flags, each with its advice, or none and the test's questions ---


GUIDE = load_guide(REPO)


def _instead(rule_id: str) -> str:
    return GUIDE.ruleset.by_id[rule_id].instead


def _summary(draft: str, channel: str | None, stage: str) -> str:
    red = sum(1 for f in GUIDE.ruleset.evaluate(draft, GUIDE.channels.get(channel) if channel else None, stage) if f.fails)
    return (f"{red} red {'flag' if red == 1 else 'flags'} found ({channel or 'any channel'}, {stage} message): "
            f"fix {'it' if red == 1 else 'them'} before you send it.")


def _assert_lint_output(lines: list[str], draft: str, channel: str | None, stage: str) -> None:
    """What `lint` prints for a draft with red flags, checked against the engine: one line per finding
    (level, rule, its first three places and their matched words, the message), the rule's advice under
    it, and the count of red flags."""
    findings = GUIDE.ruleset.evaluate(draft, GUIDE.channels.get(channel) if channel else None, stage)
    assert len({f.rule for f in findings}) == len(findings)  # one finding per rule
    expected = []
    for f in findings:
        places = []
        for start, end in f.spans[:3]:  # one finding per rule, its first three places quoted
            matched = draft[start:end]
            places.append(f"{start}-{end} " + repr(matched if len(matched) <= 60 else matched[:59] + "\u2026"))
        more = f" and {len(f.spans) - 3} more" if len(f.spans) > 3 else ""
        expected.append((f"{f.level}: {f.rule} at {', '.join(places)}{more}",
                         f": {f.message}" + (f" ({f.detail})" if f.detail else "")))
        expected.append((f"  Instead: {_instead(f.rule)}", ""))
    expected.append((_summary(draft, channel, stage), ""))
    assert len(lines) == len(expected), lines
    for line, (start, end) in zip(lines, expected):
        assert line.startswith(start) and line.endswith(end), (line, start, end)
        assert end or line == start


def test_lint_gives_each_rules_advice_once_in_text_and_with_every_finding_in_json() -> None:
    draft = "Hi {first_name}, your {company} talk on {topic} was great."
    found = [f.rule for f in GUIDE.ruleset.evaluate(draft, None, "first")]
    assert "unfilled-placeholder" in found  # three placeholders: one advice, however many findings they make
    text = connecting("lint", cwd=REPO, stdin=draft)
    assert text.returncode == 1
    advice = f"  Instead: {_instead('unfilled-placeholder')}"
    assert text.stdout.splitlines().count(advice) == 1
    _assert_lint_output(text.stdout.splitlines(), draft, None, "first")
    data = json.loads(connecting("lint", "--format", "json", cwd=REPO, stdin=draft).stdout)
    assert [finding["rule"] for finding in data["findings"]] == found
    assert [finding["instead"] for finding in data["findings"]] == [_instead(rule) for rule in found]
    assert data["passes"] is False and data["questions"] == []
    assert data["summary"] == _summary(draft, None, "first")


def test_lint_counts_one_red_flag_in_the_singular() -> None:
    draft = "Hi {first_name}, loved your talk on pricing."
    assert [f.rule for f in GUIDE.ruleset.evaluate(draft, None, "first") if f.fails] == ["unfilled-placeholder"]
    result = connecting("lint", cwd=REPO, stdin=draft)
    assert result.stdout.splitlines()[-1] == "1 red flag found (any channel, first message): fix it before you send it."


def test_lint_with_only_suggestions_finds_no_red_flags_and_asks_the_questions() -> None:
    draft = "Hi Ana, your talk on pricing for small studios was useful and clear. " * 12
    assert [(f.rule, f.level) for f in GUIDE.ruleset.evaluate(draft.strip(), GUIDE.channels.get("email"), "first")] == [
        ("long-first-message", "suggestion")]
    result = connecting("lint", "--channel", "email", cwd=REPO, stdin=draft)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("suggestion: long-first-message at ")
    assert lines[1] == f"  Instead: {_instead('long-first-message')}"
    assert lines[2] == "No red flags found (email, first message; 1 suggestion above)."
    assert "1. Could I say these exact words out loud" in result.stdout


def test_lint_without_the_home_pages_test_still_leaves_the_verdict_to_the_writer(guide_copy: Path) -> None:
    home = guide_copy / "docs" / "index.md"
    home.write_text(home.read_text(encoding="utf-8").replace("## The networking-event test", "## Another heading"),
                    encoding="utf-8")
    result = connecting("lint", cwd=guide_copy, stdin="Thanks for the talk, Ana.")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "No red flags found (any channel, first message).",
        "The rules cannot tell whether it connects: ask yourself the networking-event test's questions before you send it."]
    assert json.loads(connecting("lint", "--format", "json", cwd=guide_copy, stdin="Thanks, Ana.").stdout)["questions"] == []


DIFFERS_BY_STAGE = "Thanks, Ana. The slides are here: https://example.com/slides"


def test_lint_stage_is_spelled_as_new_spells_it_and_reply_stays_its_alias() -> None:
    email = GUIDE.channels.get("email")
    expected = {stage: [f.rule for f in GUIDE.ruleset.evaluate(DIFFERS_BY_STAGE, email, stage)] for stage in ("first", "reply")}
    assert expected["first"] != expected["reply"]  # a first-message rule makes the difference

    def judged(*options: str) -> dict:
        result = connecting("lint", "--channel", "email", "--format", "json", *options, cwd=REPO, stdin=DIFFERS_BY_STAGE)
        data = json.loads(result.stdout)
        assert result.returncode == (0 if data["passes"] else 1)
        return data

    first, reply = judged("--stage", "first"), judged("--stage", "reply")
    assert (first["stage"], reply["stage"]) == ("first", "reply")
    assert [f["rule"] for f in first["findings"]] == expected["first"]
    assert [f["rule"] for f in reply["findings"]] == expected["reply"]
    assert judged() == first  # first by default
    assert judged("--reply") == reply
    assert judged("--reply", "--stage", "reply") == reply


@pytest.mark.parametrize("options, says", [
    (("--stage", "sideways"), "argument --stage: invalid choice: 'sideways' (choose from 'first', 'reply')"),
    (("--stage", "first", "--reply"), "--reply and --stage first ask for different stages; give one of them"),
    (("--channel", "linkedin-invite", "--stage", "reply"), "has no reply stage; give --stage first"),
])
def test_lint_refuses_a_stage_it_cannot_judge(options: tuple[str, ...], says: str) -> None:
    result = connecting("lint", *options, cwd=REPO, stdin="Hello Ana")
    assert result.returncode == 2 and says in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


@pytest.mark.parametrize("given, guess", [
    ("linkedin", "(did you mean linkedin-invite or linkedin-message?)"),
    ("twiter-dm", "(did you mean twitter-dm?)"),
    ("Email", "(did you mean email?)"),
])
def test_lint_suggests_the_channel_meant(given: str, guess: str) -> None:
    result = connecting("lint", "--channel", given, cwd=REPO, stdin="hello")
    assert result.returncode == 2
    assert f"connecting lint: unknown channel {given!r} {guess}; valid channels: comment, email, " in result.stderr
    assert "Traceback" not in result.stderr


def test_lint_outside_a_guide_says_so_and_names_root(tmp_path: Path) -> None:
    result = connecting("lint", cwd=tmp_path, stdin="hello")
    assert result.returncode == 2
    assert result.stderr.startswith(f"connecting lint: no guide here: neither {tmp_path.resolve()} nor a parent holds "
                                    "a rules/ folder and data/channels.yml; ")
    assert "--root PATH" in result.stderr
    assert "problem" not in result.stderr and "Traceback" not in result.stderr


def test_lint_root_names_the_guide_from_anywhere(tmp_path: Path, guide_copy: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = connecting("lint", "--root", str(guide_copy), cwd=elsewhere, stdin="Follow back?")
    assert result.returncode == 1 and "follow-for-follow" in result.stdout
    # From a folder inside the guide, the guide is found without --root.
    assert connecting("lint", cwd=guide_copy / "docs", stdin="Follow back?").returncode == 1


@pytest.mark.parametrize("root, says", [
    ("missing", "--root {root} is not a folder; give the guide's folder, the one that holds rules/ and data/channels.yml"),
    ("empty", "--root {root} is not a guide's folder: neither it nor a parent holds a rules/ folder and "
              "data/channels.yml; give the guide's folder"),
])
def test_lint_root_that_is_no_guide_is_refused_plainly(tmp_path: Path, root: str, says: str) -> None:
    (tmp_path / "empty").mkdir()
    result = connecting("lint", "--root", str(tmp_path / root), cwd=tmp_path, stdin="hello")
    assert result.returncode == 2
    assert says.format(root=tmp_path / root) in result.stderr
    assert "problem" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("draft", ["", " \n\t\n", "\u200b\u200d \u2060\n", "\ufeff\u200e\u00a0"])
def test_lint_refuses_an_empty_or_invisible_draft(draft: str) -> None:
    result = connecting("lint", cwd=REPO, stdin=draft)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "connecting lint: nothing to check: standard input " in result.stderr


def test_lint_help_names_stage_reply_and_root() -> None:
    result = connecting("lint", "--help", cwd=REPO)
    assert result.returncode == 0
    shown = " ".join(result.stdout.split())  # as argparse wraps it for any terminal's width
    assert "--stage {first,reply}" in shown and "the same as --stage reply" in shown
    assert "rules/ and data/channels.yml" in shown


def test_lint_on_a_guide_with_broken_or_no_rules_names_the_check_to_run(tmp_path: Path, guide_copy: Path) -> None:
    rule = guide_copy / "rules" / "generic-greeting.yml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("level: warning", "level: loud"), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = connecting("lint", "--root", str(guide_copy), cwd=elsewhere, stdin="hello")
    assert result.returncode == 2
    assert f"the rules or channels have 1 problem(s); run `connecting check {guide_copy}` to see them" in result.stderr
    for path in (guide_copy / "rules").glob("*.yml"):
        path.unlink()
    result = connecting("lint", cwd=guide_copy, stdin="hello")
    assert result.returncode == 2
    assert f"{guide_copy / 'rules'} holds no rules, so no draft can be judged; run `connecting check` to see " \
           "what is wrong" in result.stderr


def test_a_reader_that_stops_early_gets_no_internal_error() -> None:
    """`connecting eval | head -1`: the pipe closes after the first line; the tool stops quietly."""
    process = subprocess.Popen([sys.executable, "-m", "connecting", "eval", "eval/dev"], cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # as head does once it has its line; closed before any output, so the write must fail
    stderr = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=120) == 1
    assert stderr == ""
