"""A pair's former ids, principles and channels: each old link leads to one pair only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from connecting.data.guide import load_guide

HEADER = "# yaml-language-server: $schema=../connecting/schemas/example.schema.json\n"


def pair(pair_id: str, name: str, extra: str = "") -> str:
    return HEADER + f"""\
id: {pair_id}
principle: no-robot-messages
channel: email
situation: A designer writes to a bakery owner she met at a breakfast meeting.
dont:
  text: "Hi Firstname! Great to meet you."
  flags: [unfilled-placeholder]
do:
  text: "Hi {name}, it was good to meet you at the Leeds breakfast. How did the pilot with the {name} library go?"
why: The do uses her name and remembers what she said.
{extra}"""


@pytest.fixture
def root(guide_copy: Path) -> Path:
    shutil.rmtree(guide_copy / "examples")
    (guide_copy / "examples").mkdir()
    return guide_copy


def problems(root: Path) -> list[str]:
    return [str(problem) for problem in load_guide(root).problems]


def write(root: Path, pair_id: str, text: str) -> None:
    (root / "examples" / f"{pair_id}.yml").write_text(text, encoding="utf-8")


def test_former_ids_and_places_load(root: Path) -> None:
    write(root, "first-pair", pair("first-pair", "Noor", "former_ids: [old-first, older-first]\n"
                                   "former_principles: [personal-touch]\nformer_channels: [linkedin-message]\n"))
    guide = load_guide(root)
    assert guide.problems == []
    example = guide.examples["first-pair"]
    assert example.former_ids == ("old-first", "older-first")
    assert example.former_principles == ("personal-touch",) and example.former_channels == ("linkedin-message",)


def test_a_former_id_may_not_be_a_current_id(root: Path) -> None:
    write(root, "first-pair", pair("first-pair", "Noor", "former_ids: [second-pair]\n"))
    write(root, "second-pair", pair("second-pair", "Priya"))
    assert problems(root) == [
        "examples/first-pair.yml:12:14: the former id 'second-pair' is the id of examples/second-pair.yml "
        "[former-id-clash] Hint: an old id cannot be used again: remove it from former_ids, or give the other pair a new id"]


def test_a_former_id_may_not_be_the_pairs_own_id(root: Path) -> None:
    write(root, "first-pair", pair("first-pair", "Noor", "former_ids: [first-pair]\n"))
    assert problems(root) == [
        "examples/first-pair.yml:12:14: the former id 'first-pair' is this pair's own id [former-id-clash] "
        "Hint: an old id cannot be used again: remove it from former_ids, or give the other pair a new id"]


def test_two_pairs_may_not_share_a_former_id(root: Path) -> None:
    write(root, "first-pair", pair("first-pair", "Noor", "former_ids: [old-pair]\n"))
    write(root, "second-pair", pair("second-pair", "Priya", "former_ids:\n  - older-pair\n  - old-pair\n"))
    assert problems(root) == [
        "examples/second-pair.yml:14:5: the former id 'old-pair' is also a former id of examples/first-pair.yml "
        "[former-id-clash] Hint: old links can lead to one pair only: keep it in one file"]


def test_a_former_principle_must_exist_and_differ(root: Path) -> None:
    write(root, "first-pair", pair("first-pair", "Noor", "former_principles: [no-robot-messages, personal-tuch]\n"))
    found = problems(root)
    assert len(found) == 2, found
    assert found[0].startswith("examples/first-pair.yml:12:21: `former_principles` lists 'no-robot-messages', "
                               "where the pair still is [former-is-current]")
    assert found[1].startswith("examples/first-pair.yml:12:40: `former_principles[2]` names the principle "
                               "'personal-tuch', which does not exist [unknown-principle] Hint: did you mean `personal-touch`?")


def test_a_former_id_must_look_like_an_id(root: Path) -> None:
    write(root, "first-pair", pair("first-pair", "Noor", "former_ids: [Old Pair]\n"))
    found = problems(root)
    assert len(found) == 1 and found[0].startswith("examples/first-pair.yml:12:14:"), found
