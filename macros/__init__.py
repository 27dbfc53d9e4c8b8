"""mkdocs-macros adapter: the macros that pages call to embed examples and rules.

Everything is rendered by `connecting.render` from validated data; this module
only finds the guide and the current page.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from connecting.site import ruleset_json as browser
from connecting.site import generated_pages as generated
from connecting.site import listings
from connecting.site import render
from connecting.site import build_state as site
from connecting.site.build_state import guide_for_pages


def define_env(env) -> None:
    root = Path(env.project_dir)

    def link(target: str) -> str:
        return get_relative_url(target, env.page.url)

    def where() -> str:
        return f"docs/{env.page.file.src_path}"

    @env.macro
    def example(id: str) -> str:
        """One pair as a card, with the anchor ex-<id>."""
        guide = guide_for_pages(root)
        if id not in guide.examples:
            message = f"{where()}: example({id!r}) names no example; the ids are the file names under examples/"
            if site.serving:  # a live preview shows the mistake where the card would be
                site.report(message)
                return render.missing_example(id)
            raise PluginError(message)
        return render.example_card(guide, guide.examples[id], link)

    @env.macro
    def examples(principle: str | None = None, channel: str | None = None) -> str:
        """Every pair for a principle and/or channel, as cards (and pointers to pairs that moved away)."""
        return generated.examples_with_moved(guide_for_pages(root), link, principle, channel)

    def principle_order() -> list[str]:
        """Principle ids in the order of the site's navigation."""
        found: list[str] = []

        def walk(item) -> None:
            if isinstance(item, str) and item.startswith("principles/"):
                found.append(item.removeprefix("principles/").removesuffix(".md"))
            for child in (item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()):
                walk(child)
        walk(env.conf.get("nav") or [])
        return found

    @env.macro
    def gallery() -> str:
        """Every pair as a card, with filters by principle and channel (shown when JavaScript runs)."""
        return listings.gallery(guide_for_pages(root), link, principle_order())

    @env.macro
    def channel_list() -> str:
        """Every channel with its limit and its number of pairs."""
        return listings.channel_list(guide_for_pages(root), link)

    @env.macro
    def worksheets() -> str:
        """One printable worksheet per principle."""
        return listings.worksheets(guide_for_pages(root), link, principle_order())

    @env.macro
    def checker_link_form() -> str:
        """A small form that makes a checker link holding a client's draft."""
        return listings.checker_link_form(guide_for_pages(root), link)

    @env.macro
    def rules(principle: str | None = None) -> str:
        """The rules, or those explained by one principle, as a reference list."""
        guide = guide_for_pages(root)
        chosen = [rule for rule in guide.ruleset.rules if principle in (None, rule.principle)]
        # On a principle's own page, a link back to that page would say nothing.
        return render.rule_list(guide, chosen, link, show_principle=principle is None, permanent=principle is None)

    @env.macro
    def checker() -> str:
        """The live message checker (shown by docs/javascripts/checker.js)."""
        return render.checker_form(guide_for_pages(root), link, browser.RULESET_PATH, browser.MAX_DRAFT_LENGTH)

    @env.macro
    def quiz() -> str:
        """The "connect or collect?" quiz (run by docs/javascripts/quiz.js)."""
        return render.quiz_box(link, browser.RULESET_PATH)
