"""Each card links to its file for editing when `extra.source_edit_url` is set, and only then."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, mkdocs_build
from connecting.site import links
from connecting.data.guide import load_guide
from connecting.site.render import example_card

GUIDE = load_guide(REPO)
EXAMPLE = sorted(GUIDE.examples.values(), key=lambda example: example.id)[0]
BASE = "https://github.com/example-org/connecting-guide/edit/main/"


def test_a_card_has_an_edit_link_to_its_own_file_when_a_base_is_given() -> None:
    html = example_card(GUIDE, EXAMPLE, links.PageLinks(lambda url: url, BASE))
    assert f'href="{BASE}examples/{EXAMPLE.id}.yml"' in html
    assert html.count("Edit this example") == 1
    assert html.index("cc-card__edit") < html.index("</article>")  # inside the card, so every page that shows it has it


def test_a_card_has_no_edit_link_without_a_base() -> None:
    assert "cc-card__edit" not in example_card(GUIDE, EXAMPLE, links.PageLinks(lambda url: url))
    assert "cc-card__edit" not in example_card(GUIDE, EXAMPLE, links.PageLinks(lambda url: url, None))


def test_the_setting_is_checked() -> None:
    assert links.edit_base(None) is None and links.edit_base("") is None
    assert links.edit_base("https://example.org/edit/main") == "https://example.org/edit/main/"
    for bad in ("javascript:alert(1)", "//example.org/", 42, ["https://example.org/"]):
        with pytest.raises(ValueError, match="extra.source_edit_url in mkdocs.yml must be an http"):
            links.edit_base(bad)


def test_mkdocs_yml_sets_no_repo_url() -> None:
    # repo_url would make Material ask the code host's API from every page.
    assert not re.search(r"^repo_url:", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)


@pytest.mark.slow  # builds the site more than once
def test_a_build_with_the_setting_links_every_card_and_one_without_links_none(
        guide_copy: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CONNECTING_EDIT_URL", BASE)
    with_links = mkdocs_build(guide_copy, tmp_path / "with")
    assert with_links.returncode == 0, with_links.stderr
    page = tmp_path / "with" / "principles" / EXAMPLE.principle / "index.html"
    html = page.read_text(encoding="utf-8")
    ids = re.findall(r'<article class="cc-card" id="ex-([a-z0-9-]+)"', html)
    assert ids
    for example_id in ids:
        card = html[html.index(f'id="ex-{example_id}"'):]
        card = card[:card.index("</article>")]
        assert f'href="{BASE}examples/{example_id}.yml"' in card, example_id

    # The same setting written in mkdocs.yml instead of the environment.
    monkeypatch.delenv("CONNECTING_EDIT_URL")
    config = guide_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("source_edit_url: !ENV CONNECTING_EDIT_URL", f"source_edit_url: {BASE}"), encoding="utf-8")
    written = mkdocs_build(guide_copy, tmp_path / "written")
    assert written.returncode == 0, written.stderr
    assert f'href="{BASE}examples/{EXAMPLE.id}.yml"' in (
        tmp_path / "written" / "principles" / EXAMPLE.principle / "index.html").read_text(encoding="utf-8")

    config.write_text(text, encoding="utf-8")  # unset: no edit link anywhere
    without = mkdocs_build(guide_copy, tmp_path / "without")
    assert without.returncode == 0, without.stderr
    assert not any("cc-card__edit" in p.read_text(encoding="utf-8") for p in (tmp_path / "without").rglob("*.html"))


def test_a_setting_that_is_not_a_web_address_fails_the_build_in_one_line(
        guide_copy: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CONNECTING_EDIT_URL", "javascript:alert(1)")
    result = mkdocs_build(guide_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "extra.source_edit_url in mkdocs.yml must be an http(s) address" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()
