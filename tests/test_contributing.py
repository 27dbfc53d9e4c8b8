"""A newcomer follows CONTRIBUTING.md in a fresh copy of the guide: scaffold, write, check.

The commands, texts and the output line this test uses are read from
CONTRIBUTING.md itself, so the walk-through cannot drift from what the tools do.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from conftest import REPO, connecting, mkdocs_build

GUIDE_TEXT = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE_TEXT, re.DOTALL)


def _command(name: str) -> list[str]:
    """The first `connecting <name> ...` line of a shell block, as arguments."""
    for block in _blocks("sh"):
        for line in block.splitlines():
            if line.startswith(f"connecting {name} "):
                return shlex.split(line.split("#")[0])[1:]
    raise AssertionError(f"CONTRIBUTING.md shows no `connecting {name}` command")


def _fill(scaffold: str, written: str) -> str:
    """Do what step 2 says: replace each FILL IN line with the walk-through's line for that field."""
    lines = scaffold.splitlines(keepends=True)
    for new_line in written.splitlines():
        key = new_line.split(":", 1)[0] + ":"
        matches = [i for i, line in enumerate(lines) if line.startswith(key) and "FILL IN:" in line]
        if matches:
            lines[matches[0]] = new_line + "\n"
    return "".join(lines)


@pytest.fixture
def newcomer(tmp_path: Path) -> Path:
    """The repository as a fresh clone has it (the folders the tools read)."""
    from conftest import copy_guide

    return copy_guide(tmp_path / "clone")


@pytest.mark.slow  # builds the site more than once
def test_the_walk_through_in_contributing_md_leads_to_a_passing_check_and_a_published_card(
        newcomer: Path, tmp_path: Path, monkeypatch) -> None:
    # Step 1: scaffold, with the command as CONTRIBUTING.md prints it.
    args = _command("new")
    example_id = args[args.index("--id") + 1]
    principle = args[args.index("--principle") + 1]
    created = connecting(*args, cwd=newcomer)
    assert created.returncode == 0, created.stderr
    assert f"Created examples/{example_id}.yml." in created.stdout
    path = newcomer / "examples" / f"{example_id}.yml"
    scaffold = path.read_text(encoding="utf-8")

    # The fresh file fails, and says what to fill in, field by field.
    fresh = connecting("check", cwd=newcomer)
    assert fresh.returncode == 1
    lines = fresh.stdout.splitlines()
    assert all(line.startswith(f"examples/{example_id}.yml:") for line in lines), lines
    assert [re.sub(r":\d+:\d+: ", ": ", line.split(" it still")[0]) for line in lines] == [
        f"examples/{example_id}.yml: fill in `{field}`:" for field in ("situation", "dont.text", "do.text", "why")]
    assert all("[unfilled] Hint: " in line for line in lines)

    # Step 2: write the four texts shown in CONTRIBUTING.md.
    [written] = [block for block in _blocks("yaml") if block.startswith("situation:")]
    path.write_text(_fill(scaffold, written), encoding="utf-8")
    assert not re.search(r": \"FILL IN:", path.read_text(encoding="utf-8"))

    # Step 3: check. The answer is the one CONTRIBUTING.md shows.
    [expected] = [line for block in _blocks("text") for line in block.splitlines() if line.startswith("examples/")]
    first = connecting("check", cwd=newcomer)
    assert first.returncode == 1
    assert first.stdout.splitlines() == [expected]

    flags = connecting(*_command("flags"), cwd=newcomer)
    assert flags.returncode == 0, flags.stdout + flags.stderr
    final = connecting("check", cwd=newcomer)
    assert final.returncode == 0, final.stdout
    assert final.stdout.startswith("OK: ")
    # The sample line that CONTRIBUTING.md promises has the real output's wording; only counts may differ.
    sample = re.search(r"`(OK: [^`]*)`", GUIDE_TEXT).group(1)
    assert re.sub(r"\d+", "N", sample) == re.sub(r"\d+", "N", final.stdout.strip())

    # Every byte the newcomer wrote is kept; only the flags value was filled in.
    after = path.read_text(encoding="utf-8")
    assert after == _fill(scaffold, written).replace("  flags: []\n", "  flags: [unfilled-placeholder]\n")

    # A strict build passes and the new card is on its principle's page, without an edit link
    # unless the setting is given.
    monkeypatch.delenv("CONNECTING_EDIT_URL", raising=False)
    site = tmp_path / "site"
    build = mkdocs_build(newcomer, site)
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr, build.stderr
    page = (site / "principles" / principle / "index.html").read_text(encoding="utf-8")
    assert f'id="ex-{example_id}"' in page
    assert "Ms Okafor, the photos of the winter wedding" in page
    assert "cc-card__edit" not in page


def test_the_setup_commands_in_contributing_md_exist() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z]+):", makefile, re.MULTILINE))
    shown = {word for block in _blocks("sh") for word in re.findall(r"^make (\w+)", block, re.MULTILINE)}
    assert shown and shown <= targets, shown - targets
    # `source .venv/bin/activate` works because the Makefile makes the virtual environment there.
    assert "source .venv/bin/activate" in GUIDE_TEXT
    assert re.search(r"^VENV\s*:=\s*\.venv$", makefile, re.MULTILINE)
