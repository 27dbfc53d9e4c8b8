"""Two builds of one commit are byte-identical on any day, because the dates come from SOURCE_DATE_EPOCH."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow

EPOCH = "1764633600"  # any fixed moment; `make` uses the last commit's date


def build(root: Path, site: Path, epoch: str | None, clock: str | None = None) -> None:
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(site)]
    if clock:
        faketime = shutil.which("faketime")
        assert faketime, "Debian's faketime is needed (apt-get install faketime; .ci/run installs it)"
        command = [faketime, clock, *command]
    subprocess.run(command, cwd=root, env=env, check=True, capture_output=True, text=True)


def differing(left: Path, right: Path) -> list[str]:
    left_files = sorted(p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file())
    right_files = sorted(p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file())
    assert left_files == right_files
    return [name for name in left_files if not filecmp.cmp(left / name, right / name, shallow=False)]


def test_a_build_two_days_later_is_byte_identical(guide_copy: Path, tmp_path: Path) -> None:
    build(guide_copy, tmp_path / "today", EPOCH)
    build(guide_copy, tmp_path / "later", EPOCH, clock="+2 days")
    assert differing(tmp_path / "today", tmp_path / "later") == []
    # Without the epoch the clock leaks into the site: the comparison above can fail.
    build(guide_copy, tmp_path / "unpinned", None, clock="+2 days")
    assert "sitemap.xml" in differing(tmp_path / "today", tmp_path / "unpinned")


def test_make_takes_the_epoch_from_the_last_commit() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct" in makefile and "export SOURCE_DATE_EPOCH" in makefile
