"""The guide as the site builders see it: loaded once per change of its files.

The hook validates and the macros render from the same Guide object. A
fingerprint of the data files' sizes and times lets `mkdocs serve` pick up an
edit without reading everything twice per build, and the last guide without
problems is kept, so that a live preview can go on showing it while the
contributor fixes what they broke.
"""

from __future__ import annotations

import logging
from pathlib import Path

from connecting.data.guide import INPUTS, Guide, load_guide

# True while `mkdocs serve` runs: a live preview shows problems instead of stopping.
serving = False

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

_cache: dict[Path, tuple[tuple, Guide]] = {}
_last_good: dict[Path, Guide] = {}
_pinned: dict[Path, Guide] = {}


def _fingerprint(root: Path) -> tuple:
    """Size and time of every file that loading the guide reads, subfolders included:
    an edit anywhere in docs/ (a macro call in docs/coaches/, say) is a new guide."""
    stamps = []
    for name in INPUTS:
        base = root / name
        paths = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for path in paths:
            try:
                stat = path.stat()
            except OSError:  # gone or unreadable: loading reports it; the stamp must still differ
                stamps.append((path.as_posix(), -1, -1))
                continue
            stamps.append((path.as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def current_guide(root: Path | str) -> Guide:
    """The guide as its files are now, problems and all."""
    root = Path(root).resolve()
    stamp = _fingerprint(root)
    cached = _cache.get(root)
    if cached is None or cached[0] != stamp:
        cached = (stamp, load_guide(root))
        _cache[root] = cached
        if cached[1].ok:
            _last_good[root] = cached[1]
    return cached[1]


def pin(root: Path | str, guide: Guide) -> None:
    """Render this build's pages from ``guide``: one decision per build, not a
    look at the data files from every page and macro."""
    _pinned[Path(root).resolve()] = guide


def pin_last_good(root: Path | str) -> Guide | None:
    """Render from the last guide without problems (None if there never was one)."""
    root = Path(root).resolve()
    if root in _last_good:
        pin(root, _last_good[root])
    return _pinned.get(root)


def unpin(root: Path | str) -> None:
    _pinned.pop(Path(root).resolve(), None)


def guide_for_pages(root: Path | str) -> Guide:
    """What the pages are rendered from: the guide pinned for this build (in a preview with
    problems, the last good one), or else the data as it is now."""
    return _pinned.get(Path(root).resolve()) or current_guide(root)
