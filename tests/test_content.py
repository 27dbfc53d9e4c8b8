"""The guide's content holds the shape the issue asks for, counted from the data itself."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from conftest import REPO
from connecting.engine import textclass
from connecting.data.guide import load_guide
from connecting.data.model import FAILING_LEVELS, passes

GUIDE = load_guide(REPO)
ARTICLE = REPO.parent / "shared" / "source" / "article.txt"
REQUIRED_PRINCIPLES = {"human-on-the-other-side", "networking-event-test", "fans-not-collected", "no-robot-messages",
                       "personal-touch", "know-like-trust", "pause-before-you-post", "be-transparent"}
REQUIRED_CHANNELS = {"twitter-dm", "linkedin-invite", "linkedin-message", "facebook-message", "instagram-dm", "email",
                     "comment"}


def test_principles_and_channels_exist() -> None:
    assert REQUIRED_PRINCIPLES <= set(GUIDE.principles)
    assert REQUIRED_CHANNELS <= set(GUIDE.channels)
    assert GUIDE.channels["linkedin-invite"].limit == 200
    assert GUIDE.channels["linkedin-invite"].stages == ("first",)
    assert GUIDE.channels["email"].limit is None
    for channel in GUIDE.channels.values():
        assert channel.limit_source and re.fullmatch(r"\d{4}-\d{2}", channel.limit_as_of)


MIN_PAIRS = 100
MIN_PER_PRINCIPLE = 10
MIN_PER_CHANNEL = 10
MIN_PAIRS_PER_FAILING_RULE = 3


def test_enough_pairs_in_all() -> None:
    assert len(GUIDE.examples) >= MIN_PAIRS, len(GUIDE.examples)


def test_enough_pairs_for_every_principle() -> None:
    per_principle = Counter(example.principle for example in GUIDE.examples.values())
    thin = {p: per_principle[p] for p in set(GUIDE.principles) | REQUIRED_PRINCIPLES if per_principle[p] < MIN_PER_PRINCIPLE}
    assert not thin, f"principles with fewer than {MIN_PER_PRINCIPLE} pairs: {thin}"


def test_enough_pairs_for_every_channel() -> None:
    per_channel = Counter(example.channel for example in GUIDE.examples.values())
    thin = {c: per_channel[c] for c in GUIDE.channels if per_channel[c] < MIN_PER_CHANNEL}
    assert not thin, f"channels with fewer than {MIN_PER_CHANNEL} pairs: {thin}"


def test_every_channel_that_takes_replies_has_a_reply_pair() -> None:
    replied = {example.channel for example in GUIDE.examples.values() if example.stage == "reply"}
    missing = {c.id for c in GUIDE.channels.values() if "reply" in c.stages} - replied
    assert not missing, f"channels that allow replies but have no reply pair: {sorted(missing)}"


def test_every_failing_rule_is_taught_by_enough_pairs() -> None:
    """Each rule of level error or warning is named in the flags of at least three pairs."""
    per_rule = Counter(flag for example in GUIDE.examples.values() for flag in example.flags)
    failing = [rule for rule in GUIDE.ruleset.rules if rule.level in FAILING_LEVELS]
    assert len(failing) >= 10
    thin = {rule.id: per_rule[rule.id] for rule in failing if per_rule[rule.id] < MIN_PAIRS_PER_FAILING_RULE}
    assert not thin, f"rules named in the flags of fewer than {MIN_PAIRS_PER_FAILING_RULE} pairs: {thin}"


def test_at_least_half_of_the_donts_teach_one_mistake() -> None:
    single = sum(1 for example in GUIDE.examples.values() if len(example.flags) == 1)
    assert single * 2 >= len(GUIDE.examples), (single, len(GUIDE.examples))


def test_every_dont_fails_and_every_do_passes() -> None:
    for example in GUIDE.examples.values():
        channel = GUIDE.channels[example.channel]
        assert not passes(GUIDE.ruleset.evaluate(example.dont_text, channel, example.stage)), example.id
        assert passes(GUIDE.ruleset.evaluate(example.do_text, channel, example.stage)), example.id


def test_principle_pages_have_every_section_and_embed_their_pairs() -> None:
    for principle in REQUIRED_PRINCIPLES:
        text = (REPO / "docs" / "principles" / f"{principle}.md").read_text(encoding="utf-8")
        for heading in ("## What it means", "## Why it matters", "## At a networking event", "## Examples"):
            assert heading in text, (principle, heading)
        assert f'{{{{ examples(principle="{principle}") }}}}' in text
        assert re.search(r"^title: .+", text, re.MULTILINE), principle


# An unhurried reader takes in about 200 words a minute; the test, read and
# answered, must fit well inside one.
ONE_MINUTE_TEST_WORDS = 150


def _section(text: str, heading: str) -> str:
    start = text.index(heading) + len(heading)
    following = text.find("\n## ", start)
    return text[start:following if following != -1 else len(text)]


def test_home_page_asks_the_question_and_holds_a_one_minute_test() -> None:
    text = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    opening = text[text.index("\n# "):text.index("\n## ")]
    # The page's own words, without its title and without the article's title quoted in it.
    own_words = re.sub(r'"[^"]*"', "", opening.split("\n", 2)[2])
    asked = re.findall(r"[^.?!]*\bcollecting\b[^.?!]*\bconnecting\b[^.?!]*\?", own_words, re.IGNORECASE)
    assert asked, "the home page's opening must ask the reader: collecting or connecting?"
    test = _section(text, "## The networking-event test")
    questions = re.findall(r"^\d+\. (.+)$", test, re.MULTILINE)
    assert 3 <= len(questions) <= 6, questions
    assert all(question.endswith("?") for question in questions), questions
    assert len(test.split()) <= ONE_MINUTE_TEST_WORDS, len(test.split())


def _word_runs(text: str, size: int) -> set[str]:
    words = [textclass.fold(word) for word in textclass.word_texts(text)]
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def _guide_texts() -> dict[str, str]:
    texts = {path.relative_to(REPO).as_posix(): path.read_text(encoding="utf-8") for path in (REPO / "docs").rglob("*.md")}
    for folder in ("examples", "rules"):
        for path in (REPO / folder).glob("*.yml"):
            texts[path.relative_to(REPO).as_posix()] = path.read_text(encoding="utf-8")
    return texts


def test_no_sentence_is_copied_from_the_article() -> None:
    """No run of eight words of the article appears anywhere in the guide's text (titles we cite excepted)."""
    source = ARTICLE.read_text(encoding="utf-8")
    for title in ("Social Networking: Are You Collecting or Connecting?",
                  "Step into the Spotlight: A Guide to Getting Noticed"):
        assert title in source
        source = source.replace(title, " titlecitedhere ")
    article = _word_runs(source, 8)
    assert article
    for name, text in _guide_texts().items():
        copied = _word_runs(text, 8) & article
        assert not copied, (name, sorted(copied)[:3])


def test_the_article_and_the_book_are_credited() -> None:
    about = (REPO / "docs" / "about.md").read_text(encoding="utf-8")
    assert "Collecting or Connecting?" in about
    assert "Step into the Spotlight" in about and "Tsufit" in about


def test_mark_planes_hold_every_combining_mark() -> None:
    """The word scan only looks for marks in MARK_PLANES; a full scan finds no others."""
    everything = textclass._ranges_where(textclass._is_mark)
    assert everything == textclass.mark_ranges()


def test_each_schema_is_a_valid_json_schema_and_data_files_announce_theirs() -> None:
    from jsonschema import Draft7Validator

    from connecting.data.schema import SCHEMAS, schema

    for name in SCHEMAS:
        Draft7Validator.check_schema(schema(name))
    for folder, name in (("examples", "example"), ("rules", "rule")):
        for path in (REPO / folder).glob("*.yml"):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema=../connecting/schemas/{name}.schema.json", path
