"""`connecting flags [--write]`: a new rule costs one command and a review of the diff."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import connecting
from connecting.tools.flag_sync import RewriteError, flags_text

RULE = """\
# yaml-language-server: $schema=../connecting/schemas/rule.schema.json
id: pushy-please
title: A pushy please
level: suggestion
principle: networking-event-test
message: A "please" that pushes for an action.
description: >-
  A test rule: it flags the word please.
instead: >-
  Ask a question the reader can answer.
detect:
  kind: phrases
  phrases:
    - please
cases:
  flag:
    - "Please share my post."
  pass:
    - "Thanks for sharing your post."
"""


def _examples(root: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((root / "examples").glob("*.yml"))}


def _dont_text_has_please(text: bytes) -> bool:
    dont = text.decode("utf-8").split("\ndont:\n", 1)[1].split("\ndo:\n", 1)[0]
    return re.search(r"(?i)\bplease\b", dont) is not None


@pytest.fixture
def with_rule(guide_copy: Path) -> tuple[Path, dict[str, bytes], list[str]]:
    """A copy where some pairs carry comments and one a block list, then a rule that fires on a few."""
    affected = sorted(name for name, text in _examples(guide_copy).items() if _dont_text_has_please(text))
    assert len(affected) >= 3
    for number, name in enumerate(affected):
        path = guide_copy / "examples" / name
        text = path.read_text(encoding="utf-8")
        text = text.replace("\nid:", "\n# A contributor's note, kept as written.\nid:", 1)
        text = re.sub(r"(\n  flags: \[[^\]]*\])\n", r"\1  # checked by hand\n", text, count=1)
        if number == 0:  # a block list, as some editors write it
            text = re.sub(r"\n  flags: \[([^\]]*)\]  # checked by hand\n",
                          lambda m: "\n  flags:\n" + "".join(f"    - {flag.strip()}\n" for flag in m.group(1).split(",")),
                          text, count=1)
        path.write_text(text, encoding="utf-8")
    before = _examples(guide_copy)
    (guide_copy / "rules" / "pushy-please.yml").write_text(RULE, encoding="utf-8")
    return guide_copy, before, affected


def test_a_new_rule_updates_exactly_the_pairs_it_fires_on_and_nothing_else(with_rule) -> None:
    root, before, affected = with_rule
    check = connecting("check", cwd=root)
    assert check.returncode == 1
    assert sorted({line.split(":")[0].split("/")[1] for line in check.stdout.splitlines()}) == affected
    assert all("[flags-missing]" in line and "`pushy-please`" in line for line in check.stdout.splitlines())

    listed = connecting("flags", cwd=root)
    assert listed.returncode == 1
    heads = [line for line in listed.stdout.splitlines() if not line.startswith("  ")]
    assert sorted(line.split(":")[0].split("/")[1] for line in heads) == affected
    plus = [line for line in listed.stdout.splitlines() if line.startswith("  + ")]
    assert len(plus) == len(affected) and all(re.fullmatch(r"  \+ pushy-please \(suggestion\) at '[Pp]lease'", line)
                                              for line in plus), plus
    assert _examples(root) == before  # listing changes nothing

    written = connecting("flags", "--write", cwd=root)
    assert written.returncode == 0, written.stdout + written.stderr
    after = _examples(root)
    for name, old in before.items():
        if name not in affected:
            assert after[name] == old, name
            continue
        old_lines, new_lines = old.decode().splitlines(keepends=True), after[name].decode().splitlines(keepends=True)
        changed = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
        if len(new_lines) == len(old_lines):  # a flow list: only the flags line differs, by the new id
            [(old_line, new_line)] = changed
            assert old_line.startswith("  flags: [") and old_line.endswith("]  # checked by hand\n")
            assert new_line == old_line.replace("]  # checked by hand", ", pushy-please]  # checked by hand")
        else:  # the block list gained one item, right after its last
            assert len(new_lines) == len(old_lines) + 1 and new_lines.count("    - pushy-please\n") == 1
            position = new_lines.index("    - pushy-please\n")
            assert new_lines[:position] + new_lines[position + 1:] == old_lines
            assert new_lines[position - 1].startswith("    - ")
        assert "# A contributor's note, kept as written.\n" in new_lines

    assert connecting("check", cwd=root).returncode == 0
    again = connecting("flags", cwd=root)
    assert again.returncode == 0 and again.stdout == ""
    assert "OK: the flags of" in again.stderr

    # Taking the rule away again gives back every file byte for byte.
    (root / "rules" / "pushy-please.yml").unlink()
    assert connecting("flags", "--write", cwd=root).returncode == 0
    assert _examples(root) == before


def test_paths_limit_what_is_listed_and_written(with_rule) -> None:
    root, before, affected = with_rule
    one = f"examples/{affected[1]}"
    result = connecting("flags", "--write", one, cwd=root)
    assert result.returncode == 0
    assert result.stdout.startswith(f"{one}:")
    changed = [name for name, text in _examples(root).items() if text != before[name]]
    assert changed == [affected[1]]
    assert connecting("flags", "examples", cwd=root).returncode == 1  # the others still differ
    assert connecting("flags", str(root / "examples" / affected[2]), cwd=root.parent).returncode == 1


@pytest.mark.parametrize(("path", "message"), [
    ("examples/no-such-pair.yml", "connecting flags: examples/no-such-pair.yml does not exist"),
    ("rules/generic-greeting.yml", "connecting flags: rules/generic-greeting.yml is not an example file"),
])
def test_a_path_that_is_not_an_example_is_bad_usage(guide_copy: Path, path: str, message: str) -> None:
    result = connecting("flags", path, cwd=guide_copy)
    assert result.returncode == 2
    assert result.stderr.startswith(message)


def test_a_pair_with_other_problems_is_skipped_and_said_so(guide_copy: Path) -> None:
    assert connecting("new", "--id", "half-written", "--principle", "personal-touch", "--channel", "email",
                      cwd=guide_copy).returncode == 0
    result = connecting("flags", "--write", cwd=guide_copy)
    assert result.returncode == 1
    assert ("connecting flags: examples/half-written.yml: skipped, its problems come first "
            "(run `connecting check` to see them)") in result.stderr


def test_a_broken_rule_stops_it(guide_copy: Path) -> None:
    path = guide_copy / "rules" / "generic-greeting.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: warning", "level: loud"), encoding="utf-8")
    result = connecting("flags", "--write", cwd=guide_copy)
    assert result.returncode == 2
    assert "connecting flags: the rules or channels have 1 problem(s); run `connecting check` to see them" in result.stderr


def test_an_unknown_flag_is_removed_with_its_reason(guide_copy: Path) -> None:
    path = guide_copy / "examples" / "hello-there-cold-invite.yml"
    original = path.read_bytes()
    path.write_bytes(original.replace(b"flags: [generic-greeting, sales-pitch]", b"flags: [generic-greeting, sales-pitch, no-such-rule]"))
    result = connecting("flags", "--write", cwd=guide_copy)
    assert result.returncode == 0
    assert "  - no-such-rule: is not a rule" in result.stdout
    assert path.read_bytes() == original


TEXT = "id: x\ndont:\n  text: \"Hi\"\n  flags: [a]   # note\ndo:\n  text: \"Yo\"\n"


def test_only_the_flags_value_is_rewritten() -> None:
    assert flags_text(TEXT, ["a", "b"]) == TEXT.replace("[a]", "[a, b]")
    assert flags_text(TEXT, []) == TEXT.replace("[a]", "[]")
    crlf = TEXT.replace("\n", "\r\n")
    assert flags_text(crlf, ["b"]) == crlf.replace("[a]", "[b]")
    flow = "id: x\ndont: {text: \"Hi\", flags: [a]}\n"
    assert flags_text(flow, ["c"]) == flow.replace("[a]", "[c]")
    unicode = TEXT.replace('"Hi"', '"Olá 👋🏽, São Paulo"')
    assert flags_text(unicode, ["b"]) == unicode.replace("[a]", "[b]")


def test_a_block_list_with_comments_between_items_is_left_to_the_contributor() -> None:
    text = "dont:\n  text: \"Hi\"\n  flags:\n    - a  # first\n    - b\n"
    with pytest.raises(RewriteError, match="comments between its items"):
        flags_text(text, ["a"])
    plain = "dont:\n  text: \"Hi\"\n  flags:\n  - a\n  - b\n"
    assert flags_text(plain, ["b"]) == "dont:\n  text: \"Hi\"\n  flags:\n  - b\n"
    assert flags_text(plain, []) == "dont:\n  text: \"Hi\"\n  flags: []\n"
