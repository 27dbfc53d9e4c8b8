"""The macros that hand-written pages call, as plain functions of the page and literal arguments.

mkdocs-macros offers each of them to the pages (macros/__init__.py), and
`connecting check` reads their signatures to check every call in docs/ before a
build (connecting.data.macro_calls): a macro's parameters are written once, here.
A parameter named ``id``, ``principle`` or ``channel`` names an example, a
principle or a channel, and a call naming one that does not exist is a problem.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Sequence

from connecting.site import build_state, generated_pages, links, listings, render
from connecting.site.ruleset_json import MAX_DRAFT_LENGTH

if TYPE_CHECKING:
    from connecting.data.guide import Guide


@dataclass(frozen=True)
class Page:
    """What a macro knows of the page that calls it."""

    guide: Guide
    link: links.PageLinks
    source: str  # docs/<path>, for messages
    principle_order: Sequence[str]  # principle ids in the site's navigation order
    serving: bool  # a live preview: show a mistake in place instead of stopping
    site_name: str = ""  # the guide's name (mkdocs.yml site_name), for what is printed


class MacroError(Exception):
    """A call that cannot be rendered; the adapter turns it into MkDocs' PluginError."""


def example(page: Page, id: str) -> str:
    """One pair as a card, with the anchor ex-<id>."""
    if id not in page.guide.examples:
        message = f"{page.source}: example({id!r}) names no example; the ids are the file names under examples/"
        if not page.serving:
            raise MacroError(message)
        build_state.report(message)  # a live preview shows the mistake where the card would be
        return render.missing_example(id)
    return render.example_card(page.guide, page.guide.examples[id], page.link)


def examples(page: Page, principle: str | None = None, channel: str | None = None) -> str:
    """Every pair for a principle and/or channel, as cards (and pointers to pairs that moved away)."""
    return generated_pages.examples_with_moved(page.guide, page.link, principle, channel)


def rules(page: Page, principle: str | None = None) -> str:
    """The rules, or those explained by one principle, as a reference list."""
    chosen = [rule for rule in page.guide.ruleset.rules if principle in (None, rule.principle)]
    if principle is not None:  # after the principle's examples: one line per rule, each a link
        return render.rule_links(chosen, page.link)
    return render.rule_list(page.guide, chosen, page.link, permanent=True)


def gallery(page: Page) -> str:
    """Every pair as one line that opens to its card, with a search and filters by principle, channel,
    stage and rule (shown when JavaScript runs)."""
    return listings.gallery(page.guide, page.link, page.principle_order)


def lesson(page: Page) -> str:
    """A coach's lesson: the pairs its link names, in order, with the coach's note (shown by
    docs/javascripts/lessons.js from every card, which the page holds hidden)."""
    return listings.lesson(page.guide, page.link, page.site_name)


def lesson_builder(page: Page) -> str:
    """The coach's lesson builder: find and tick pairs, order them, add a note, copy the link."""
    return listings.lesson_builder(page.guide, page.link, page.principle_order)


def channel_list(page: Page) -> str:
    """Every channel with its limit and its number of pairs."""
    return listings.channel_list(page.guide, page.link)


def worksheets(page: Page) -> str:
    """One printable worksheet per principle."""
    return listings.worksheets(page.guide, page.link, page.principle_order, page.site_name)


def checker_link_form(page: Page) -> str:
    """A small form that makes a checker link holding a client's draft."""
    return listings.checker_link_form(page.guide, page.link)


def checker(page: Page) -> str:
    """The live message checker (shown by docs/javascripts/checker.js)."""
    return render.checker_form(page.guide, page.link, links.RULESET_PATH, MAX_DRAFT_LENGTH)


def quiz(page: Page) -> str:
    """The "connect or collect?" quiz (run by docs/javascripts/quiz.js)."""
    return render.quiz_box(page.link, links.RULESET_PATH)


MACROS: dict[str, Callable[..., str]] = {function.__name__: function for function in (
    example, examples, rules, gallery, lesson, lesson_builder, channel_list, worksheets, checker_link_form, checker, quiz,
)}


def parameters(name: str) -> list[inspect.Parameter]:
    """A macro's parameters as a page writes them (without the page itself)."""
    return list(inspect.signature(MACROS[name]).parameters.values())[1:]
