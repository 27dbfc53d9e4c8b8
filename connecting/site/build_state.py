"""What one `mkdocs` run keeps between its events and its rebuilds, in one object.

The hook makes a ``BuildState`` when MkDocs starts, hands it to each build's
config, and the macros look it up there: nothing here is a module global. It
holds whether this is a live preview, the validated guide (loaded again only
when a file that loading reads has changed), the last guide without problems
(a preview goes on showing it while the contributor fixes what they broke),
the guide this build renders from, the edit-link base and this build's
generated pages.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from connecting.data.files import files_under
from connecting.data.guide import INPUTS, RULES_DIR, Guide, load_guide
from connecting.data.problems import Problem
from connecting.site.generated_pages import GeneratedPage
from connecting.site.preview import Preview

# Not under the `mkdocs` logger on purpose: in strict mode MkDocs would count
# a preview's report as a warning and fail the very build that keeps the last
# good version on screen.
_preview_log = logging.getLogger("connecting.preview")
if not _preview_log.handlers:
    _preview_log.addHandler(logging.StreamHandler())
    _preview_log.propagate = False


def report(message: str) -> None:
    """Tell the person running `mkdocs serve` about a problem the preview works around."""
    _preview_log.error(f"ERROR   -  {message}")


def fingerprint(root: Path) -> tuple:
    """Size and time of every file that loading the guide reads, subfolders included:
    an edit anywhere in docs/ (a macro call in docs/coaches/, say) is a new guide."""
    stamps = []
    for name in INPUTS:
        base = root / name
        paths = files_under(root, base, "")[0] if base.is_dir() else [base]
        for path in paths:
            try:
                stat = path.stat()
            except OSError:  # gone or unreadable: loading reports it; the stamp must still differ
                stamps.append((path.as_posix(), -1, -1))
                continue
            stamps.append((path.as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


@dataclass
class BuildState:
    root: Path | None = None  # the folder of mkdocs.yml, known once the config is read
    serving: bool = False  # `mkdocs serve`: a preview shows problems instead of stopping
    edit_base: str | None = None  # extra.source_edit_url, checked (links.edit_base)
    generated: dict[str, GeneratedPage] = field(default_factory=dict)  # this build's pages made from data, by src_uri
    last_good: Guide | None = None
    pinned: Guide | None = None
    problems: list[Problem] = field(default_factory=list)  # what the last load of the data found
    # `mkdocs serve --dirty` (`make serve`): what is kept to render again only the pages a save changed
    preview: Preview | None = None
    _loaded: tuple[tuple, Guide] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.root is not None:
            self.root = Path(self.root).resolve()

    def current_guide(self) -> Guide:
        """The guide as its files are now, problems and all."""
        stamp = fingerprint(self.root)
        if self._loaded is None or self._loaded[0] != stamp:
            # A save that left every rule file as it was keeps the compiled, checked ruleset.
            before = self._loaded
            same_rules = before is not None and self._rule_stamps(before[0]) == self._rule_stamps(stamp)
            self._loaded = (stamp, load_guide(self.root, rules_of=before[1] if same_rules else None))
            if self._loaded[1].ok:
                self.last_good = self._loaded[1]
        return self._loaded[1]

    def _rule_stamps(self, stamp: tuple) -> tuple:
        folder = f"{(self.root / RULES_DIR).as_posix()}/"
        return tuple(entry for entry in stamp if entry[0].startswith(folder))

    def loaded_stamp(self) -> tuple:
        """The fingerprint of the data files as the guide was last loaded."""
        return self._loaded[0] if self._loaded is not None else ()

    def pin(self, guide: Guide | None) -> Guide | None:
        """Render this build's pages from ``guide``: one decision per build, not a
        look at the data files from every page and macro."""
        self.pinned = guide
        return guide

    def guide_for_pages(self) -> Guide:
        """What the pages are rendered from: the guide pinned for this build (in a preview with
        problems, the last good one), or else the data as it is now. While the preview renders
        one page, the same guide noting what that page reads of it."""
        guide = self.pinned or self.current_guide()
        return self.preview.view(guide) if self.preview is not None else guide


# The config attribute under which a build's state travels from the hook to the macros.
_ATTRIBUTE = "connecting_build_state"


def attach(config: object, state: BuildState) -> None:
    setattr(config, _ATTRIBUTE, state)


def of(config: object) -> BuildState:
    """The state the hook attached to this build's config."""
    state = getattr(config, _ATTRIBUTE, None)
    if state is None:
        raise LookupError("the guide's build state is missing: mkdocs.yml must list hooks/connecting_hook.py "
                          "under `hooks:`, which validates the data and hands it to the macros")
    return state
