"""Full `mkdocs build --strict` runs: pages and anchors, injection safety, failed builds, offline pages."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import yaml
from markupsafe import escape as html_escape

from conftest import REPO, connecting, mkdocs_build
from connecting.data.guide import load_guide
from connecting.site.links import PageLinks
from connecting.site.render import example_card

GUIDE = load_guide(REPO)
PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{ config }}", "</div>",
            "[x](javascript:alert(1))", "{{ 7*7 }}"]


class Tags(HTMLParser):
    """Every start tag with its attributes, and every id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    @property
    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.tags if attrs.get("id")}


def parse(path: Path) -> Tags:
    tags = Tags()
    tags.feed(path.read_text(encoding="utf-8"))
    return tags


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_principle_has_a_page_with_its_sections(built_site: Path) -> None:
    assert len(GUIDE.principles) >= 8
    for principle in GUIDE.principles:
        page = built_site / "principles" / principle / "index.html"
        ids = parse(page).ids
        assert {"what-it-means", "why-it-matters", "at-a-networking-event", "examples"} <= ids, principle


def test_every_example_card_has_its_anchor_on_its_principle_page(built_site: Path) -> None:
    assert len(GUIDE.examples) >= 24
    for example in GUIDE.examples.values():
        page = built_site / "principles" / example.principle / "index.html"
        assert f"ex-{example.id}" in parse(page).ids, example.id


def test_cards_say_do_and_dont_in_words_and_name_each_flag(built_site: Path) -> None:
    example = next(iter(GUIDE.examples.values()))
    html = (built_site / "principles" / example.principle / "index.html").read_text(encoding="utf-8")
    card = html[html.index(f'id="ex-{example.id}"'):]
    card = card[:card.index("</article>")]
    assert "Don&#39;t</p>" in card or "Don't</p>" in card
    assert " Do</p>" in card
    assert card.count('aria-hidden="true"') == 2  # one icon each, beside the words
    for flag in example.flags:
        # Each flag is named by its rule's title and links to the rule's page (the slug is only the address).
        title = html_escape(GUIDE.ruleset.by_id[flag].title)
        assert f'<a href="../../rules/{flag}/">{title}</a>' in card
        assert f"<code>{flag}</code>" not in card


def test_every_rule_has_an_anchor_on_the_rules_page(built_site: Path) -> None:
    ids = parse(built_site / "rules" / "index.html").ids
    assert {f"rule-{rule.id}" for rule in GUIDE.ruleset.rules} <= ids


