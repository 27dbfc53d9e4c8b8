"""The guide's own files: what loading may read, and a located problem for anything else.

A pull request can add a symbolic link where a data file or page belongs. It is
followed only when it leads to a file inside the guide; a link out of the
guide, a loop or a link to nothing is a problem that names the link and never
shows what lies behind it. A folder that cannot be listed is a problem too,
not a crash.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from connecting.data.problems import Problem

_LINK_HINT = "put the file itself here instead of a link"


def rel_path(root: Path, path: Path) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


def link_problem(root: Path, path: Path) -> Problem | None:
    """None when ``path`` is not a link, or is one that leads inside ``root``; else what is wrong."""
    if not path.is_symlink():
        return None
    rel = rel_path(root, path)
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a loop this way
        return Problem(rel, 1, 1, "link-loop", "this symbolic link leads back to itself", _LINK_HINT)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return Problem(rel, 1, 1, "link-loop", "this symbolic link leads back to itself", _LINK_HINT)
        return Problem(rel, 1, 1, "broken-link", "this symbolic link leads to nothing that can be read", _LINK_HINT)
    if not target.is_relative_to(root):
        return Problem(rel, 1, 1, "outside-guide",
                       "this is a symbolic link to something outside the guide, which reads only its own files",
                       _LINK_HINT)
    return None


def folder_entries(root: Path, folder: Path) -> tuple[list[os.DirEntry], list[Problem]]:
    """The entries of a folder in name order (hidden ones left out), or the problem that stops listing it."""
    problem = link_problem(root, folder)
    if problem:
        return [], [problem]
    try:
        with os.scandir(folder) as listed:
            entries = sorted((entry for entry in listed if not entry.name.startswith(".")), key=lambda e: e.name)
    except OSError as err:
        return [], [Problem(rel_path(root, folder) + "/", 1, 1, "unreadable",
                            f"cannot list this folder: {err.strerror or err}",
                            "check its permissions (it must be readable and searchable)")]
    return entries, []


def files_under(root: Path, folder: Path, suffix: str) -> tuple[list[Path], list[Problem]]:
    """Every file ending in ``suffix`` below ``folder``, subfolders included, in path order.

    Links are followed only into the guide, and a folder is never entered
    twice, so a loop of links ends."""
    found: list[Path] = []
    problems: list[Problem] = []
    pending = [folder]
    seen: set[Path] = set()
    while pending:
        current = pending.pop()
        real = current.resolve()
        if real in seen:
            continue
        seen.add(real)
        entries, trouble = folder_entries(root, current)
        problems += trouble
        for entry in entries:
            path = Path(entry.path)
            problem = link_problem(root, path)
            if problem:
                if entry.name.endswith(suffix) or _is_dir(entry):
                    problems.append(problem)
                continue
            if _is_dir(entry):
                pending.append(path)
            elif entry.name.endswith(suffix):
                found.append(path)
    return sorted(found), problems


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
