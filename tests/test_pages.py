"""The pages made from the data, the gallery and the coach's corner, read from the built site."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from markupsafe import escape as _escape

from connecting.site.listings import WORKSHEET_PAIRS, about_words
from connecting.site.wording import Found, describe
from conftest import REPO
from connecting.site.generated_pages import month_name
from connecting.data.guide import load_guide

GUIDE = load_guide(REPO)


def escape(text: str) -> str:
    """Text as the pages' autoescaped templates write it (Jinja's escaping, quotes included)."""
    return str(_escape(text))


def content_of(html: str) -> str:
    """The page's own content: Material's article, without the navigation and the scripts."""
    start = html.index('<article class="md-content__inner')
    return html[start:html.rindex("</article>")]


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
        assert listed.count("<li") == len(findings)
        for finding in findings:  # named by title, linked by id
            title = escape(GUIDE.ruleset.by_id[finding.rule].title)
            assert f'<a href="../../rules/{finding.rule}/">{title}</a>' in listed, (example.id, finding.rule)
        assert 'class="cc-card__page"' not in html  # the card links to its own page everywhere else


def test_an_example_page_says_its_title_once_and_describes_findings_in_words(built_site: Path) -> None:
    for example in GUIDE.examples.values():
        html = page(built_site, f"examples/{example.id}")
        content = content_of(html)
        situation = escape(example.situation)
        # The page's heading is the situation; the card under it does not repeat it.
        assert re.findall(r"<h1[^>]*>(.*?)</h1>", content) == [situation], example.id
        assert content.count(situation) == 1, example.id
        assert "cc-card__title" not in content and "cc-card__head" not in content
        # The card is still named, by the page's heading.
        assert f'aria-labelledby="ex-{example.id}-title"' in content and f'<h1 id="ex-{example.id}-title">' in content
        listed = content[content.index('<ul class="cc-findings">'):]
        listed = text_of(listed[:listed.index("</ul>")])
        assert "characters 1 to" not in listed and "Found at" not in listed, example.id
        for finding in GUIDE.ruleset.evaluate(example.dont_text, GUIDE.channels[example.channel], example.stage):
            where = describe(example.dont_text, finding.as_dict()["spans"])
            assert f"It found {where.lead}" in listed, (example.id, finding.rule)
            assert all(quote in listed for quote in where.quotes), (example.id, finding.rule)


def test_spans_are_described_by_what_they_hold() -> None:
    text = "Get my FREE e-book now!!! 🎉🎉🎉"
    assert describe(text, [(7, 18)]) == Found("the words", ("FREE e-book",))
    assert describe(text, [(7, 11)]) == Found("the word", ("FREE",))
    assert describe(text, [(22, 25)]) == Found("the marks", ("!!!",))
    assert describe(text, [(26, 29)]) == Found("the emoji", ("🎉🎉🎉",))
    assert describe(text, [(0, 3), (7, 11), (19, 22)]) == Found("the words", ("Get", "FREE", "now"))
    assert describe(text, [(0, 3), (7, 11), (19, 22), (26, 29)], limit=2).tail == "and 2 more places"
    assert describe(text, [(0, len(text))]) == Found("the whole message")
    # A length limit falls inside a word and runs to the end: said so, not quoted whole.
    long = "word " * 30 + "and the rest of it"
    assert describe(long, [(len(long) - 17, len(long))]) == Found("everything from", ("…nd the rest of it",), "to the end")
    assert describe(long, [(5, 150)]) == Found("the passage that starts", ("word word word word word word…",))


def test_each_rule_has_a_reference_page_and_an_anchor_on_the_index(built_site: Path) -> None:
    index = page(built_site, "rules")
    for rule in GUIDE.ruleset.rules:
        html = page(built_site, f"rules/{rule.id}")
        ids = set(re.findall(r'id="([^"]+)"', html))
        assert {"what-it-catches", "why-it-matters", "what-to-do-instead", "pairs-it-flags"} <= ids, rule.id
        readers = html[:html.index('<details class="note cc-contributors">')]
        words = text_of(readers)
        assert " ".join(rule.description.split()) in words and " ".join(rule.instead.split()) in words
        assert f'<span class="cc-level cc-level--{rule.level}">{rule.level.capitalize()}</span>' in readers
        flagged = {example.id for example in GUIDE.examples.values() if rule.id in example.flags}
        pairs = readers[readers.index('id="pairs-it-flags"'):]
        assert set(re.findall(r'href="../../examples/([^/"]+)/"', pairs)) == flagged, rule.id
        assert f'id="rule-{rule.id}" data-permalink' in index and f'href="{rule.id}/"' in index


def test_a_rule_page_is_headed_by_its_title_and_keeps_contributor_material_closed(built_site: Path) -> None:
    for rule in GUIDE.ruleset.rules:
        html = page(built_site, f"rules/{rule.id}")
        content = content_of(html)
        title = escape(rule.title)
        assert re.findall(r"<h1[^>]*>(.*?)</h1>", content) == [title], rule.id
        assert f"<title>{title} - " in html, rule.id
        # No heading names the slug, in code or in words.
        for heading in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", content, re.S):
            assert "<code>" not in heading and rule.id not in heading, (rule.id, heading)
        # The slug, the file and every case sit in one closed "For contributors" box at the end.
        box = content[content.index('<details class="note cc-contributors">'):]
        box = box[:box.index("</details>")]
        readers = content[:content.index('<details class="note cc-contributors">')]
        assert "<summary>For contributors</summary>" in box
        assert f"<code>{rule.id}</code>" in box and f"<code>rules/{rule.id}.yml</code>" in box
        assert rule.id not in text_of(readers), rule.id
        for case in rule.cases:
            assert escape(case.text) in box, (rule.id, case.text)
        assert 'class="cc-cases' not in readers
        # Settings read as the rule file writes them: true and false, not Python's True and False.
        assert "<code>True</code>" not in box and "<code>False</code>" not in box, rule.id
        if rule.params.get("ignore_case"):
            assert "<dt><code>ignore_case</code></dt><dd><code>true</code></dd>" in box, rule.id


def test_rule_lists_name_rules_by_title(built_site: Path) -> None:
    titles = {rule.id: escape(rule.title) for rule in GUIDE.ruleset.rules}
    index = page(built_site, "rules")
    for rule_id, title in titles.items():
        section = index[index.index(f'id="rule-{rule_id}"'):]
        heading = section[:section.index("</h3>")]
        assert f'href="#rule-{rule_id}">{title}</a>' in heading and "<code>" not in heading
    # A principle's page lists its rules after its examples, one line each, linking to the rule's page.
    for principle in GUIDE.principles:
        html = page(built_site, f"principles/{principle}")
        listed = html[html.index('<ul class="cc-rule-list">'):]
        listed = listed[:listed.index("</ul>")]
        for rule in GUIDE.ruleset.rules:
            if rule.principle == principle:
                assert f'href="../../rules/{rule.id}/">{titles[rule.id]}</a>' in listed, (principle, rule.id)
        assert listed.count("<li>") == sum(rule.principle == principle for rule in GUIDE.ruleset.rules)


def test_the_channels_page_is_a_table_with_the_date_once(built_site: Path) -> None:
    html = page(built_site, "channels")
    content = content_of(html)
    table = content[content.index("<table>"):content.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table[table.index("<tbody>"):], re.S)
    assert len(rows) == len(GUIDE.channels)
    for row, channel in zip(rows, GUIDE.channels.values()):
        words = text_of(row)
        assert f'<th scope="row"><a href="{channel.id}/">{escape(channel.title)}</a></th>' in row
        assert (f"{channel.limit:,} characters" if channel.limit else "No fixed limit") in words
        if channel.limit:  # a figure a reader can picture, and a bar for the eye
            assert f"about {about_words(channel.limit):,} words" in words and 'class="cc-bar"' in row
        assert channel.limit_source in words
        pairs = sum(example.channel == channel.id for example in GUIDE.examples.values())
        assert re.search(rf'<td class="cc-channel-table__count">{pairs}<', row), channel.id
    dates = {month_name(channel.limit_as_of) for channel in GUIDE.channels.values()}
    assert len(dates) == 1  # the guide's channels were checked together; the sentence below says so
    (date,) = dates
    assert text_of(content).count(date) == 1 and text_of(content).count("checked") == 1
    assert f"Every limit was last checked in {date}." in text_of(content)


def test_the_gallery_lists_every_pair_without_javascript(built_site: Path) -> None:
    html = page(built_site, "examples")
    items = re.findall(r'<li class="cc-gallery__item" data-principle="([^"]+)" data-channel="([^"]+)"', html)
    assert sorted(items) == sorted((e.principle, e.channel) for e in GUIDE.examples.values())
    assert "cc-gallery__item\" hidden" not in html and '<form class="cc-filter" hidden' in html
    for principle in GUIDE.principles:
        assert f'<option value="{principle}">' in html
    for channel in GUIDE.channels:
        assert f'<option value="{channel}">' in html
    # Rules are offered by title, each that flags a pair; every card says which rules it shows.
    flagged = {rule for example in GUIDE.examples.values() for rule in example.flags}
    offered = re.findall(r'<option value="([^"]+)">([^<]+)</option>', html[html.index('name="rule"'):])
    assert [rule_id for rule_id, _ in offered] == sorted(flagged, key=lambda r: GUIDE.ruleset.by_id[r].title.casefold())
    assert all(title == escape(GUIDE.ruleset.by_id[rule_id].title) for rule_id, title in offered)
    rows = html.split('<li class="cc-gallery__item" ')[1:]
    for example in GUIDE.examples.values():
        [row] = [row for row in rows if f'<article class="cc-card" id="ex-{example.id}"' in row]
        assert f'data-rules="{" ".join(example.flags)}">' in row
        titles = ", ".join(escape(GUIDE.ruleset.by_id[rule].title) for rule in example.flags)
        assert f"Flags: {titles}</span>" in row


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
        page.goto(f"{site_url}examples/?rule=follow-for-follow")
        page.wait_for_selector("form.cc-filter:not([hidden])")
        by_rule = page.content()
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
    # By rule: a pair shows when the rule is one of its flags.
    rule = "follow-for-follow"
    flagged = {e.id for e in GUIDE.examples.values() if rule in e.flags}
    shown = re.findall(item.format(""), by_rule, re.S)
    hidden = re.findall(item.format(" hidden(?:=\"\")?"), by_rule, re.S)
    assert set(shown) - set(hidden) == flagged and len(flagged) >= 3
    assert '<form class="cc-filter" hidden' not in dom
    listed = checklist[checklist.index('class="cc-checklist"'):]
    boxes = listed[:listed.index("cc-checklist__bar")].count('type="checkbox"')
    assert boxes >= 10
    assert "Clear my ticks</button>" in checklist and f"0 of {boxes} ticked." in checklist


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}])
def test_a_rule_page_shows_its_title_and_opens_its_cases_on_request(site_url: str, browser, viewport) -> None:
    rule = GUIDE.ruleset.by_id["follow-for-follow"]
    context = browser.new_context(viewport=viewport)
    try:
        tab = context.new_page()
        tab.goto(f"{site_url}rules/{rule.id}/")
        heading = tab.locator("article h1")
        expect(heading).to_have_count(1)
        expect(heading).to_have_text(rule.title)
        expect(heading).to_be_in_viewport()
        # The slug is in no heading and not in the readers' part; the cases wait behind "For contributors".
        expect(tab.locator("article :is(h1, h2, h3) code")).to_have_count(0)
        first_case = tab.locator(".cc-cases--flag li").first
        expect(first_case).to_be_hidden()
        tab.get_by_text("For contributors", exact=True).click()
        expect(first_case).to_be_visible()
        expect(tab.locator(".cc-contributors")).to_contain_text(f"rules/{rule.id}.yml")
    finally:
        context.close()
