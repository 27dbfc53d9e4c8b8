"""URL shapes have one home (links.py): reading a URL back inverts building it, and the
manifest's fix hints read URLs only through it."""

from __future__ import annotations

import pytest

from conftest import REPO
from connecting.data.guide import load_guide
from connecting.site import links
from connecting.site import url_manifest as manifest

GUIDE = load_guide(REPO)


@pytest.mark.parametrize(("page", "folder"), [(links.example_page, links.EXAMPLES), (links.rule_page, links.RULES),
                                              (links.channel_page, links.CHANNELS),
                                              (links.principle_page, links.PRINCIPLES)])
def test_a_data_page_url_reads_back_as_its_folder_and_key(page, folder) -> None:
    assert links.page_of("/" + page("some-key")) == (folder, "some-key")
    assert links.page_of("/" + page("some-key") + "#anchor") == (folder, "some-key")
    assert links.page_of("/" + links.CHECKER_PAGE) is None and links.page_of("/" + links.GALLERY) is None


def test_anchors_read_back_as_their_pair_or_rule() -> None:
    assert links.card_id_of(links.card_anchor("a-pair")) == "a-pair"
    assert links.rule_id_of(links.rule_anchor("a-rule")) == "a-rule"
    assert links.card_id_of(links.rule_anchor("a-rule")) is None and links.rule_id_of(links.card_anchor("x")) is None
    assert links.card_id_of(links.card_anchor("")) is None


def test_every_url_of_a_pair_points_at_that_pair() -> None:
    urls = links.card_urls_of("a-pair", "some-principle", "some-channel")
    assert [links.pair_shown_at(url) for url in urls] == ["a-pair"] * len(urls)
    assert links.pair_shown_at("/" + links.rule_page("a-pair")) is None
    assert links.pair_shown_at("/" + links.GALLERY) is None


def test_fix_hints_name_the_entry_that_makes_a_url_land_again() -> None:
    example = sorted(GUIDE.examples.values(), key=lambda example: example.id)[0]
    listed = set(manifest.read(REPO))

    def hint(url: str) -> str:
        return manifest.fix_hint(url, GUIDE, listed)

    own = "/" + links.example_page(example.id)
    assert hint(own) == f"the page {own} no longer shows the card of {example.path}: show it there again"
    moved = f"/{links.channel_page('elsewhere')}#{links.card_anchor(example.id)}"
    assert hint(moved) == f"the pair moved away from this channel: add `former_channels: [elsewhere]` to {example.path}"
    assert hint(f"/{links.GALLERY}#{links.card_anchor('gone-pair')}").startswith(
        "the pair `gone-pair` is gone: if it was renamed, add `former_ids: [gone-pair]` to ")
    rule = "the rule `gone-rule` is gone: rules keep their ids, so restore rules/gone-rule.yml"
    assert hint(f"/{links.RULES_INDEX}#{links.rule_anchor('gone-rule')}") == rule
    assert hint("/" + links.rule_page("gone-rule")) == rule
    assert hint(f"/{links.CHECKER_PAGE}#gone") == f"the anchor #gone is gone from /{links.CHECKER_PAGE}: put it back"
    assert hint("/old/page/").startswith("the page moved or was removed: add `old/page.md: <its new page>.md`")


def test_the_manifest_and_the_cli_spell_no_url_themselves() -> None:
    for path in ("connecting/site/url_manifest.py", "connecting/tools/cli.py", "connecting/tools/new_pair.py"):
        code = "\n".join(line for line in (REPO / path).read_text(encoding="utf-8").splitlines()
                         if not line.lstrip().startswith("#"))
        for shape in ('"ex-', "'ex-", "#ex-", '"rule-', "#rule-", '"/examples', '"/rules', '"/channels',
                      '"/principles', '== "principles"', '== "channels"', '== "rules"'):
            assert shape not in code, f"{path} spells {shape}: use connecting/site/links.py"
