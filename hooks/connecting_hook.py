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
from mkdocs.structure.files import File, Files

from connecting import browser, site

# Not under the `mkdocs` logger on purpose: in strict mode MkDocs would count
# this report as a warning and fail the preview build it is trying to keep.
preview_log = logging.getLogger("connecting.preview")
if not preview_log.handlers:
    preview_log.addHandler(logging.StreamHandler())
    preview_log.propagate = False

def on_startup(command: str, dirty: bool) -> None:
    site.serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # mkdocs-macros ends the whole process on a macro error when on_error_fail
    # is set; in a live preview that would kill the server. The page then shows
    # the error instead, and the build still fails under --strict.
    if site.serving and "macros" in config.plugins:
        config.plugins["macros"].config["on_error_fail"] = False
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    root = Path(config.config_file_path).parent
    site.unpin(root)
    guide = site.current_guide(root)
    if not guide.problems:
        return
    listing = "\n".join(f"  {problem}" for problem in guide.problems)
    if site.serving and site.pin_last_good(root):
        preview_log.error(
            f"ERROR   -  The guide's data has {len(guide.problems)} problem(s):\n{listing}\n"
            "The preview keeps showing the last good version until they are fixed.")
        return
    raise PluginError(
        f"The guide's data has {len(guide.problems)} problem(s); nothing was written:\n{listing}\n"
        "Fix them and save: `connecting check` shows the same list without building."
    )


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # The live checker's ruleset, from the same data the pages are rendered from.
    root = Path(config.config_file_path).parent
    files.append(File.generated(config, browser.RULESET_PATH, content=browser.ruleset_json(site.guide_for_pages(root))))
    return files
