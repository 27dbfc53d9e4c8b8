"""Links that never break: the URL manifest against the built site, renames and moves, internal links."""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path

import pytest
from urllib.parse import urljoin, urlsplit

import yaml

from conftest import REPO, connecting, mkdocs_build
from connecting.site import generated_pages as generated
from connecting.site import url_manifest as manifest
from connecting.data.guide import load_guide
from connecting.site.links import CHECKER_PAGE, card_urls_of
from connecting.data.model import passes

GUIDE = load_guide(REPO)
# On the checker, a fragment carries a draft (#channel=...&text=...), not an anchor.
DRAFT_PAGES = {f"/{CHECKER_PAGE}"}


def test_the_manifest_is_sorted_unique_and_merges_by_union() -> None:
    lines = (REPO / manifest.MANIFEST).read_text(encoding="utf-8").splitlines()
    assert lines == sorted(set(lines)) and all(line.startswith("/") for line in lines)
    assert "urls.txt merge=union" in (REPO / ".gitattributes").read_text(encoding="utf-8").splitlines()


def test_every_url_in_the_manifest_still_lands(built_site: Path) -> None:
    broken, _ = manifest.check(built_site, REPO, GUIDE)
    assert not broken, "\n".join(broken)


def test_every_published_url_is_in_the_manifest(built_site: Path) -> None:
    _, missing = manifest.check(built_site, REPO, GUIDE)
    assert not missing, "these URLs are published but not in urls.txt: run `make urls`\n" + "\n".join(missing)


def test_the_manifest_lists_every_page_and_card_the_data_makes(built_site: Path) -> None:
    listed = set(manifest.read(REPO))
    published = manifest.published(manifest.read_site(built_site))
    for example in GUIDE.examples.values():
        assert set(card_urls_of(example.id, example.principle, example.channel)) <= published, example.id  # the pages agree with card_urls
        assert set(card_urls_of(example.id, example.principle, example.channel)) <= listed, example.id
    for rule in GUIDE.ruleset.rules:
        assert {f"/rules/{rule.id}/", f"/rules/#rule-{rule.id}"} <= listed
    for channel in GUIDE.channels:
        assert f"/channels/{channel}/" in listed


def test_adding_urls_never_removes_one(tmp_path: Path) -> None:
    (tmp_path / manifest.MANIFEST).write_text("/gone/\n/a/\n", encoding="utf-8")
    assert manifest.add(tmp_path, ["/b/", "/a/"]) == ["/b/"]
    assert manifest.read(tmp_path) == ["/a/", "/b/", "/gone/"]


