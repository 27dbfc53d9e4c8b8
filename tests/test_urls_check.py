"""`connecting check` catches a pair whose URLs urls.txt lacks, before CI's manifest test does."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import connecting


def _add_pair(guide: Path) -> None:
    source = (guide / "examples" / "birthday-wish-empty-name.yml").read_text(encoding="utf-8")
    lines = source.splitlines()
    lines = ["id: birthday-second-pair" if line.startswith("id: ") else line for line in lines]
    do = lines.index("do:")
    lines[do + 1] = '  text: "Happy birthday, Ravi! I hope the new allotment gives you a fine crop of beans this summer."'
    (guide / "examples" / "birthday-second-pair.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_check_names_the_missing_urls_and_the_command_that_adds_them(guide_copy: Path) -> None:
    _add_pair(guide_copy)
    result = connecting("check", "--format", "json", cwd=guide_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    problems = json.loads(result.stdout)
    assert [(p["path"], p["code"]) for p in problems] == [("examples/birthday-second-pair.yml", "urls-unlisted")]
    assert "/examples/birthday-second-pair/" in problems[0]["message"]
    assert "connecting urls --example birthday-second-pair" in problems[0]["hint"]

    added = connecting("urls", "--example", "birthday-second-pair", cwd=guide_copy)
    assert added.returncode == 0, added.stderr
    assert connecting("check", cwd=guide_copy).returncode == 0


def test_a_guide_without_a_manifest_promises_nothing(guide_copy: Path) -> None:
    (guide_copy / "urls.txt").unlink()
    result = connecting("check", cwd=guide_copy)
    assert result.returncode == 0, result.stdout + result.stderr
