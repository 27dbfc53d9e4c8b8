"""Every class of bad input gets one exact, located, friendly problem line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import only_problem, problem_lines

HEADER = "# yaml-language-server: $schema=../connecting/schemas/example.schema.json\n"
GOOD = HEADER + """\
id: good-pair
principle: no-robot-messages
channel: email
situation: A designer writes to a bakery owner she met at a breakfast meeting.
dont:
  text: "Hi Firstname! Great to meet you."
  flags: [unfilled-placeholder]
do:
  text: "Hi Noor, it was good to meet you at the Leeds breakfast. How did the pilot with the library go?"
why: The do uses her name and remembers what she said.
"""


@pytest.fixture
def root(guide_copy: Path) -> Path:
    shutil.rmtree(guide_copy / "examples")
    (guide_copy / "examples").mkdir()
    return guide_copy


def write(root: Path, rel: str, text: str | bytes) -> None:
    path = root / rel
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def test_the_good_pair_is_clean(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD)
    assert problem_lines(root) == []


def test_malformed_yaml(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("  flags: [unfilled-placeholder]", "  flags: [unfilled-placeholder"))
    line = only_problem(root)
    assert line.startswith("examples/good-pair.yml:9:3: this is not valid YAML: while parsing a flow sequence"
                           " that starts on line 8, column 10, did not find expected ',' or ']'"), line
    assert line.endswith("[yaml-syntax] Hint: check the indentation, and put text containing `: ` or `#` in quotes")


def test_not_utf8(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("Great", "Caf\u00e9").encode("latin-1"))
    assert only_problem(root) == (
        "examples/good-pair.yml:7:27: this file is not UTF-8 text (byte 0xE9 cannot be read) [not-utf8]"
        " Hint: save the file with UTF-8 encoding in your editor")


def test_missing_field(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("why: The do uses her name and remembers what she said.\n", ""))
    assert only_problem(root) == (
        "examples/good-pair.yml:2:1: `why` is missing [missing-field]"
        " Hint: Why the do works where the don't does not, in a sentence or two.")


def test_missing_nested_field(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace('  text: "Hi Firstname! Great to meet you."\n', ""))
    assert only_problem(root).startswith("examples/good-pair.yml:7:3: `dont.text` is missing [missing-field]")


def test_unknown_field_suggests_the_right_one(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("  flags:", "  flag:"))
    # One problem, at the misspelt key: not a second one saying that `flags` is missing.
    assert problem_lines(root) == [
        "examples/good-pair.yml:8:3: `dont.flag` is not a known field [unknown-field]"
        " Hint: did you mean `flags` (which is missing)? the fields here are: flags, text",
    ]
    # A key that is merely unknown, beside a field that is there, is suggested plainly.
    write(root, "examples/good-pair.yml", GOOD.replace("  flags:", "  flag: []\n  flags:"))
    assert problem_lines(root) == [
        "examples/good-pair.yml:8:3: `dont.flag` is not a known field [unknown-field]"
        " Hint: did you mean `flags`? the fields here are: flags, text",
    ]


def test_wrong_type(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("situation: A designer", "situation:\n  - A designer"))
    assert only_problem(root).startswith("examples/good-pair.yml:6:3: `situation` should be text, found a list [wrong-type]")


def test_yes_is_read_as_true(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace('  text: "Hi Noor', "  text: yes\n  x: \"Hi Noor"))
    lines = problem_lines(root)
    assert any(line.startswith("examples/good-pair.yml:10:9: `do.text` should be text, found true (YAML reads yes/no")
               for line in lines), lines


def test_bad_id_format(root: Path) -> None:
    write(root, "examples/Good Pair.yml", GOOD.replace("id: good-pair", "id: Good Pair"))
    lines = problem_lines(root)
    assert lines[0].startswith("examples/Good Pair.yml:2:5: `id` is the text 'Good Pair', which is not in the expected form [bad-format]")
    assert "lower-case words joined by hyphens" in lines[0]


def test_id_must_equal_the_file_name(root: Path) -> None:
    write(root, "examples/other-name.yml", GOOD)
    assert only_problem(root) == (
        "examples/other-name.yml:2:5: `id` is 'good-pair' but the file is named other-name.yml [id-mismatch]"
        " Hint: make them the same: id: other-name, or rename the file")


def test_duplicate_channel_id(root: Path) -> None:
    text = (root / "data/channels.yml").read_text(encoding="utf-8")
    text = text.replace("  - id: comment\n", "  - id: email\n")
    write(root, "data/channels.yml", text)
    lines = problem_lines(root)
    assert any(line.startswith("data/channels.yml:") and "the channel id 'email' is used twice [duplicate-id]" in line
               for line in lines), lines


def test_duplicate_key_is_never_silently_dropped(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("why: The do", "why: First why.\nwhy: The do"))
    assert only_problem(root).startswith(
        "examples/good-pair.yml:12:1: the field `why` is written twice (first on line 11); YAML would silently keep only the second [duplicate-key]")


@pytest.mark.parametrize("blank", ['""', '"   "', "' \t '"])
def test_empty_or_blank_text(root: Path, blank: str) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace('"Hi Noor, it was good to meet you at the Leeds breakfast. How did the pilot with the library go?"', blank))
    assert only_problem(root).startswith("examples/good-pair.yml:10:9: `do.text` is empty [empty-text]")


def test_unknown_principle_suggests(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("principle: no-robot-messages", "principle: no-robot-message"))
    line = only_problem(root)
    assert line.startswith("examples/good-pair.yml:3:12: `principle` names the principle 'no-robot-message', which does not exist [unknown-principle]")
    assert "did you mean `no-robot-messages`?" in line


def test_unknown_channel(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("channel: email", "channel: e-mail"))
    assert only_problem(root).startswith("examples/good-pair.yml:4:10: `channel` names the channel 'e-mail', which does not exist [unknown-channel] Hint: did you mean `email`?")


def test_unknown_stage(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("channel: email", "channel: email\nstage: second"))
    line = only_problem(root)
    assert line.startswith("examples/good-pair.yml:5:8: `stage` is the text 'second'; expected one of: first, reply [not-allowed]")


def test_stage_the_channel_does_not_have(root: Path) -> None:
    text = GOOD.replace("channel: email", "channel: linkedin-invite\nstage: reply")
    write(root, "examples/good-pair.yml", text)
    assert only_problem(root).startswith("examples/good-pair.yml:5:8: LinkedIn connection request note has no 'reply' stage [stage-not-on-channel]")


def test_unknown_flag(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("flags: [unfilled-placeholder]", "flags: [unfilled-placeholder, no-such-rule]"))
    assert only_problem(root) == ("examples/good-pair.yml:8:33: `dont.flags[2]` names the rule 'no-such-rule', which does not exist [unknown-rule]"
        " Hint: the rule ids are the file names in rules/")


def test_flag_missing_shows_the_match(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("Great to meet you.", "Great to connect here."))
    assert only_problem(root) == (
        "examples/good-pair.yml:8:10: rule `automated-boilerplate` flags the don't text at 'Great to connect here' "
        "(email, first), but `dont.flags` does not list it [flags-missing] "
        "Hint: add automated-boilerplate to dont.flags (`connecting flags --write examples/good-pair.yml` does it "
        "for you), or reword the text")


def test_flag_extra(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("flags: [unfilled-placeholder]", "flags: [unfilled-placeholder, generic-greeting]"))
    assert only_problem(root).startswith(
        "examples/good-pair.yml:8:33: `dont.flags` lists `generic-greeting`, but that rule finds nothing in the don't text (email, first) [flags-extra]")


def test_dont_that_passes(root: Path) -> None:
    text = GOOD.replace('"Hi Firstname! Great to meet you."', '"Hi Sam! Great to meet you."')
    write(root, "examples/good-pair.yml", text)
    lines = problem_lines(root)
    assert lines == [
        "examples/good-pair.yml:7:9: the don't text passes every rule (email, first): it must show at least one mistake "
        "of level error or warning [dont-passes] Hint: make the mistake clear, or propose a rule that catches it",
        "examples/good-pair.yml:8:11: `dont.flags` lists `unfilled-placeholder`, but that rule finds nothing in the "
        "don't text (email, first) [flags-extra] Hint: remove unfilled-placeholder from dont.flags, or make the text show that mistake",
    ]


def test_do_that_fails(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("How did the pilot", "F4F? How did the pilot"))
    assert only_problem(root).startswith(
        "examples/good-pair.yml:10:9: the do text fails rule `follow-for-follow` (error) at 'F4F' (email, first):")


def test_do_over_the_channel_limit(root: Path) -> None:
    long_do = "Hi Noor, " + "it was good to meet you at the Leeds breakfast and hear about the library pilot. " * 3
    text = GOOD.replace("channel: email", "channel: linkedin-invite").replace(
        '"Hi Noor, it was good to meet you at the Leeds breakfast. How did the pilot with the library go?"', f'"{long_do.strip()}"')
    write(root, "examples/good-pair.yml", text)
    line = only_problem(root)
    assert line.startswith("examples/good-pair.yml:10:9: the do text fails rule `over-channel-limit` (error)"), line
    assert f"({len(long_do.strip())} of 200 characters)" in line


def test_same_do_text_twice_names_both_files(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD)
    write(root, "examples/good-pair-two.yml", GOOD.replace("id: good-pair", "id: good-pair-two").replace("library go?", "library go, Noor?"))
    assert only_problem(root).startswith(
        "examples/good-pair.yml:10:9: this do text is 0.95 similar to the do text of examples/good-pair-two.yml:10 (the limit is 0.80) [same-message]")


def test_a_file_with_another_extension_is_reported(root: Path) -> None:
    write(root, "examples/good-pair.yaml", GOOD)
    assert only_problem(root).startswith("examples/good-pair.yaml:1:1: examples/ holds only .yml data files, so this one is not read [not-a-data-file]")


def test_empty_file(root: Path) -> None:
    write(root, "examples/good-pair.yml", HEADER)
    assert only_problem(root).startswith("examples/good-pair.yml:1:1: this file is empty [empty-file]")


def test_every_problem_is_reported_in_one_run(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("channel: email", "channel: e-mail"))
    write(root, "examples/other.yml", GOOD.replace("id: good-pair", "id: other").replace("why:", "wy:"))
    write(root, "examples/third.yml", b"\xff")
    lines = problem_lines(root)
    assert [line.split(":")[0] for line in lines] == [
        "examples/good-pair.yml", "examples/other.yml", "examples/third.yml"]


def test_pattern_outside_the_portable_subset_names_its_column(root: Path) -> None:
    path = root / "rules/shouting-punctuation.yml"
    text = path.read_text(encoding="utf-8").replace("pattern: '[!?]{4,1000}", "pattern: '\\b[!?]{4,1000}")
    path.write_text(text, encoding="utf-8")
    line = next(line for line in problem_lines(root) if line.startswith("rules/shouting-punctuation.yml"))
    number = text.splitlines().index(next(l for l in text.splitlines() if l.startswith("  pattern:"))) + 1
    assert line.startswith(f"rules/shouting-punctuation.yml:{number}:13: pattern column 1: `\\b` means different things"), line


def test_rule_case_that_does_not_fire(root: Path) -> None:
    path = root / "rules/follow-for-follow.yml"
    text = path.read_text(encoding="utf-8").replace('    - "F4F? I always follow back."', '    - "Lovely to meet you."')
    path.write_text(text, encoding="utf-8")
    line = only_problem(root)
    assert line.startswith("rules/follow-for-follow.yml:")
    assert "rule `follow-for-follow` does not flag its case 'Lovely to meet you.' (any channel, first) [case-not-flagged]" in line


def test_unknown_example_in_a_page(root: Path) -> None:
    write(root, "docs/extra.md", "# Extra\n\nSome text.\n\n  {{ example(\"no-such-pair\") }}\n")
    assert only_problem(root).startswith(
        "docs/extra.md:5:6: `example(...)` names the example 'no-such-pair', which does not exist [unknown-example]")


def test_an_unknown_yaml_tag_is_a_problem_not_a_crash(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("why: The do", "why: !python/object:os.system The do"))
    line = only_problem(root)
    assert line == ("examples/good-pair.yml:11:6: the YAML tag `!python/object:os.system` is not allowed in the guide's data"
                    " [yaml-tag] Hint: remove the tag and write the value as plain text"), line


def test_a_value_yaml_cannot_read_is_reported(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("why: The do uses her name and remembers what she said.", "why: 2026-13-45"))
    assert only_problem(root) == (
        "examples/good-pair.yml:11:6: cannot read the value '2026-13-45' as timestamp [yaml-value] Hint: put text in quotes")


def test_a_mapping_used_as_a_key_is_reported(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("why: The do", "? [a, b]\n: x\nwhy: The do"))
    assert only_problem(root).startswith("examples/good-pair.yml:11:3: the key")


def test_anchors_and_aliases_are_refused_without_expanding_them(root: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n"
    write(root, "examples/good-pair.yml", bomb)
    lines = problem_lines(root)
    assert any(line.startswith("examples/good-pair.yml:1:4: this value is reused through a YAML anchor and alias") for line in lines), lines


def test_merge_keys_are_refused(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("why: The do", "base: &base {x: 1}\n<<: *base\nwhy: The do"))
    lines = problem_lines(root)
    assert any(line.startswith("examples/good-pair.yml:12:1: YAML merge keys (<<) are not allowed") for line in lines), lines


def test_a_control_character_is_located(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("Great to meet", "Great\x07 to meet"))
    assert only_problem(root) == (
        "examples/good-pair.yml:7:29: this file holds a character that YAML does not allow (U+0007) [yaml-character]"
        " Hint: delete it: it is often an invisible control character pasted from elsewhere")


def test_tab_indentation_gets_a_tab_hint(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("  flags: [unfilled-placeholder]", "\tflags: [unfilled-placeholder]"))
    assert only_problem(root).endswith("[yaml-syntax] Hint: indent with spaces, not tabs")


def test_a_broken_channels_file_is_reported_once_not_in_every_example(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD)
    path = root / "data" / "channels.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("limit: 200\n", "limit: 0\n"), encoding="utf-8")
    lines = problem_lines(root)
    assert len(lines) == 1 and lines[0].startswith("data/channels.yml:"), lines


def test_a_broken_rule_is_reported_once_not_in_every_pair_that_names_it(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD)
    path = root / "rules" / "unfilled-placeholder.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: error", "level: severe"), encoding="utf-8")
    lines = problem_lines(root)
    assert [line.split(":")[0] for line in lines] == ["rules/unfilled-placeholder.yml"], lines


def test_macro_calls_are_found_inside_filters_and_blocks(root: Path) -> None:
    write(root, "docs/extra.md", '# Extra\n\n{{ example("nope") | safe }}\n{% set x = examples(principle="nope") %}\n')
    assert [line.split(" [")[0] for line in problem_lines(root)] == [
        "docs/extra.md:3:4: `example(...)` names the example 'nope', which does not exist",
        "docs/extra.md:4:12: `examples(...)` names the principle 'nope', which does not exist",
    ]


def test_a_page_whose_macro_text_does_not_parse_is_reported_before_building(root: Path) -> None:
    write(root, "docs/extra.md", '# Extra\n\nText.\n\n{{ example("x" }}\n')
    assert only_problem(root).startswith("docs/extra.md:5:1: the macro text on this line does not parse:")


def test_a_pattern_column_counts_escapes_as_written(root: Path) -> None:
    path = root / "rules/sales-pitch.yml"
    # An escape written at the very end of the pattern's line, where the column is easy to count.
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, l in enumerate(lines) if l.startswith("  pattern:"))
    assert lines[at].endswith("'\n")
    lines[at] = lines[at][:-2] + "\\b'\n"
    text = "".join(lines)
    path.write_text(text, encoding="utf-8")
    line = next(line for line in problem_lines(root) if line.startswith("rules/sales-pitch.yml"))
    number = next(i for i, l in enumerate(text.splitlines(), 1) if l.startswith("  pattern:"))
    column = text.splitlines()[number - 1].index("\\b'") + 1
    assert line.startswith(f"rules/sales-pitch.yml:{number}:{column}: pattern column "), (line, column)


def test_a_placeholder_from_connecting_new_asks_to_be_filled_in(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("why: The do uses her name and remembers what she said.",
                                                      'why: "FILL IN: why the do works"'))
    assert only_problem(root) == (
        "examples/good-pair.yml:11:6: fill in `why`: it still holds the placeholder 'FILL IN: why the do works' "
        "[unfilled] Hint: Why the do works where the don't does not, in a sentence or two.")


def test_a_placeholder_is_only_a_placeholder_at_the_start(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("why: The do uses her name and remembers what she said.",
                                                      "why: \"Nobody wants a 'FILL IN: name' note. The do uses her name.\""))
    assert problem_lines(root) == []


def test_empty_flags_name_each_rule_the_ruleset_finds(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("flags: [unfilled-placeholder]", "flags: []"))
    assert only_problem(root) == (
        "examples/good-pair.yml:8:10: rule `unfilled-placeholder` flags the don't text at 'Firstname' (email, first), "
        "but `dont.flags` does not list it [flags-missing] Hint: add unfilled-placeholder to dont.flags "
        "(`connecting flags --write examples/good-pair.yml` does it for you), or reword the text")


def test_a_flag_listed_twice(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("flags: [unfilled-placeholder]",
                                                      "flags: [unfilled-placeholder, unfilled-placeholder]"))
    assert only_problem(root) == (
        "examples/good-pair.yml:8:10: `dont.flags` lists the same item twice [repeated-item] Hint: keep each item once")


def test_flags_written_as_text_instead_of_a_list(root: Path) -> None:
    write(root, "examples/good-pair.yml", GOOD.replace("flags: [unfilled-placeholder]", "flags: unfilled-placeholder"))
    assert only_problem(root).startswith(
        "examples/good-pair.yml:8:10: `dont.flags` should be a list, found the text 'unfilled-placeholder' [wrong-type]")


def test_an_unknown_rule_field(root: Path) -> None:
    path = root / "rules" / "generic-greeting.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: warning", "level: warning\nlevle: error"), encoding="utf-8")
    line = only_problem(root)
    assert line.startswith("rules/generic-greeting.yml:5:1: `levle` is not a known field [unknown-field] Hint: did you mean `level`?"), line


def test_a_bad_rule_level(root: Path) -> None:
    path = root / "rules" / "generic-greeting.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: warning", "level: loud"), encoding="utf-8")
    assert only_problem(root).startswith(
        "rules/generic-greeting.yml:4:8: `level` is the text 'loud'; expected one of: error, warning, suggestion [not-allowed]")


def test_a_rule_without_a_title(root: Path) -> None:
    # Readers meet a rule by its title (the slug is only its address): a rule file without one is
    # located like any missing field, with a hint that says what to write.
    path = root / "rules" / "follow-for-follow.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Follow for follow\n", ""), encoding="utf-8")
    line = only_problem(root)
    assert line.startswith("rules/follow-for-follow.yml:2:1: `title` is missing [missing-field] Hint: "
                           "The rule's name for readers: a few plain words such as \"Follow for follow\""), line


def test_a_blank_or_long_rule_title(root: Path) -> None:
    path = root / "rules" / "follow-for-follow.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Follow for follow\n", 'title: "  "\n'), encoding="utf-8")
    assert only_problem(root).startswith("rules/follow-for-follow.yml:3:8: `title` is empty [empty-text]")
    path.write_text(text.replace("title: Follow for follow\n", f"title: {'Follow back ' * 5}\n"), encoding="utf-8")
    assert only_problem(root).startswith("rules/follow-for-follow.yml:3:8: `title` is the text 'Follow back ")


def test_a_channel_limit_out_of_range(root: Path) -> None:
    path = root / "data" / "channels.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("limit: 200\n", "limit: -5\n"), encoding="utf-8")
    line = only_problem(root)
    assert re.match(r"data/channels\.yml:\d+:12: `channels\[\d+\]\.limit` is the number -5: .* \[out-of-range\]", line), line


def test_macro_calls_are_checked_against_the_macros_own_signatures(root: Path) -> None:
    from connecting.site import page_macros

    write(root, "docs/extra.md", '# Extra\n\n{{ rules(channel="email") }} {{ rules(principle="nope") }}\n'
                                 '{{ example() }}\n{{ gallery("x") }}\n{{ example(id=some_variable) }}\n')
    lines = [line.split(" Hint:")[0] for line in problem_lines(root)]
    taken = ", ".join(parameter.name for parameter in page_macros.parameters("rules"))
    assert lines == [
        f"docs/extra.md:3:4: `rules(...)` takes no argument 'channel'; {taken} only [macro-arguments]",
        "docs/extra.md:3:33: `rules(...)` names the principle 'nope', which does not exist [unknown-principle]",
        "docs/extra.md:4:4: `example(...)` needs id [macro-arguments]",
        "docs/extra.md:5:4: `gallery(...)` is given 1 argument; `gallery(...)` takes no arguments [macro-arguments]",
        "docs/extra.md:6:4: the argument 'id' of `example(...)` must be plain quoted text [macro-arguments]",
    ]


@pytest.mark.parametrize(("change", "said"), [
    (("      pattern: 'https?:", "      patern: 'https?:"), "a signal needs `phrases`"),
    (("      pattern: '(?:thanks|thank you)", "      patterns: '(?:thanks|thank you)"),
     "`ignore_case` belongs to a signal's `pattern`"),
])
def test_a_signal_written_wrong_is_explained_in_plain_words(root: Path, change: tuple[str, str], said: str) -> None:
    path = root / "rules" / "thanks-then-pitch.yml"
    text = path.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    lines = [line for line in problem_lines(root) if line.startswith("rules/thanks-then-pitch.yml:")]
    assert any(said in line for line in lines), lines