def test_connecting_urls_adds_a_new_pair_from_its_data(guide_copy: Path) -> None:
    source = sorted(GUIDE.examples.values(), key=lambda example: example.id)[0]
    data = yaml.safe_load((guide_copy / "examples" / f"{source.id}.yml").read_text(encoding="utf-8"))
    data["id"] = "zz-brand-new-pair"
    (guide_copy / "examples" / "zz-brand-new-pair.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    before = manifest.read(guide_copy)
    result = connecting("urls", "--example", "zz-brand-new-pair", str(guide_copy), cwd=guide_copy)
    assert result.returncode == 0, result.stderr
    new = load_guide(guide_copy).examples["zz-brand-new-pair"]
    assert set(manifest.read(guide_copy)) == set(before) | set(card_urls_of(new.id, new.principle, new.channel))
    assert "5 new URL(s)" in result.stdout
    missing = connecting("urls", "--example", "no-such-pair", str(guide_copy), cwd=guide_copy)
    assert missing.returncode == 1 and "examples/no-such-pair.yml" in missing.stderr


def _element(html: str, element_id: str) -> int:
    match = re.search(rf'\sid="{re.escape(element_id)}"', html)
    assert match, f"no element #{element_id}"
    return match.start()


def assert_lands_on_pair(site: Path, pages: dict[str, manifest.SitePage], url: str, example_id: str) -> None:
    """Follow the URL as a browser would (redirects, then a moved pair's pointer) to the pair's card."""
    page, fragment = manifest.land(pages, url)
    assert page is not None and page.redirect is None, url
    html = (site / page.url.lstrip("/") / "index.html").read_text(encoding="utf-8")
    card = f'<article class="cc-card" id="ex-{example_id}"'
    if not fragment:
        assert card in html, url
        return
    at = _element(html, fragment)
    moved = html.rfind('<p class="cc-moved"', 0, at + 1)
    if moved != -1 and html.find("</p>", moved) > at:  # a pointer left where the pair used to be
        href = re.search(r'<a class="cc-moved__link" href="([^"]+)"', html[moved:]).group(1)
        target = urlsplit(urljoin(page.url, href))
        assert target.fragment == f"ex-{example_id}", url
        assert_lands_on_pair(site, pages, f"{target.path}#{target.fragment}", example_id)
        return
    start = html.index(card)
    assert start <= at < html.index("</article>", start), f"{url} lands outside the card of {example_id}"


@pytest.mark.slow  # builds the site more than once
def test_a_renamed_pair_keeps_every_old_url(guide_copy: Path, tmp_path: Path) -> None:
    example = sorted(GUIDE.examples.values(), key=lambda example: example.id)[0]
    old, new = example.id, f"{example.id}-renamed"
    path = guide_copy / "examples" / f"{old}.yml"
    text = path.read_text(encoding="utf-8").replace(f"\nid: {old}\n", f"\nid: {new}\n")
    path.unlink()
    renamed = guide_copy / "examples" / f"{new}.yml"
    renamed.write_text(text, encoding="utf-8")
    old_urls = [url for url in manifest.read(guide_copy) if url.endswith((f"/{old}/", f"#ex-{old}"))]
    assert len(old_urls) == len(card_urls_of(example.id, example.principle, example.channel))

    site = tmp_path / "site"
    assert mkdocs_build(guide_copy, site).returncode == 0
    broken, missing = manifest.check(site, guide_copy)
    assert len(broken) == len(old_urls)
    for line in broken:
        assert f"add `former_ids: [{old}]` to examples/{new}.yml" in line, line
    assert set(missing) >= {url.replace(old, new) for url in old_urls}
    report = connecting("urls", "--check", "--site", str(site), str(guide_copy), cwd=guide_copy)
    assert report.returncode == 1 and "run `make urls`" in report.stdout and f"former_ids: [{old}]" in report.stdout

    renamed.write_text(text + f"former_ids: [{old}]\n", encoding="utf-8")
    assert load_guide(guide_copy).ok
    result = mkdocs_build(guide_copy, site)
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    broken, missing = manifest.check(site, guide_copy)
    assert broken == []
    pages = manifest.read_site(site)
    for url in old_urls:
        assert_lands_on_pair(site, pages, url, new)
    assert pages[f"/examples/{old}/"].redirect == f"/examples/{new}/"
    # The new URLs go into the manifest, and nothing leaves it.
    manifest.add(guide_copy, manifest.published(pages))
    assert manifest.check(site, guide_copy) == ([], [])
    assert set(old_urls) <= set(manifest.read(guide_copy))


def _movable_pair():
    """A pair, another principle, and another channel on which its flags still hold."""
    for example in sorted(GUIDE.examples.values(), key=lambda example: example.id):
        for channel in GUIDE.channels.values():
            if channel.id == example.channel or example.stage not in channel.stages:
                continue
            found = GUIDE.ruleset.evaluate(example.dont_text, channel, example.stage)
            if {f.rule for f in found} == set(example.flags) and \
                    passes(GUIDE.ruleset.evaluate(example.do_text, channel, example.stage)):
                principle = next(p for p in GUIDE.principles if p != example.principle)
                return example, principle, channel.id
    raise AssertionError("no pair can move to another channel")


@pytest.mark.slow  # builds the site more than once
def test_a_pair_moved_to_another_principle_and_channel_keeps_its_old_anchors(guide_copy: Path, tmp_path: Path) -> None:
    example, principle, channel = _movable_pair()
    path = guide_copy / "examples" / f"{example.id}.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(f"\nprinciple: {example.principle}\n", f"\nprinciple: {principle}\n")
    text = text.replace(f"\nchannel: {example.channel}\n", f"\nchannel: {channel}\n")
    path.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    assert mkdocs_build(guide_copy, site).returncode == 0
    broken, _ = manifest.check(site, guide_copy)
    assert sorted(broken) == sorted([
        f"/channels/{example.channel}/#ex-{example.id} no longer resolves: the pair moved away from this channel: "
        f"add `former_channels: [{example.channel}]` to examples/{example.id}.yml",
        f"/principles/{example.principle}/#ex-{example.id} no longer resolves: the pair moved away from this "
        f"principle: add `former_principles: [{example.principle}]` to examples/{example.id}.yml",
    ])
    path.write_text(text + f"former_principles: [{example.principle}]\nformer_channels: [{example.channel}]\n",
                    encoding="utf-8")
    assert mkdocs_build(guide_copy, site).returncode == 0
    assert manifest.check(site, guide_copy)[0] == []
    pages = manifest.read_site(site)
    for url in card_urls_of(example.id, example.principle, example.channel):
        assert_lands_on_pair(site, pages, url, example.id)


def _links(path: Path) -> list[str]:
    html = path.read_text(encoding="utf-8")
    return re.findall(r'<a\s[^>]*href="([^"]*)"', html)


def test_every_internal_link_lands_and_every_page_is_reachable(built_site: Path) -> None:
    pages = manifest.read_site(built_site)
    seen, queue, problems = {"/"}, deque(["/"]), []
    while queue:
        url = queue.popleft()
        for href in _links(built_site / url.lstrip("/") / "index.html"):
            target = urlsplit(urljoin(url, href.replace("&amp;", "&")))
            if target.scheme or target.netloc or not target.path.endswith("/"):
                continue  # another host (none is fetched: see test_build), or a file such as a stylesheet
            anchor = target.fragment and target.path not in DRAFT_PAGES
            if not manifest.resolves(pages, f"{target.path}#{target.fragment}" if anchor else target.path):
                problems.append(f"{url}: {href}")
            elif target.path not in seen and target.path in pages:
                seen.add(target.path)
                queue.append(target.path)
    assert not problems, "\n".join(problems)
    assert manifest.published(pages) & set(pages) <= seen, "pages no link leads to: " + \
        ", ".join(sorted(set(manifest.published(pages)) & set(pages) - seen))


def test_generated_pages_are_never_written_by_hand() -> None:
    for page in generated.pages(GUIDE):
        assert not (REPO / "docs" / page.src_uri).exists(), page.src_uri


def test_a_page_written_by_hand_where_one_is_generated_fails_the_build(guide_copy: Path, tmp_path: Path) -> None:
    example = next(iter(GUIDE.examples))
    (guide_copy / "docs" / "examples" / f"{example}.md").write_text("# Mine\n", encoding="utf-8")
    result = mkdocs_build(guide_copy, tmp_path / "site")
    assert result.returncode == 1
    assert f"docs/examples/{example}.md is written by hand" in result.stderr and "Traceback" not in result.stderr


def test_a_printed_link_is_the_full_address_at_the_site_url_and_stays_relative_without_one() -> None:
    from connecting.site.links import PageLinks, principle_page

    target = principle_page("know-like-trust")
    for site_url in ("https://guide.example/sub/", "https://guide.example/sub"):
        assert PageLinks(lambda url: "../" + url, None, site_url).absolute(target) == \
            "https://guide.example/sub/principles/know-like-trust/"
    assert PageLinks(lambda url: "../" + url).absolute(target) == "../principles/know-like-trust/"
