"""mkdocs-macros adapter: the macros that pages call to embed examples and rules.

Everything is rendered by `connecting.render` from validated data; this module
only finds the guide and the current page.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

import logging

from connecting import browser, links, render, site
from connecting.site import guide_for_pages

preview_log = logging.getLogger("connecting.preview")


def define_env(env) -> None:
    root = Path(env.project_dir)
    try:  # extra.source_edit_url: each card links to its file for editing (none when unset)
        edit_base = links.edit_base(env.conf["extra"].get(links.EDIT_SETTING))
    except ValueError as err:
        raise PluginError(str(err)) from None

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
                preview_log.error(f"ERROR   -  {message}")
                return render.missing_example(id)
            raise PluginError(message)
        return render.example_card(guide, guide.examples[id], link, edit_base)

    @env.macro
    def examples(principle: str | None = None, channel: str | None = None) -> str:
        """Every pair for a principle and/or channel, as cards."""
        guide = guide_for_pages(root)
        chosen = [ex for ex in sorted(guide.examples.values(), key=lambda ex: ex.id)
                  if principle in (None, ex.principle) and channel in (None, ex.channel)]
        return render.example_cards(guide, chosen, link, edit_base)

    @env.macro
    def rules(principle: str | None = None) -> str:
        """The rules, or those explained by one principle, as a reference list."""
        guide = guide_for_pages(root)
        chosen = [rule for rule in guide.ruleset.rules if principle in (None, rule.principle)]
        # On a principle's own page, a link back to that page would say nothing.
        return render.rule_list(guide, chosen, link, show_principle=principle is None)

    @env.macro
    def checker() -> str:
        """The live message checker (shown by docs/javascripts/checker.js)."""
        return render.checker_form(guide_for_pages(root), link, browser.RULESET_PATH, browser.MAX_DRAFT_LENGTH)

    @env.macro
    def quiz() -> str:
        """The "connect or collect?" quiz (run by docs/javascripts/quiz.js)."""
        return render.quiz_box(link, browser.RULESET_PATH)
