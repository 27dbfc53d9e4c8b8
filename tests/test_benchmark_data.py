"""The benchmark's planted pairs are found, and only they (a small, untimed run of its generator)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from conftest import REPO
from connecting.data.guide import load_guide

spec = importlib.util.spec_from_file_location("check_speed", REPO / "benchmarks" / "check_speed.py")
check_speed = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_speed)


def test_synthetic_guide_reports_exactly_the_planted_similar_pairs(tmp_path: Path) -> None:
    must_report = check_speed.make_guide(tmp_path, 400)
    assert len(must_report) == 2  # one 0.82 pair per 5,000 pairs, at least two
    guide = load_guide(tmp_path)
    assert len(guide.examples) == 400
    found = {frozenset(p.message.split("examples/")[1].split(".yml")[0:1] + [p.path.split("/")[1][:-4]])
             for p in guide.problems if p.code == "same-message"}
    others = [str(p) for p in guide.problems if p.code != "same-message"]
    assert others == [] and found == must_report
