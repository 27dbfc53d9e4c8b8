"""Files a careless or hostile pull request may bring: each is a located problem, never a crash or a leak."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, connecting, mkdocs_build, only_problem as only, problem_lines as problems
from connecting.data import files
from connecting.data.problems import QUOTE_LENGTH

SPEAKER = "examples/speaker-thanks-emoji-row.yml"


def test_a_link_to_a_file_outside_the_guide_is_named_and_never_read(guide_copy: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:the secret line\n", encoding="utf-8")
    (guide_copy / "examples" / "passwd.yml").symlink_to(secret)
    assert only(guide_copy).startswith("examples/passwd.yml:1:1: this is a symbolic link to something outside the guide")
    result = connecting("check", str(guide_copy), cwd=guide_copy)
    assert result.returncode == 1 and "secret" not in result.stdout + result.stderr


def test_a_link_inside_the_guide_is_followed(guide_copy: Path) -> None:
    moved = guide_copy / "kept" / "speaker.yml"
    moved.parent.mkdir()
    shutil.move(guide_copy / SPEAKER, moved)
    (guide_copy / SPEAKER).symlink_to(moved)
    assert problems(guide_copy) == []


@pytest.mark.parametrize("where", ["examples/loop.yml", "docs/loop.md", "rules/loop.yml"])
def test_a_link_loop_is_a_problem_not_an_internal_error(guide_copy: Path, where: str) -> None:
    (guide_copy / where).symlink_to(guide_copy / where)
    assert only(guide_copy).startswith(f"{where}:1:1: this symbolic link leads back to itself [link-loop]")
    result = connecting("check", str(guide_copy), cwd=guide_copy)
    assert result.returncode == 1 and "internal error" not in result.stdout + result.stderr


def test_a_docs_folder_linked_outside_the_guide_is_not_walked(guide_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "page.md").write_text('{{ example("nope") }}', encoding="utf-8")
    (guide_copy / "docs" / "elsewhere").symlink_to(outside)
    assert only(guide_copy).startswith("docs/elsewhere:1:1: this is a symbolic link to something outside the guide")


def test_a_folder_that_cannot_be_listed_is_a_problem(guide_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).as_posix().endswith("guide/examples"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    lines = problems(guide_copy)
    assert lines == ["examples/:1:1: cannot list this folder: Permission denied [unreadable] "
                     "Hint: check its permissions (it must be readable and searchable)"]


@pytest.mark.parametrize(("written", "code"), [("\\0", "U+0000"), ("\\e", "U+001B"), ("\\x85", "U+0085"),
                                               ("\\u202E", "U+202E"), ("\\u2066", "U+2066")])
def test_a_control_character_written_as_an_escape_is_located(guide_copy: Path, written: str, code: str) -> None:
    path = guide_copy / SPEAKER
    text = path.read_text(encoding="utf-8")
    assert 'why: "A row' in text
    path.write_text(text.replace('why: "A row', f'why: "A {written}row'), encoding="utf-8")
    line = text.splitlines().index(next(l for l in text.splitlines() if l.startswith("why:"))) + 1
    assert only(guide_copy).startswith(f"{SPEAKER}:{line}:9: `why` holds ")
    assert f"({code}) [control-character]" in only(guide_copy)



def test_a_pattern_escape_in_double_quotes_is_explained(guide_copy: Path) -> None:
    """A contributor writes a pattern's word edge, \\b, inside double quotes: YAML makes it a backspace."""
    path = guide_copy / "rules" / "follow-for-follow.yml"
    text = path.read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if l.startswith("  pattern: '"))
    assert line.endswith("'")
    path.write_text(text.replace(line, '  pattern: "\\bf4f\\b"'), encoding="utf-8")
    [problem] = [p for p in problems(guide_copy) if "[control-character]" in p]
    assert "holds an invisible control character (U+0008)" in problem
    assert "in double quotes YAML reads \\b as this character; write the value in single quotes" in problem


def test_a_raw_bidirectional_override_is_located_and_a_zero_width_joiner_is_not(guide_copy: Path) -> None:
    path = guide_copy / SPEAKER
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("so inspiring", "so \u202einspiring"), encoding="utf-8")
    assert "holds a bidirectional control character" in only(guide_copy)
    path.write_text(text.replace("\U0001F525\U0001F525", "\U0001F468\u200d\U0001F469 \U0001F525\U0001F525"), encoding="utf-8")
    assert problems(guide_copy) == []


