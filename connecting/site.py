"""The guide as the site builders see it: loaded once per change of its files.

The hook validates and the macros render from the same Guide object; a
fingerprint of the data files' sizes and times lets `mkdocs serve` pick up an
edit without reading everything twice per build.
"""

from __future__ import annotations

from pathlib import Path

from .guide import Guide, load_guide

_WATCHED = ("examples", "rules", "data", "docs/principles", "docs")
_cache: dict[Path, tuple[tuple, Guide]] = {}


def _fingerprint(root: Path) -> tuple:
    stamps = []
    for folder in _WATCHED:
        base = root / folder
        if base.is_dir():
            for path in sorted(base.glob("*")):
                if path.is_file():
                    stat = path.stat()
                    stamps.append((path.as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def current_guide(root: Path | str) -> Guide:
    root = Path(root).resolve()
    stamp = _fingerprint(root)
    cached = _cache.get(root)
    if cached is None or cached[0] != stamp:
        cached = (stamp, load_guide(root))
        _cache[root] = cached
    return cached[1]
