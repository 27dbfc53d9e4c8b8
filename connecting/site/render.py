"""HTML for example cards and rule lists, from Jinja templates with autoescape on.

Contributor text is untrusted: it reaches the page only through these
templates, escaped, inside raw HTML blocks that Markdown leaves alone. Nothing
here builds HTML by joining strings.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from connecting.site import links
from connecting.data.guide import Guide
from connecting.data.model import Example
from connecting.data.problems import Problem, listing, more_line
from connecting.engine.rules import Rule

Link = links.PageLinks  # how the page being rendered links to site URLs and to data files


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("connecting.site", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Templates spell no URL: `link(url.example_page(id))`, `#{{ url.card_anchor(id) }}`.
    env.globals["url"] = links
    return env


def _single_block(html: str) -> str:
    # Markdown ends a raw HTML block at a blank line; the templates have none,
    # but contributor text may, so collapse them to keep the block whole.
    lines = [line for line in html.splitlines() if line.strip()]
    return "\n".join(lines)


def _flags(guide: Guide, example: Example) -> list[dict[str, object]]:
    findings = guide.dont_findings(example)
    out = []
    for rule_id in example.flags:
        rule = guide.ruleset.by_id[rule_id]
        matches = [m for f in findings if f.rule == rule_id for m in f.matches(example.dont_text) if len(m) <= 80]
        out.append({"rule": rule_id, "title": rule.title, "level": rule.level, "message": rule.message, "matches": matches})
    return out


def example_card(guide: Guide, example: Example, link: Link, standalone: bool = False,
                 permalink: bool = True) -> str:
    """One pair as a card. It links to its file for editing when the site sets an
    edit base (``link.edit``); ``standalone`` on the pair's own page, which needs no
    link to itself; ``permalink=False`` where its #ex-<id> anchor is no promise (the
    lesson page holds every card, but a lesson is linked by its pairs, not by an anchor)."""
    html = _env().get_template("card.html").render(
        example=example,
        channel=guide.channels[example.channel],
        principle_title=guide.principle_titles.get(example.principle, example.principle),
        flags=_flags(guide, example),
        checker_link=links.checker_link(example.dont_text, example.channel, example.stage),
        link=link,
        edit_url=link.edit(example.path),
        standalone=standalone,
        permalink=permalink,
    )
    return _single_block(html)


def moved_notes(guide: Guide, examples: Iterable[Example], link: Link) -> str:
    """Pointers left where pairs used to be, so that old #ex-<id> links still lead to them."""
    html = _env().get_template("moved.html").render(
        examples=list(examples), principle_titles=guide.principle_titles, link=link,
    )
    return _single_block(html)


def template(name: str, **context: object) -> str:
    """Any other template of ours, as one raw HTML block."""
    return _single_block(_env().get_template(name).render(**context))


def example_cards(guide: Guide, examples: Iterable[Example], link: Link) -> str:
    return "\n\n".join(example_card(guide, example, link) for example in examples)


def rule_list(guide: Guide, rules: Iterable[Rule], link: Link, show_principle: bool = True,
              permanent: bool = False) -> str:
    """Rules as a reference list; ``permanent`` on the rules index, whose #rule-<id> anchors are promised."""
    html = _env().get_template("rules.html").render(
        rules=list(rules), principle_titles=guide.principle_titles, link=link, show_principle=show_principle,
        permanent=permanent, channel_titles={channel.id: channel.title for channel in guide.channels.values()},
    )
    return _single_block(html)


def rule_links(rules: Iterable[Rule], link: Link) -> str:
    """Rules as a compact list of links, one line each: what a principle's or a channel's page
    shows after its examples (the rule pages and the rules index tell the rest)."""
    return _single_block(_env().get_template("rule_links.html").render(rules=list(rules), link=link))


def checker_form(guide: Guide, link: Link, ruleset_path: str, max_length: int) -> str:
    """The live checker's form: hidden until its script shows it, so a page without JavaScript never shows a dead form."""
    html = _env().get_template("checker.html").render(
        channels=list(guide.channels.values()), link=link, ruleset_path=ruleset_path, max_length=max_length,
    )
    return _single_block(html)


def quiz_box(link: Link, ruleset_path: str) -> str:
    """The quiz's frame; questions come from the examples in the published ruleset."""
    return _single_block(_env().get_template("quiz.html").render(link=link, ruleset_path=ruleset_path))


def missing_example(example_id: str) -> str:
    """What a live preview shows in place of a card whose id does not exist."""
    return _env().from_string(
        '<div class="admonition failure"><p class="admonition-title">No example "{{ id }}"</p>'
        "<p>No file examples/{{ id }}.yml exists. Check the id in this page.</p></div>"
    ).render(id=example_id)


def preview_problems(problems: list[Problem], standing: bool) -> str:
    """The notice a live preview shows while the data has problems: on every page of the last
    good version, or (``standing``, when there never was one) as the only page."""
    shown, more = listing(problems)
    return template("preview_problems.html", shown=shown, more=more, more_line=more_line(more),
                    count=len(problems), standing=standing)
