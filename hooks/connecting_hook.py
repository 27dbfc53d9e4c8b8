"""MkDocs hook: validate the guide's data before anything is written.

A thin adapter: the checks live in the `connecting` package. Validating in
`on_pre_build` runs before MkDocs cleans `site/`, so a failed build leaves the
last good site as it was.

Under `mkdocs serve`, a failed rebuild would leave the preview server waiting
(MkDocs holds every request until a build succeeds). So, once a good build
exists, a rebuild with problems prints them and renders the last good data
again: the browser keeps the last good guide while the terminal says what to fix.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from connecting.site import ruleset_json as browser
from connecting.site import generated_pages as generated
from connecting.site import links
from connecting.site import render
from connecting.site import build_state as site

# mkdocs-macros reports its set-up at INFO on every (re)build: six lines that
# a contributor never needs. Its warnings and errors still show.
logging.getLogger("mkdocs.plugins.mkdocs_macros").setLevel(logging.WARNING)

# The pages generated for this build, by source path.
_generated: dict[str, generated.GeneratedPage] = {}


def on_startup(command: str, dirty: bool) -> None:
    site.serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # mkdocs-macros ends the whole process on a macro error when on_error_fail
    # is set; in a live preview that would kill the server. The page then shows
    # the error instead, and the build still fails under --strict.
    if site.serving and "macros" in config.plugins:
        config.plugins["macros"].config["on_error_fail"] = False
    try:  # extra.source_edit_url: each card links to its file for editing (none when unset)
        render.configure(links.edit_base(config.extra.get(links.EDIT_SETTING)))
    except ValueError as err:
        raise PluginError(str(err)) from None
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    root = Path(config.config_file_path).parent
    site.unpin(root)
    guide = site.current_guide(root)
    if not guide.problems:
        site.pin(root, guide)
        return
    listing = "\n".join(f"  {problem}" for problem in guide.problems)
    if site.serving and site.pin_last_good(root):
        site.report(
            f"The guide's data has {len(guide.problems)} problem(s):\n{listing}\n"
            "The preview keeps showing the last good version until they are fixed.")
        return
    raise PluginError(
        f"The guide's data has {len(guide.problems)} problem(s); nothing was written:\n{listing}\n"
        "Fix them and save: `connecting check` shows the same list without building."
    )


@event_priority(50)  # before mkdocs-redirects lists the pages it may redirect to
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add a page per example, rule and channel, made from the data (never written to docs/)."""
    guide = site.guide_for_pages(Path(config.config_file_path).parent)
    _generated.clear()
    for page in generated.pages(guide):
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} is written by hand, but the build makes that page from the data: "
                              "rename or remove the hand-written file")
        _generated[page.src_uri] = page
        files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV))
    # The live checker's ruleset, from the same data the pages are rendered from.
    files.append(File.generated(config, browser.RULESET_PATH, content=browser.ruleset_json(guide)))
    # A renamed pair's old page redirects to its new one, like any page move.
    if "redirects" in config.plugins:
        config.plugins["redirects"].config["redirect_maps"].update(generated.redirects(guide))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    made = _generated.get(page.file.src_uri)
    if made is None:
        return html
    guide = site.guide_for_pages(Path(config.config_file_path).parent)
    return generated.fill(guide, made, html, lambda target: get_relative_url(target, page.url))