def test_an_unclosed_quote_is_reported_where_it_opens(guide_copy: Path) -> None:
    path = guide_copy / SPEAKER
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("why:"))
    lines[number] = lines[number].rstrip('"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert only(guide_copy).startswith(f"{SPEAKER}:{number + 1}:6: this is not valid YAML: the quoted text that starts here is never closed")


def test_binary_bytes_with_yaml_anchors_are_not_utf8_not_a_crash(guide_copy: Path) -> None:
    (guide_copy / "examples" / "blob.yml").write_bytes(b"a: &x 1\nb: *x\n\xff\xfe\x00\x01")
    assert only(guide_copy).startswith("examples/blob.yml:3:1: this file is not UTF-8 text (byte 0xFF")


@pytest.mark.parametrize(("gone", "expected"), [
    ("rules", "rules/:1:1: there is no rules/ folder [missing-folder]"),
    ("data/channels.yml", "data/channels.yml:1:1: the channels file is missing [missing-file]"),
])
def test_a_missing_rules_folder_or_channels_file_is_one_problem(guide_copy: Path, gone: str, expected: str) -> None:
    target = guide_copy / gone
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    assert only(guide_copy).startswith(expected)


def test_a_long_value_is_quoted_short(guide_copy: Path) -> None:
    path = guide_copy / SPEAKER
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("stage: first", "stage: " + "x" * 100_000), encoding="utf-8")
    line = only(guide_copy)
    assert len(line) < 600 and "…" in line
    quoted = line.split("'", 1)[1].split("'", 1)[0]
    assert len(quoted) < QUOTE_LENGTH


def test_a_build_lists_the_first_200_problems_and_counts_the_rest(guide_copy: Path, tmp_path: Path) -> None:
    path = guide_copy / SPEAKER
    path.write_text(path.read_text(encoding="utf-8") + "".join(f"extra_{n}: 1\n" for n in range(250)), encoding="utf-8")
    result = mkdocs_build(guide_copy, tmp_path / "site")
    assert result.returncode == 1
    listed = [line for line in result.stderr.splitlines() if line.startswith(f"  {SPEAKER}:")]
    assert len(listed) == 200
    assert "  and 50 more problem(s), not listed: fix the ones above first" in result.stderr


def test_check_lists_200_problems_then_counts_the_rest_in_text_and_json(guide_copy: Path) -> None:
    path = guide_copy / SPEAKER
    path.write_text(path.read_text(encoding="utf-8") + "".join(f"extra_{n}: 1\n" for n in range(1000)), encoding="utf-8")
    text = connecting("check", str(guide_copy), cwd=guide_copy)
    lines = text.stdout.splitlines()
    assert text.returncode == 1 and len(lines) == 201
    assert lines[-1] == "and 800 more problem(s), not listed: fix the ones above first"
    listed = json.loads(connecting("check", str(guide_copy), "--format", "json", cwd=guide_copy).stdout)
    assert len(listed) == 201 and listed[-1]["code"] == "more-problems" and listed[-1]["count"] == 800


def _lint(stdin: bytes | None, *args: str, close_stdin: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "connecting", "lint", *args], cwd=REPO, capture_output=True,
                          input=stdin, stdin=subprocess.DEVNULL if close_stdin else None, timeout=60)


@pytest.mark.parametrize(("stdin", "args", "said"), [
    (b"", ("-",), b"nothing to check: standard input is empty"),
    (b"  \n", ("-",), b"nothing to check: standard input is empty"),
    (b"Hi \xff there", ("-",), b"standard input is not UTF-8 text: byte 3 (0xFF)"),
    (b"\x00\x01PK binary", ("-",), b"holds a control character (U+0000) at character 1"),
    (None, ("/dev/zero",), b"/dev/zero holds more than 1,000,000 bytes"),
])
def test_lint_refuses_what_is_not_a_draft_with_exit_2(stdin: bytes | None, args: tuple, said: bytes) -> None:
    result = _lint(stdin, *args, close_stdin=stdin is None)
    assert result.returncode == 2 and said in result.stderr and b"Traceback" not in result.stderr


def test_lint_with_a_closed_standard_input_says_nothing_to_check() -> None:
    result = subprocess.run([sys.executable, "-c", "import os, sys; os.close(0); sys.stdin = None; "
                             "from connecting.tools.cli import main; sys.exit(main(['lint', '-']))"],
                            cwd=REPO, capture_output=True, timeout=60)
    assert result.returncode == 2 and b"nothing to check: standard input is closed" in result.stderr


def test_the_checker_text_box_holds_no_more_than_the_engine_reads(built_site: Path) -> None:
    from connecting.site.ruleset_json import MAX_DRAFT_LENGTH

    page = (built_site / "checker" / "index.html").read_text(encoding="utf-8")
    assert f'<textarea id="checker-input" name="text" rows="7" maxlength="{MAX_DRAFT_LENGTH}"' in page


@pytest.mark.parametrize(("written", "clean"), [("plain words", True), ("a \\\\u202E escape", False),
                                                ("raw \u202e bidi", False), ("raw \u0085 next line", False),
                                                ("a tab\tis fine", True)])
def test_only_a_file_whose_bytes_could_hold_a_control_character_is_searched_for_one(tmp_path: Path, written: str,
                                                                                      clean: bool) -> None:
    """The shortcut that skips the search must never skip a file that could hold one."""
    from connecting.data.yamlfile import load_yaml

    path = tmp_path / "x.yml"
    path.write_text(f'why: "{written}"\n', encoding="utf-8")
    doc, problems = load_yaml(path, "x.yml")
    assert not problems and doc.clean_of_controls is clean
