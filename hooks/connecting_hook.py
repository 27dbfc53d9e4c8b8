"""MkDocs hook: validate the guide's data before anything is written.

A thin adapter: the checks live in the `connecting` package. Validating in
`on_pre_build` runs before MkDocs cleans `site/`, so a failed build leaves the
last good site as it was (and `mkdocs serve` keeps serving it).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from connecting.site import current_guide


def on_pre_build(config: MkDocsConfig) -> None:
    guide = current_guide(Path(config.config_file_path).parent)
    if guide.problems:
        listing = "\n".join(f"  {problem}" for problem in guide.problems)
        raise PluginError(
            f"The guide's data has {len(guide.problems)} problem(s); nothing was written:\n{listing}\n"
            "Fix them and save: `connecting check` shows the same list without building."
        )
