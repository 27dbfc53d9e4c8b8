"""The registry of detector kinds, the rule schema and the browser engine name the same kinds."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from connecting.data.schema import schema as load_schema
from connecting.engine.kinds import KINDS, RuleError

REPO = Path(__file__).resolve().parents[1]
ENGINE_JS = REPO / "docs" / "javascripts" / "connecting-engine.js"


def _resolve(schema: dict, ref: str) -> dict:
    node = schema
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def test_the_schema_enum_lists_exactly_the_registered_kinds() -> None:
    schema = load_schema("rule")
    assert schema["properties"]["detect"]["properties"]["kind"]["enum"] == list(KINDS)


def test_each_kind_has_a_schema_definition_that_the_schema_applies_to_it() -> None:
    schema = load_schema("rule")
    applied = {branch["if"]["properties"]["detect"]["properties"]["kind"]["const"]:
               branch["then"]["properties"]["detect"]["$ref"] for branch in schema["allOf"]}
    assert applied == {name: kind.schema_ref for name, kind in KINDS.items()}
    for kind in KINDS.values():
        definition = _resolve(schema, kind.schema_ref)
        assert definition["properties"]["kind"] == {"const": kind.name}


def test_the_browser_engine_has_the_same_kinds_with_the_same_length_flag() -> None:
    script = f"process.stdout.write(JSON.stringify(require({json.dumps(str(ENGINE_JS))}).kinds()))"
    browser = json.loads(subprocess.run(["node", "-e", script], check=True, capture_output=True, text=True).stdout)
    assert browser == {name: {"judgesLength": kind.judges_length} for name, kind in KINDS.items()}


def test_every_kind_has_a_plain_sentence_for_its_rule_pages() -> None:
    for kind in KINDS.values():
        assert kind.summary.startswith("It ") and kind.summary.endswith("."), kind.name


@pytest.mark.parametrize(("kind", "params", "path"), [
    ("phrases", {"phrases": ["...", "ok"]}, ("detect", "phrases", 0)),
    ("pattern", {"pattern": "a\\bc"}, ("detect", "pattern")),
    ("self_focus", {"self_words": ["i", "me too"], "other_words": ["you"]}, ("detect", "self_words", 1)),
])
def test_a_parameter_that_cannot_work_is_refused_with_its_place_in_the_file(kind: str, params: dict, path: tuple) -> None:
    with pytest.raises(RuleError) as caught:
        KINDS[kind].derive(params)
    assert caught.value.path == path


def test_the_readme_table_describes_exactly_the_registered_kinds() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("| kind | flags |", 1)[1].split("\n\n", 1)[0]
    listed = [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")]
    assert listed == list(KINDS)


def _swapped_kinds():
    """Every rule file with its detector's kind named as each other kind: the params then belong
    to the wrong kind, which only the schema's `const` branches can tell."""
    import yaml

    for path in sorted((REPO / "rules").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        yield path.stem, data
        for other in KINDS:
            if other != data["detect"]["kind"]:
                yield f"{path.stem} as {other}", {**data, "detect": {**data["detect"], "kind": other}}


def test_the_fast_schema_check_agrees_with_jsonschema_on_every_kind_branch() -> None:
    """A check trusts the fast validator's yes (connecting.data.schema); it is generated with
    each `const` rewritten as a one-item `enum`. A branch it stopped checking would let a rule
    file with another kind's parameters through."""
    import jsonschema
    from fastjsonschema import JsonSchemaException

    from connecting.data.schema import _fast_validator

    fast, full = _fast_validator("rule"), jsonschema.Draft7Validator(load_schema("rule"))
    verdicts = {True: 0, False: 0}
    for label, data in _swapped_kinds():
        try:
            fast(data)
            fast_ok = True
        except JsonSchemaException:  # a crash inside the generated validator fails the test instead
            fast_ok = False
        assert fast_ok == full.is_valid(data), label
        verdicts[fast_ok] += 1
    assert verdicts[True] >= 25 and verdicts[False] >= 25 * (len(KINDS) - 2), verdicts
