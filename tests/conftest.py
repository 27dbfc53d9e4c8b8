"""Shared helpers: a private copy of the guide, and running the CLI and MkDocs on it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# The readability test leaves its per-page scores here; the run's summary prints them.
READABILITY_SCORES = pytest.StashKey[list[str]]()
COPIED = ("mkdocs.yml", "docs", "examples", "rules", "data", "hooks", "macros", "urls.txt")


def copy_guide(target: Path) -> Path:
    """A copy of the guide's sources that a test may break without harm."""
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def run(*args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8", **(env or {}))
    return subprocess.run(args, cwd=cwd, input=stdin, capture_output=True, text=True, env=env, timeout=300)


def connecting(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "connecting", *args, cwd=cwd, stdin=stdin)


def mkdocs_build(root: Path, site: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
               "-d", str(site), cwd=root, env=env)


@pytest.fixture
def guide_copy(tmp_path: Path) -> Path:
    return copy_guide(tmp_path / "guide")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real guide, built once with --strict into a temporary folder."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(REPO, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    scores = config.stash.get(READABILITY_SCORES, None)
    if scores:
        terminalreporter.section("Flesch reading ease per page (at least 60)")
        for line in scores:
            terminalreporter.write_line(line)
