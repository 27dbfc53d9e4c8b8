"""The evaluation corpus under eval/ and the `connecting eval` command that measures the rules with it."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO, connecting
from connecting.data.schema import schema, schema_problems
from connecting.data.yamlfile import load_yaml
from connecting.tools.eval import COLLECTING_CATEGORIES

EVAL_FILES = sorted((REPO / "eval").rglob("*.yml"))
# What rules may be tuned on: the dev split, and every earlier sealed test split once it has
# been run (its misses have been read, so it measures nothing new; eval/rounds/).
TUNING_PATHS = ("eval/dev", "eval/rounds")
DEV_FILES = sorted((REPO / "eval" / "dev").glob("*.yml")) + sorted((REPO / "eval" / "rounds").rglob("*.yml"))
FIGURES = {"collect", "flagged", "recall", "connect", "passed", "pass_share"}


@pytest.fixture(scope="module")
def dev_report() -> dict:
    result = connecting("eval", *TUNING_PATHS, "--format", "json", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_the_schema_is_valid_and_lists_the_fifteen_categories() -> None:
    jsonschema.Draft7Validator.check_schema(schema("eval"))
    category = schema("eval")["properties"]["messages"]["items"]["properties"]["category"]
    assert tuple(category["anyOf"][0]["enum"]) == COLLECTING_CATEGORIES
    assert len(COLLECTING_CATEGORIES) == 15


@pytest.mark.parametrize("path", EVAL_FILES, ids=lambda path: path.relative_to(REPO).as_posix())
def test_every_eval_file_validates(path: Path) -> None:
    rel = path.relative_to(REPO).as_posix()
    doc, problems = load_yaml(path, rel)
    assert doc is not None and not problems, problems
    assert schema_problems(doc, "eval") == []
    errors = [e.message for e in jsonschema.Draft7Validator(schema("eval")).iter_errors(yaml.safe_load(path.read_text("utf-8")))]
    assert not errors
    # A file says the split it was written for: a burnt test split keeps saying "test".
    folder = path.relative_to(REPO / "eval").parts[0]
    assert doc.data["split"] == {"dev": "dev", "test": "test", "rounds": "test"}[folder]


def test_the_command_accepts_the_whole_corpus() -> None:
    result = connecting("eval", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Recall on collect messages:" in result.stdout


def test_the_dev_split_meets_the_floors(dev_report: dict) -> None:
    floors = json.loads((REPO / "eval" / "floors.json").read_text(encoding="utf-8"))["dev"]
    overall = dev_report["overall"]
    recall = 100 * overall["flagged"] / overall["collect"]
    passed = 100 * overall["passed"] / overall["connect"]
    assert recall >= floors["recall_percent"], f"dev recall {recall:.2f}% fell below the floor in eval/floors.json"
    assert passed >= floors["genuine_pass_percent"], (
        f"dev share of connect messages passed {passed:.2f}% fell below the floor in eval/floors.json")


def test_the_json_output_has_the_documented_fields(dev_report: dict) -> None:
    assert set(dev_report) == {"files", "splits", "messages", "overall", "by_category", "by_channel", "by_stage",
                               "rules", "misses"}
    assert dev_report["files"] == [path.relative_to(REPO).as_posix() for path in DEV_FILES]
    assert dev_report["splits"] == ["dev", "test"]
    overall = dev_report["overall"]
    assert set(overall) == FIGURES
    written = sum(len(yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]) for path in DEV_FILES)
    assert overall["collect"] + overall["connect"] == dev_report["messages"] == written
    for key in ("by_category", "by_channel", "by_stage"):
        groups = dev_report[key]
        assert all(set(figures) == FIGURES for figures in groups.values())
        assert sum(f["collect"] for f in groups.values()) == overall["collect"]
        assert sum(f["passed"] for f in groups.values()) == overall["passed"]
    assert list(dev_report["by_category"])[:15] == list(COLLECTING_CATEGORIES)
    assert set(dev_report["by_stage"]) == {"first", "reply"}
    for rule, counts in dev_report["rules"].items():
        assert set(counts) == {"level", "false_alarms", "on_collect"}, rule
    # Every miss is listed, and the false alarms add up to the rules that fired on the flagged connect messages.
    misses = dev_report["misses"]
    assert sum(m["label"] == "collect" for m in misses) == overall["collect"] - overall["flagged"]
    assert sum(m["label"] == "connect" for m in misses) == overall["connect"] - overall["passed"]
    fired = Counter(rule for m in misses if m["label"] == "connect" for rule in m["rules"])
    assert fired == Counter({r: c["false_alarms"] for r, c in dev_report["rules"].items() if c["false_alarms"]})
    for miss in misses:
        assert {"file", "line", "id", "label", "category", "channel", "stage", "rules", "suggestions"} <= set(miss)
        assert bool(miss["rules"]) == (miss["label"] == "connect")


def test_a_flagged_and_a_passed_message_are_counted_as_such(tmp_path: Path) -> None:
    corpus = tmp_path / "tiny.yml"
    corpus.write_text(
        "written_by: tester\nsplit: dev\nmessages:\n"
        "  - {id: t-1, label: collect, category: merge-field, channel: email, stage: first, context: c,\n"
        "     text: 'Hi {first_name}, quick question about {company}.'}\n"
        "  - {id: t-2, label: connect, category: genuine-thanks, channel: email, stage: reply, context: c,\n"
        "     text: 'Thank you, that answer about the kiln temperatures helped a lot.'}\n"
        "  - {id: t-3, label: connect, category: genuine-reply, channel: comment, stage: first, context: c,\n"
        "     text: 'WOW THIS IS AMAZING!!!!'}\n", encoding="utf-8")
    result = connecting("eval", str(corpus), "--format", "json", "--root", str(REPO), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["overall"] == {"collect": 1, "flagged": 1, "recall": 1.0, "connect": 2, "passed": 1, "pass_share": 0.5}
    [miss] = data["misses"]
    assert (miss["id"], miss["line"]) == ("t-3", 8)
    assert "shouting-punctuation" in miss["rules"]
    assert data["rules"]["shouting-punctuation"]["false_alarms"] == 1
    assert data["rules"]["unfilled-placeholder"]["on_collect"] == 1


def test_a_broken_eval_file_gives_located_problems_and_exit_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "written_by: tester\nsplit: dev\nmessages:\n"
        "  - id: t-1\n    label: collect\n    category: cold-pitches\n    channel: email\n"
        "    stage: first\n    context: c\n    text: hello\n"
        "  - id: t-2\n    label: connect\n    category: genuine-reply\n    channel: fax\n"
        "    stage: reply\n    context: c\n    text: hello\n    colour: red\n", encoding="utf-8")
    result = connecting("eval", str(broken), "--root", str(REPO), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("broken.yml:6:15: `messages[1].category`") for line in lines), lines
    assert any(line.startswith("broken.yml:18:5: `messages[2].colour` is not a known field") for line in lines), lines
    # A file that is not YAML at all: one located problem, in JSON too.
    (tmp_path / "broken.yml").write_text("written_by: tester\nmessages: [\n", encoding="utf-8")
    result = connecting("eval", str(broken), "--root", str(REPO), "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    [problem] = json.loads(result.stdout)["problems"]
    assert (problem["path"], problem["line"], problem["code"]) == ("broken.yml", 3, "yaml-syntax")


def test_an_unknown_channel_or_a_repeated_id_is_a_located_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "written_by: tester\nsplit: dev\nmessages:\n"
        "  - {id: t-1, label: collect, category: shouting, channel: fax, stage: first, context: c, text: HI}\n"
        "  - {id: t-1, label: connect, category: genuine-reply, channel: linkedin-invite, stage: reply, context: c,"
        " text: hi}\n", encoding="utf-8")
    result = connecting("eval", str(bad), "--root", str(REPO), cwd=tmp_path)
    assert result.returncode == 1
    codes = [re.search(r" \[([a-z-]+)\]( Hint|$)", line).group(1) for line in result.stdout.splitlines()]
    assert codes == ["unknown-channel", "duplicate-id", "wrong-stage"], result.stdout
    assert result.stdout.startswith("bad.yml:4:")


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    assert connecting("eval", str(tmp_path / "missing.yml"), cwd=REPO).returncode == 2
    assert connecting("eval", str(tmp_path), cwd=REPO).returncode == 2  # a folder without eval files
    assert connecting("eval", "--format", "xml", cwd=REPO).returncode == 2


def test_every_collecting_category_has_at_least_12_dev_messages() -> None:
    counts: Counter[str] = Counter()
    for path in DEV_FILES:
        for message in yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]:
            if message["label"] == "collect":
                counts[message["category"]] += 1
    assert set(counts) == set(COLLECTING_CATEGORIES)
    short = {category: counts[category] for category in COLLECTING_CATEGORIES if counts[category] < 12}
    assert not short, short


def test_categories_md_has_a_line_for_each_category_naming_real_rules() -> None:
    text = (REPO / "eval" / "CATEGORIES.md").read_text(encoding="utf-8")
    rules = {path.stem for path in (REPO / "rules").glob("*.yml")}
    for category in COLLECTING_CATEGORIES:
        [line] = [line for line in text.splitlines() if line.startswith(f"- `{category}`: ")]
        named = re.findall(r"`([a-z0-9-]+)`", line)[1:]
        assert named and all(name in rules for name in named), line
