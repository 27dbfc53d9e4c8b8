"""mkdocs-macros adapter: offers the pages the macros of `connecting.site.page_macros`.

Each macro is a plain function of the calling page and its literal arguments;
this module only tells it which page is calling and which guide to render.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from connecting.site import build_state, links, page_macros


def _principle_order(nav) -> list[str]:
    """Principle ids in the order of the site's navigation."""
    found: list[str] = []

    def walk(item) -> None:
        if isinstance(item, str) and item.startswith("principles/"):
            found.append(item.removeprefix("principles/").removesuffix(".md"))
        for child in (item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()):
            walk(child)
    walk(nav or [])
    return found


def define_env(env) -> None:
    def calling_page() -> page_macros.Page:
        state = build_state.of(env.conf)
        url = env.page.url
        return page_macros.Page(
            guide=state.guide_for_pages(),
            link=links.PageLinks(lambda target: get_relative_url(target, url), state.edit_base,
                                 env.conf.get("site_url")),
            source=f"docs/{env.page.file.src_path}",
            principle_order=_principle_order(env.conf.get("nav")),
            serving=state.serving,
            site_name=env.conf.get("site_name") or "",
        )

    def offer(macro):
        def on_page(*args, **kwargs) -> str:
            try:
                return macro(calling_page(), *args, **kwargs)
            except page_macros.MacroError as err:
                raise PluginError(str(err)) from None
        on_page.__name__, on_page.__doc__ = macro.__name__, macro.__doc__
        return on_page

    for name, macro in page_macros.MACROS.items():
        env.macro(offer(macro), name)
