"""Pages made from the data at build time: one per example, per rule and per channel.

None of them is written by hand or committed. Their Markdown holds only our
own headings and placeholder comments, with ``render_macros: false`` in the
front matter, so contributor text never meets the macros plugin's Jinja nor
Markdown: the hook fills each placeholder with HTML rendered from the data by
the autoescaped templates of ``connecting.render``.

The shape of every URL lives in ``connecting.site.links``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable, Iterable

import yaml

from connecting.site import render, wording
from connecting.data.guide import Guide
from connecting.site.links import CHANNELS, EXAMPLES, RULES, checker_link, page_source
from connecting.data.model import Example
from connecting.engine.kinds import KINDS

Link = render.Link


_SLOT = re.compile(r"<!-- cc-slot:([a-z-]+) -->")
_TITLE_LENGTH = 70

# Headings are ours; between them each slot is filled from the data.
_SKELETONS = {
    "example": ["head", "card", "## What the checker finds in the don't", "findings", "## Use this pair", "links"],
    # Readers' sections first; the slug, settings and cases in a closed "For contributors" box.
    "rule": ["head", "## What it catches", "catches", "## Why it matters", "why", "## What to do instead", "instead",
             "## Pairs it flags", "pairs", "contributors"],
    "channel": ["head", "## How people use it", "norms", "## Length limit", "limit", "## Rules for this channel",
                "rules", "## Examples", "examples"],
}

@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # where the page pretends to be under docs/, such as "examples/some-pair.md"
    kind: str     # example, rule or channel
    key: str      # the id of the example, rule or channel
    markdown: str


def sorted_examples(examples: Iterable[Example]) -> list[Example]:
    return sorted(examples, key=lambda example: example.id)


def examples_for(guide: Guide, principle: str | None = None, channel: str | None = None) -> list[Example]:
    return [example for example in sorted_examples(guide.examples.values())
            if principle in (None, example.principle) and channel in (None, example.channel)]


def moved_away(guide: Guide, principle: str | None = None, channel: str | None = None) -> list[Example]:
    """Pairs that used to be filed under this principle or channel."""
    return [example for example in sorted_examples(guide.examples.values())
            if (principle and principle in example.former_principles)
            or (channel and channel in example.former_channels)]


def redirects(guide: Guide) -> dict[str, str]:
    """Former example pages -> current ones, in the `redirect_maps` form of mkdocs-redirects."""
    return {page_source(EXAMPLES, former): page_source(EXAMPLES, example.id)
            for example in sorted_examples(guide.examples.values()) for former in example.former_ids}


def plain_title(text: str) -> str:
    """A page title from contributor text, safe in the theme's unescaped <title> and header.

    The theme prints page titles as they are, so the title is escaped here;
    long situations are cut at a word, since the page shows them in full.
    """
    text = " ".join(text.split())
    if len(text) > _TITLE_LENGTH:
        text = text[:_TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return html.escape(text, quote=True)


def _page(kind: str, key: str, src_uri: str, title: str) -> GeneratedPage:
    front = yaml.safe_dump({"title": title, "render_macros": False}, allow_unicode=True, sort_keys=False)
    body = "\n\n".join(part if part.startswith("#") else f"<!-- cc-slot:{part} -->" for part in _SKELETONS[kind])
    return GeneratedPage(src_uri, kind, key, f"---\n{front}---\n\n{body}\n")


def pages(guide: Guide) -> list[GeneratedPage]:
    out = [_page("example", example.id, page_source(EXAMPLES, example.id), plain_title(example.situation))
           for example in sorted_examples(guide.examples.values())]
    out += [_page("rule", rule.id, page_source(RULES, rule.id), plain_title(rule.title))
            for rule in guide.ruleset.rules]
    out += [_page("channel", channel.id, page_source(CHANNELS, channel.id), plain_title(channel.title))
            for channel in guide.channels.values()]
    return out


def fill(guide: Guide, page: GeneratedPage, content: str, link: Link) -> str:
    """The page's HTML with each placeholder replaced by its part, rendered from the data."""
    context = _CONTEXTS[page.kind](guide, page.key, link)
    template = f"{page.kind}_page.html"
    return _SLOT.sub(lambda match: render.template(template, slot=match.group(1), **context), content)


def _split_link(link: Link, url: str) -> str:
    """A relative link to a site-root URL that may carry a fragment."""
    path, hash_mark, fragment = url.partition("#")
    return link(path) + hash_mark + fragment


def _example_context(guide: Guide, key: str, link: Link) -> dict[str, object]:
    example = guide.examples[key]
    channel = guide.channels[example.channel]
    findings = guide.dont_findings(example)
    do_findings = guide.ruleset.evaluate(example.do_text, channel, example.stage)
    return {
        "example": example, "channel": channel, "link": link,
        "principle_title": guide.principle_titles[example.principle],
        "card": render.example_card(guide, example, link, standalone=True),
        # Pages name a rule by its title and link it by its id.
        "findings": [{**found, "title": guide.ruleset.by_id[found["rule"]].title,
                      "where": wording.describe(example.dont_text, found["spans"])}
                     for found in (finding.as_dict(example.dont_text) for finding in findings)],
        "do_findings": [{**found, "title": guide.ruleset.by_id[found["rule"]].title}
                        for found in (finding.as_dict(example.do_text) for finding in do_findings)],
        "checker": _split_link(link, checker_link(example.dont_text, example.channel, example.stage)),
    }


def _rule_context(guide: Guide, key: str, link: Link) -> dict[str, object]:
    rule = guide.ruleset.by_id[key]
    cases = {group: rule.cases_in(group) for group in ("flag", "pass")}
    flagged = [example for example in sorted_examples(guide.examples.values()) if key in example.flags]
    return {
        "rule": rule, "link": link, "summary": KINDS[rule.kind].summary,
        "settings": rule.params,
        "principle_title": guide.principle_titles[rule.principle],
        "channel_titles": {channel.id: channel.title for channel in guide.channels.values()},
        "cases": cases, "pairs": flagged,
    }


def examples_with_moved(guide: Guide, link: Link, principle: str | None = None, channel: str | None = None) -> str:
    """The pairs of a principle or channel as cards, and pointers for pairs that moved away."""
    html = render.example_cards(guide, examples_for(guide, principle, channel), link)
    moved = moved_away(guide, principle, channel) if principle or channel else []
    return html + ("\n\n" + render.moved_notes(guide, moved, link) if moved else "")


def _channel_context(guide: Guide, key: str, link: Link) -> dict[str, object]:
    channel = guide.channels[key]
    chosen = examples_for(guide, channel=key)
    # Rules bound to some channels, this one among them, and its length limit; the rest run everywhere.
    own_rules = [rule for rule in guide.ruleset.rules if (rule.channels or KINDS[rule.kind].judges_length)
                 and any(rule.applies(channel, stage) for stage in channel.stages)]
    return {
        "channel": channel, "link": link, "count": len(chosen), "as_of": month_name(channel.limit_as_of),
        "cards": examples_with_moved(guide, link, channel=key),
        "rules": render.rule_links(own_rules, link) if own_rules else "",
    }


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def month_name(year_month: str) -> str:
    """"2026-11" -> "November 2026" (the schema fixes the form)."""
    year, month = year_month.split("-")
    return f"{_MONTHS[int(month) - 1]} {year}" if 1 <= int(month) <= 12 else year_month


_CONTEXTS: dict[str, Callable[[Guide, str, Link], dict[str, object]]] = {
    "example": _example_context, "rule": _rule_context, "channel": _channel_context,
}
