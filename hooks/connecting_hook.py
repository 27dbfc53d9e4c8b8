"""MkDocs hook: validate the guide's data before anything is written.

A thin adapter: the checks live in the `connecting` package. Validating in
`on_pre_build` runs before MkDocs cleans `site/`, so a failed build leaves the
last good site as it was.

Under `mkdocs serve`, a failed rebuild would leave the preview server waiting
(MkDocs holds every request until a build succeeds). So, once a good build
exists, a rebuild with problems prints them and renders the last good data
again: the browser keeps the last good guide while the terminal says what to fix.

What a run keeps between events and rebuilds is one `BuildState`, made at
start-up and handed to each build's config, where the macros find it too.

Under `mkdocs serve --dirty` (what `make serve` runs), a rebuild renders only
the pages a save changed, as `connecting.site.preview` decides; a rebuild
after anything it cannot tell apart renders every page, like `mkdocs build`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, get_relative_url

from connecting.data import problems
from connecting.site import build_state, generated_pages, links, render, ruleset_json
from connecting.site.build_state import BuildState
from connecting.site.preview import Preview

# mkdocs-macros reports its set-up at INFO on every (re)build: six lines that
# a contributor never needs. Its warnings and errors still show.
logging.getLogger("mkdocs.plugins.mkdocs_macros").setLevel(logging.WARNING)

# This `mkdocs` run's state: MkDocs loads a hook once per process, and a
# preview's rebuilds share it (the last good guide, the validation cache).
_run: BuildState | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _run
    serving = command == "serve"
    _run = BuildState(serving=serving, preview=Preview() if serving and dirty else None)
    if _run.preview is not None:  # MkDocs' warning that a dirty build's navigation may be stale: not here
        logging.getLogger("mkdocs.commands.build").addFilter(_run.preview.quiet)


def on_shutdown() -> None:
    if _run is not None and _run.preview is not None:
        logging.getLogger("mkdocs.commands.build").removeFilter(_run.preview.quiet)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _run
    if _run is None:  # a build started without `mkdocs` (from Python): no start-up event
        _run = BuildState()
    _run.root = Path(config.config_file_path).parent.resolve()
    build_state.attach(config, _run)
    if _run.serving:
        # mkdocs-macros ends the whole process on a macro error when on_error_fail
        # is set, and strict mode turns its warning into an aborted build, after
        # which the server holds every request: a preview shows the error in the
        # page instead (and in the terminal). `mkdocs build` stays strict.
        _not_strict(config)
        if "macros" in config.plugins:
            config.plugins["macros"].config["on_error_fail"] = False
    try:  # extra.source_edit_url: each card links to its file for editing (none when unset)
        _run.edit_base = links.edit_base(config.extra.get(links.EDIT_SETTING))
    except ValueError as err:
        raise PluginError(str(err)) from None
    return config


def _not_strict(config: MkDocsConfig) -> None:
    """A preview counts no warnings: MkDocs attached its strict-mode counter before this event."""
    config.strict = False
    counted = logging.getLogger("mkdocs")
    for handler in [h for h in counted.handlers if isinstance(h, CountHandler)]:
        counted.removeHandler(handler)


def on_pre_build(config: MkDocsConfig) -> None:
    state = build_state.of(config)
    state.pin(None)
    if state.preview is not None:
        state.preview.end_page()
    guide = state.current_guide()
    state.problems = guide.problems
    if guide.ok:
        state.pin(guide)
        return
    listing = problems.as_text(guide.problems, indent="  ")
    if state.serving:
        shown = ("The preview keeps showing the last good version until they are fixed." if state.pin(state.last_good)
                 else "The preview shows only this list until they are fixed.")
        build_state.report(f"The guide's data has {len(guide.problems)} problem(s):\n{listing}\n{shown}")
        return
    raise PluginError(
        f"The guide's data has {len(guide.problems)} problem(s); nothing was written:\n{listing}\n"
        "Fix them and save: `connecting check` shows the same list without building."
    )


@event_priority(50)  # before mkdocs-redirects lists the pages it may redirect to
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add a page per example, rule and channel, made from the data (never written to docs/)."""
    state = build_state.of(config)
    state.generated.clear()
    if state.serving and state.problems and state.pinned is None:
        files = _only_the_problems(files, config)
    else:
        files = _with_generated(files, config, state)
    if state.preview is not None:  # which pages this rebuild renders again
        state.preview.plan(files, state.root, Path(config.config_file_path), state.loaded_stamp(),
                           state.pinned, bool(state.problems), state.generated)
    return files


def _with_generated(files: Files, config: MkDocsConfig, state: BuildState) -> Files:
    guide = state.guide_for_pages()
    for page in generated_pages.pages(guide):
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} is written by hand, but the build makes that page from the data: "
                              "rename or remove the hand-written file")
        state.generated[page.src_uri] = page
        files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV))
    # The live checker's ruleset, from the same data the pages are rendered from.
    files.append(File.generated(config, links.RULESET_PATH, content=ruleset_json.ruleset_json(guide)))
    # A renamed pair's old page redirects to its new one, like any page move.
    if "redirects" in config.plugins:
        config.plugins["redirects"].config["redirect_maps"].update(generated_pages.redirects(guide))
    return files


def _only_the_problems(files: Files, config: MkDocsConfig) -> Files:
    """A preview started while the data has problems: the theme's assets and one page, the list."""
    kept = Files([file for file in files if not file.is_documentation_page()])
    config.nav = ["index.md"]  # the navigation's other pages are not built this time
    kept.append(File.generated(config, "index.md", content="---\ntitle: Problems in the guide's data\nrender_macros: false\n---\n"))
    return kept


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    state = build_state.of(config)
    if state.preview is not None:  # from here to the end of on_page_content, note what the page reads
        state.preview.start_page(page, state.generated)
    return page


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = build_state.of(config)
    try:
        return _page_content(html, page, state)
    finally:
        if state.preview is not None:
            state.preview.end_page()


def _page_content(html: str, page: Page, state: BuildState) -> str:
    if state.serving and state.problems:  # a preview of data with problems says so on every page
        html = render.preview_problems(state.problems, standing=state.pinned is None) + html
    made = state.generated.get(page.file.src_uri)
    if made is None:
        return html
    link = links.PageLinks(lambda target: get_relative_url(target, page.url), state.edit_base)
    return generated_pages.fill(state.guide_for_pages(), made, html, link)


def on_env(env, config: MkDocsConfig, files: Files):
    preview = build_state.of(config).preview
    if preview is not None:
        env.bytecode_cache = preview.templates  # Material's templates compiled once per preview
        preview.restore(files)  # pages not rendered again keep their titles in the navigation
    return env


@event_priority(-100)  # after the search plugin indexed the page
def on_page_context(context, page: Page, config: MkDocsConfig, nav):
    preview = build_state.of(config).preview
    if preview is not None:
        preview.searched(page, config.plugins.get("material/search"))
    return context


@event_priority(100)  # before the search plugin writes its index
def on_post_build(config: MkDocsConfig) -> None:
    preview = build_state.of(config).preview
    if preview is None:
        return
    search = config.plugins.get("material/search")
    if search is not None and getattr(search, "search_index", None) is not None:
        # Every page's entries, the ones not rendered again from their last build: not the
        # plugin's own dirty merge, which replaces the entries of the first page rebuilt only.
        search.search_index.entries = preview.search_entries()
        search.search_index_prev = None
    preview.finished()


def on_build_error(error: Exception) -> None:
    if _run is not None and _run.preview is not None:
        _run.preview.failed()  # the next rebuild renders every page
