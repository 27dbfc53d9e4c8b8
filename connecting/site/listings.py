"""Listings that hand-written pages embed through macros: the examples gallery,
the channels index and the coach's worksheets. Rendered from the data by the
autoescaped templates of ``connecting.render``."""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from connecting.site import render
from connecting.site.generated_pages import examples_for, month_name, sorted_examples
from connecting.data.guide import Guide

Link = render.Link


def _principle_order(guide: Guide, order: Sequence[str]) -> list[str]:
    """The principles in the order given (the site's navigation), then any others."""
    known = [principle for principle in order if principle in guide.principle_titles]
    return known + [principle for principle in guide.principles if principle not in known]


# The two stages a pair's message is sent at, as the cards name them.
STAGES = (("first", "First message"), ("reply", "Reply"))


def _filter_choices(guide: Guide, examples: list, order: Sequence[str]) -> dict[str, object]:
    """What the search and filters over a list of pairs offer (filter_form.html)."""
    flagging = {rule for example in examples for rule in example.flags}
    return {
        "principles": [(p, guide.principle_titles[p]) for p in _principle_order(guide, order)],
        "channels": [(channel.id, channel.title) for channel in guide.channels.values()],
        "stages": STAGES,
        # Rules by title, and only those that flag a pair: a choice that shows nothing helps nobody.
        "rules": sorted(((rule.id, rule.title) for rule in guide.ruleset.rules if rule.id in flagging),
                        key=lambda pair: pair[1].casefold()),
    }


def _listed(guide: Guide, examples: list) -> list[dict[str, object]]:
    """Each pair with the titles its row in a list shows."""
    channel_titles = {channel.id: channel.title for channel in guide.channels.values()}
    return [{
        "example": example,
        "principle": guide.principle_titles.get(example.principle, example.principle),
        "channel": channel_titles[example.channel],
        "rules": [guide.ruleset.by_id[rule].title for rule in example.flags],
    } for example in examples]


def gallery(guide: Guide, link: Link, order: Sequence[str] = ()) -> str:
    """Every pair as one line that opens to its card, with a search and filters that a script
    shows (docs/javascripts/examples.js); the rules offered are those that flag some pair."""
    examples = sorted_examples(guide.examples.values())
    items = _listed(guide, examples)
    for item in items:
        item["card"] = render.example_card(guide, item["example"], link)
    return render.template("gallery.html", link=link, stages_by_id=dict(STAGES), items=items,
                           **_filter_choices(guide, examples, order))


def lesson(guide: Guide, link: Link, site_name: str = "") -> str:
    """The one page every coach's lesson opens on: every card the build renders, hidden, with its
    answer for paper; docs/javascripts/lessons.js shows the pairs a lesson link names, in its order."""
    examples = sorted_examples(guide.examples.values())
    return render.template(
        "lesson.html", link=link, site_name=site_name,
        # Not promised anchors: a lesson is linked by its pairs (/lesson/#pairs=...), and each
        # card's own pages keep the promised #ex-<id>.
        cards=[(example, render.example_card(guide, example, link, permalink=False)) for example in examples])


def lesson_builder(guide: Guide, link: Link, order: Sequence[str] = ()) -> str:
    """The coach's lesson builder: every pair as a row to tick, with the gallery's search and filters,
    then the chosen pairs in order, a note, a mode and the link (docs/javascripts/lessons.js)."""
    examples = sorted_examples(guide.examples.values())
    return render.template("lesson_builder.html", link=link, stages_by_id=dict(STAGES),
                           items=_listed(guide, examples), **_filter_choices(guide, examples, order))


# Characters per word of English prose, spaces included: turns a limit into a figure readers picture.
CHARACTERS_PER_WORD = 6


def about_words(limit: int) -> int:
    """A character limit as a round number of words, to two significant figures: 200 -> 33, 10,000 -> 1,700."""
    words = limit / CHARACTERS_PER_WORD
    return int(float(f"{words:.2g}"))


def channel_list(guide: Guide, link: Link) -> str:
    """The channels as a table. Limits are checked together, so the date is said once, under the
    table; a channel checked at another time says its own date in its row."""
    channels = list(guide.channels.values())
    dates = Counter(channel.limit_as_of for channel in channels)
    usual = dates.most_common(1)[0][0] if dates else ""
    longest = max((channel.limit for channel in channels if channel.limit), default=0)
    rows = [{
        "channel": channel,
        "count": len(examples_for(guide, channel=channel.id)),
        "words": about_words(channel.limit) if channel.limit else None,
        # The bar's length is the limit's share of the longest, so the channels compare at a glance.
        "share": round(100 * channel.limit / longest, 1) if channel.limit else 0,
        "own_date": month_name(channel.limit_as_of) if channel.limit_as_of != usual else None,
    } for channel in channels]
    return render.template("channel_list.html", rows=rows, link=link,
                           checked=month_name(usual) if usual else "", mixed=len(dates) > 1)


# A worksheet holds this many pairs of its principle, and links to the rest: with room to write
# under each, six print on two or three pages (tests/test_browser.py prints them on A4 and Letter).
WORKSHEET_PAIRS = 6


def _worksheet_pairs(examples: list) -> list:
    """The pairs a worksheet holds: one-mistake pairs first (the clearest to discuss), then the
    shortest, shown in the guide's own order."""
    chosen = sorted(examples, key=lambda ex: (len(ex.flags) != 1, len(ex.dont_text) + len(ex.do_text)))
    keep = {ex.id for ex in chosen[:WORKSHEET_PAIRS]}
    return [ex for ex in examples if ex.id in keep]


def worksheets(guide: Guide, link: Link, order: Sequence[str] = (), site_name: str = "") -> str:
    """One worksheet per principle, headed with the guide's name (``site_name``) and the principle."""
    sheets = []
    for principle in _principle_order(guide, order):
        examples = examples_for(guide, principle=principle)
        shown = _worksheet_pairs(examples)
        sheets.append((principle, guide.principle_titles[principle], shown, len(examples) - len(shown)))
    return render.template("worksheets.html", sheets=sheets, link=link, site_name=site_name,
                           channel_titles={channel.id: channel.title for channel in guide.channels.values()})


def checker_link_form(guide: Guide, link: Link) -> str:
    return render.template("checker_link_form.html", link=link, channels=list(guide.channels.values()))
