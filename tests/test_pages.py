"""The pages made from the data, the gallery and the coach's corner, read from the built site."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from connecting.site.listings import WORKSHEET_PAIRS
from conftest import REPO
from connecting.site.generated_pages import month_name
from connecting.data.guide import load_guide

GUIDE = load_guide(REPO)


def page(site: Path, url: str) -> str:
    return (site / url.strip("/") / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'").replace("&#34;", '"')


def test_each_channel_page_has_norms_limit_source_date_and_pairs(built_site: Path) -> None:
    index = page(built_site, "channels")
    for channel in GUIDE.channels.values():
        html = page(built_site, f"channels/{channel.id}")
        words = text_of(html)
        assert " ".join(channel.norms.split()) in words
        assert channel.limit_source in words and f"checked {month_name(channel.limit_as_of)}" in words
        assert (f"{channel.limit:,} characters" if channel.limit else "No fixed limit") in words
        pairs = [example for example in GUIDE.examples.values() if example.channel == channel.id]
        assert set(re.findall(r'<article class="cc-card" id="ex-([^"]+)"', html)) == {e.id for e in pairs}
        assert f'href="{channel.id}/"' in index


def test_each_pair_has_a_page_with_everything_about_it(built_site: Path) -> None:
    for example in GUIDE.examples.values():
        html = page(built_site, f"examples/{example.id}")
        assert f'<article class="cc-card" id="ex-{example.id}"' in html
        assert f'href="../../principles/{example.principle}/#ex-{example.id}"' in html
        assert f'href="../../channels/{example.channel}/"' in html
        checker = (f'href="../../checker/#channel={example.channel}&amp;stage={example.stage}'
                   f'&amp;text={quote(example.dont_text, safe="")}"')
        assert checker.replace("&", "&amp;").replace("&amp;amp;", "&amp;") in html or checker in html
        findings = GUIDE.ruleset.evaluate(example.dont_text, GUIDE.channels[example.channel], example.stage)
        listed = html[html.index('<ul class="cc-findings">'):]
        listed = listed[:listed.index("</ul>")]
        assert listed.count("<li") == len(findings) and all(f"<code>{f.rule}</code>" in listed for f in findings)
        assert 'class="cc-card__page"' not in html  # the card links to its own page everywhere else


def test_each_rule_has_a_reference_page_and_an_anchor_on_the_index(built_site: Path) -> None:
    index = page(built_site, "rules")
    for rule in GUIDE.ruleset.rules:
        html = page(built_site, f"rules/{rule.id}")
        ids = set(re.findall(r'id="([^"]+)"', html))
        assert {"what-it-flags", "why-it-matters", "what-to-do-instead", "level-and-scope",
                "cases-it-is-tested-on", "pairs-it-flags"} <= ids, rule.id
        words = text_of(html)
        assert " ".join(rule.description.split()) in words and " ".join(rule.instead.split()) in words
        assert f"Level: {rule.level}" in words
        flagged = {example.id for example in GUIDE.examples.values() if rule.id in example.flags}
        assert set(re.findall(r'href="../../examples/([^/"]+)/"', html)) >= flagged
        pairs = html[html.index('id="pairs-it-flags"'):]
        assert set(re.findall(r'href="../../examples/([^/"]+)/"', pairs)) == flagged, rule.id
        assert f'id="rule-{rule.id}" data-permalink' in index and f'href="{rule.id}/"' in index


def test_the_gallery_lists_every_pair_without_javascript(built_site: Path) -> None:
    html = page(built_site, "examples")
    items = re.findall(r'<li class="cc-gallery__item" data-principle="([^"]+)" data-channel="([^"]+)"', html)
    assert sorted(items) == sorted((e.principle, e.channel) for e in GUIDE.examples.values())
    assert "cc-gallery__item\" hidden" not in html and '<form class="cc-filter" hidden' in html
    for principle in GUIDE.principles:
        assert f'<option value="{principle}">' in html
    for channel in GUIDE.channels:
        assert f'<option value="{channel}">' in html


def test_one_worksheet_per_principle_that_prints_on_its_own_sheet(built_site: Path) -> None:
    html = page(built_site, "coaches/worksheets")
    sheets = re.findall(r'<section class="cc-worksheet" id="worksheet-([^"]+)"', html)
    assert sorted(sheets) == sorted(GUIDE.principles)
    for principle in GUIDE.principles:
        sheet = html[html.index(f'id="worksheet-{principle}"'):]
        sheet = sheet[:sheet.index("</section>")]
        pairs = sum(e.principle == principle for e in GUIDE.examples.values())
        # Six pairs print, with room to write; the rest are a link away.
        assert sheet.count('class="cc-worksheet__pair"') == min(pairs, WORKSHEET_PAIRS)
        if pairs > WORKSHEET_PAIRS:
            assert f"{pairs - WORKSHEET_PAIRS} more pair" in sheet and f'href="../../principles/{principle}/"' in sheet
        assert sheet.count("<strong>Don't:</strong>") == sheet.count("<strong>Do:</strong>") >= 1
    css = (built_site / "stylesheets" / "pages.css").read_text(encoding="utf-8")
    printing = css[css.index("@media print"):]
    assert ".cc-worksheet + .cc-worksheet { break-before: page; }" in printing
    for chrome in (".md-header", ".md-sidebar", ".md-search", ".md-footer"):
        assert chrome in printing.split("{")[1]


def test_the_checklist_and_coach_pages_are_in_the_navigation(built_site: Path) -> None:
    checklist = page(built_site, "coaches/checklist")
    assert checklist.count('type="checkbox"') >= 10 and 'class="cc-checklist"' in checklist
    home = page(built_site, "")
    for url in ("examples/", "channels/", "coaches/", "coaches/worksheets/", "coaches/checklist/"):
        assert f'href="{url}"' in home, url  # Material's navigation on every page



@pytest.mark.browser
def test_the_gallery_narrows_by_principle_and_channel_in_a_browser(site_url: str, browser) -> None:
    principle, channel = max((e.principle, e.channel) for e in GUIDE.examples.values())
    wanted = {e.id for e in GUIDE.examples.values() if e.principle == principle and e.channel == channel}
    page = browser.new_page()
    try:
        page.goto(f"{site_url}examples/?principle={principle}&channel={channel}")
        page.wait_for_selector("form.cc-filter:not([hidden])")
        dom = page.content()
        page.goto(f"{site_url}coaches/checklist/")
        page.wait_for_selector(".cc-checklist__bar")
        checklist = page.content()
    finally:
        page.close()
    item = r'<li class="cc-gallery__item"[^>]*{}>\s*<details.*?<article class="cc-card" id="ex-([^"]+)"'
    shown = re.findall(item.format(""), dom, re.S)
    hidden = re.findall(item.format(" hidden(?:=\"\")?"), dom, re.S)
    assert set(shown) - set(hidden) == wanted
    assert f"Showing {len(wanted)} of {len(GUIDE.examples)} pairs." in dom
    assert '<form class="cc-filter" hidden' not in dom
    listed = checklist[checklist.index('class="cc-checklist"'):]
    boxes = listed[:listed.index("cc-checklist__bar")].count('type="checkbox"')
    assert boxes >= 10
    assert "Clear my ticks</button>" in checklist and f"0 of {boxes} ticked." in checklist