def test_no_page_asks_another_host(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        for tag, attrs in parse(page).tags:
            for name in ("src", "href", "srcset", "data", "action", "poster"):
                value = attrs.get(name) or ""
                fetched = tag in ("script", "img", "iframe", "source", "video", "audio", "embed", "object", "form") \
                    or (tag == "link" and attrs.get("rel") not in ("canonical",))
                if fetched:
                    assert not re.match(r"(?i)^(https?:)?//", value), f"{page}: <{tag} {name}={value}>"
    css = "\n".join(p.read_text(encoding="utf-8") for p in built_site.rglob("*.css"))
    assert not re.search(r"(?i)(url\(\s*['\"]?(https?:)?//|@import\s+['\"]?(https?:)?//)", css)


def _poisoned_copy(guide_copy: Path) -> tuple[Path, str]:
    """Put every payload into every text field of one pair, keeping the pair valid."""
    example = sorted(GUIDE.examples.values(), key=lambda e: e.id)[0]
    path = guide_copy / "examples" / f"{example.id}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    poison = " ".join(PAYLOADS)
    data["situation"] = f"{poison} {data['situation']}"
    data["why"] = f"{poison} {data['why']}"
    data["dont"]["text"] = f"{poison} {data['dont']['text']}"
    # `{{ config }}` is itself an unfilled placeholder, so a do holding it can never be published
    # (see the test below); the do gets every other payload.
    data["do"]["text"] = " ".join(p for p in PAYLOADS if "{{" not in p) + " " + data["do"]["text"]
    channel = GUIDE.channels[data["channel"]]
    found = GUIDE.ruleset.evaluate(data["dont"]["text"], channel, data.get("stage", "first"))
    data["dont"]["flags"] = sorted({finding.rule for finding in found})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return guide_copy, example.id


def test_contributor_text_is_shown_as_text_and_runs_nothing(guide_copy: Path, tmp_path: Path) -> None:
    root, example_id = _poisoned_copy(guide_copy)
    site = tmp_path / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    # The build says only what a contributor needs: no set-up chatter from the macros plugin.
    assert "[macros]" not in result.stderr, result.stderr
    principle = GUIDE.examples[example_id].principle
    html = (site / "principles" / principle / "index.html").read_text(encoding="utf-8")
    card = html[html.index(f'id="ex-{example_id}"'):html.index("</article>", html.index(f'id="ex-{example_id}"'))]
    # Shown as text: escaped where HTML would act, literally where it would not.
    assert card.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 4
    assert card.count("&lt;img src=x onerror=alert(1)&gt;") == 4
    assert card.count("&lt;/div&gt;") == 4
    assert card.count("[x](javascript:alert(1))") == 4
    assert card.count("{{ config }}") >= 3  # situation, don't, why (and the flag's "Found:")
    assert card.count("{{ 7*7 }}") >= 3 and ">49<" not in card
    # Runs, renders or expands nothing.
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "javascript:" not in "".join(str(attrs) for _, attrs in parse(site / "principles" / principle / "index.html").tags)
    assert "site_name" not in card and "Collecting or Connecting?" not in card
    assert html.count("<article") == html.count("</article>")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert "&lt;script&gt;alert(1)" in texts and "<script>alert" not in texts and "<img src=x" not in texts
    _generated_pages_show_it_as_text(site, index, GUIDE.examples[example_id])


def html_text(page: Path) -> str:
    """A page's text as a reader sees it (entities decoded), to find a pair's words in it."""
    import html as html_module
    return html_module.unescape(page.read_text(encoding="utf-8"))


def _generated_pages_show_it_as_text(site: Path, index: dict, example) -> None:
    """Every page made from the data shows the poisoned pair as text, and so does the search index."""
    pages = {"its own page": site / "examples" / example.id / "index.html",
             "its channel page": site / "channels" / example.channel / "index.html",
             "the gallery": site / "examples" / "index.html"}
    worksheet = site / "coaches" / "worksheets" / "index.html"
    if f"{example.situation[:40]}" in html_text(worksheet):  # a worksheet holds six pairs of its principle
        pages["its principle's worksheet"] = worksheet
    pages.update({f"the page of {rule}": site / "rules" / rule / "index.html" for rule in example.flags})
    for name, page in pages.items():
        html = page.read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, name
        assert "<script>alert" not in html and "<img src=x" not in html, name
        assert "{{ 7*7 }}" in html and "{{ config }}" in html, name  # never rendered by the macros plugin
        assert "javascript:" not in "".join(str(attrs) for _, attrs in parse(page).tags), name
        assert html.count("<article") == html.count("</article>"), name
    own = pages["its own page"].read_text(encoding="utf-8")
    title = own[own.index("<title>"):own.index("</title>")]
    assert "<script" not in title and "<img" not in title and "&lt;script&gt;" in title
    # Its own page in the search index: text shown as text, never expanded.
    entries = [doc for doc in index["docs"] if doc["location"].startswith(f"examples/{example.id}/")]
    assert entries, "the pair's own page is not in the search index"
    text = " ".join(doc["title"] + " " + doc["text"] for doc in entries)
    assert "{{ 7*7 }}" in text and "&lt;script&gt;alert(1)" in text
    assert "<script" not in text and "<img" not in text


def test_a_do_holding_a_template_tag_never_reaches_a_page(guide_copy: Path) -> None:
    root, example_id = _poisoned_copy(guide_copy)
    path = root / "examples" / f"{example_id}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["do"]["text"] = "{{ config }} " + data["do"]["text"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    problems = [p for p in load_guide(root).problems if p.code == "do-fails"]
    assert len(problems) == 1 and "`unfilled-placeholder`" in problems[0].message and "'{{ config }}'" in problems[0].message


def test_the_card_template_escapes_every_field_including_the_do() -> None:
    example = next(iter(GUIDE.examples.values()))
    poison = " ".join(PAYLOADS)
    from dataclasses import replace
    poisoned = replace(example, situation=poison, dont_text=poison, do_text=poison, why=poison)
    html = example_card(GUIDE, poisoned, PageLinks(lambda url: url))
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 4
    assert "<script" not in html and "<img" not in html and html.count("{{ config }}") == 4
    assert html.count("<article") == 1 and html.count("</div>") == html.count("<div")


def test_a_rule_title_is_shown_as_text_on_its_page_and_in_rule_lists() -> None:
    # A rule file is contributor text too: its title reaches the page title, the heading and every list escaped.
    from dataclasses import replace

    from connecting.site import render
    from connecting.site.generated_pages import plain_title

    poison = " ".join(PAYLOADS)
    rule = replace(GUIDE.ruleset.rules[0], title=poison)
    link = PageLinks(lambda url: url)
    head = render.template("rule_page.html", slot="head", rule=rule)
    listed = render.rule_list(GUIDE, [rule], link)
    for html in (head, listed, plain_title(rule.title)):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html and "<img" not in html
    assert f"<h1>{html_escape(poison)}</h1>" in head


def test_a_broken_example_fails_the_build_and_keeps_the_last_site(guide_copy: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert mkdocs_build(guide_copy, site).returncode == 0
    before = snapshot(site)
    (guide_copy / "examples" / "zz-broken.yml").write_text(
        "id: zz-broken\nprinciple: personal-touch\nchannel: emial\n", encoding="utf-8")
    result = mkdocs_build(guide_copy, site)
    assert result.returncode == 1
    assert "examples/zz-broken.yml:3:10: `channel` names the channel 'emial', which does not exist" in result.stderr
    assert "examples/zz-broken.yml:1:1: `situation` is missing" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site) == before


def test_an_unknown_example_in_a_page_fails_the_build_naming_page_and_id(guide_copy: Path, tmp_path: Path) -> None:
    page = guide_copy / "docs" / "principles" / "personal-touch.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n{{ example("no-such-pair") }}\n', encoding="utf-8")
    result = mkdocs_build(guide_copy, tmp_path / "site")
    assert result.returncode == 1
    assert re.search(r"docs/principles/personal-touch\.md:\d+:4: `example\(\.\.\.\)` names the example 'no-such-pair'",
                     result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert connecting("check", str(guide_copy), cwd=guide_copy).returncode == 1
