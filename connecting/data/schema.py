"""Check a data file against its JSON Schema, and say what is wrong in plain words.

The schema files under ``connecting/schemas/`` are the single statement of what a
data file may hold: editors use them through the ``yaml-language-server`` line,
and so does this module. A compiled validator (fastjsonschema) answers the
common case, a valid file, quickly; only a file that fails is walked again with
``jsonschema`` to list every error, each placed at its line and column.
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from importlib import resources

import fastjsonschema

from connecting.data.problems import Problem, quote
from connecting.data.yamlfile import Document, JsonPath

SCHEMAS = ("example", "rule", "channels", "eval")


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    text = resources.files("connecting").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=None)
def _fast_validator(name: str):
    # Only its yes or no is used (a failing file is walked again by jsonschema), so the
    # validator is generated without error details: a third of the code, compiled in a
    # quarter of the time (the rule schema's, 0.07 s, was most of a small check's start).
    return fastjsonschema.compile(_consts_as_enums(schema(name)), detailed_exceptions=False)


# The keywords whose value maps names (of fields or definitions) to schemas, not a schema.
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "definitions", "$defs", "dependencies"})


def _consts_as_enums(node: object, names_to_schemas: bool = False) -> object:
    """The schema with each `const: x` written as `enum: [x]`, which means the same:
    fastjsonschema 2.22 fails to generate `const` without error details."""
    if isinstance(node, list):
        return [_consts_as_enums(item) for item in node]
    if not isinstance(node, dict):
        return node
    if names_to_schemas:
        return {name: _consts_as_enums(value) for name, value in node.items()}
    out = {key: _consts_as_enums(value, key in _SCHEMA_MAPS) for key, value in node.items() if key != "const"}
    if "const" in node:
        if "enum" in out:  # both must hold
            out["allOf"] = [*out.get("allOf", []), {"enum": [node["const"]]}]
        else:
            out["enum"] = [node["const"]]
    return out


@lru_cache(maxsize=None)
def _full_validator(name: str):
    import jsonschema  # only needed when a file is invalid

    return jsonschema.Draft7Validator(schema(name))


def schema_problems(doc: Document, name: str) -> list[Problem]:
    try:
        _fast_validator(name)(doc.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    problems: list[Problem] = []
    for error in _full_validator(name).iter_errors(doc.data):
        problems.extend(_explain(doc, error))
    if not problems:  # the two validators disagree: never let a file through silently
        problems.append(doc.problem((), "schema", "this file does not match its schema"))
    # One mistake can break several alternatives of the schema at once (a text
    # where `detect:` needs fields fails every kind): say it once.
    unique: dict[tuple, Problem] = {}
    for problem in sorted(problems):
        unique.setdefault((problem.line, problem.column, problem.code, problem.message), problem)
    return list(unique.values())


def field_name(path: JsonPath) -> str:
    name = ""
    for part in path:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "the file"


_TYPE_WORDS = {
    "string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
    "array": "a list", "object": "a set of fields", "null": "null",
}


def _found(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false: put text in quotes)"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"the text {quote(value)}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return f"a {type(value).__name__}"


def _expected_type(expected: object) -> str:
    names = expected if isinstance(expected, list) else [expected]
    return " or ".join(_TYPE_WORDS.get(name, name) for name in names)


def _describe(error) -> str:
    description = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
    return description


def _misspelt(name: str, present: dict, properties: dict) -> bool:
    """Whether a missing field is there under a misspelt key: its unknown-field problem says so."""
    unknown = [str(key) for key in present if key not in properties]
    return bool(difflib.get_close_matches(name, unknown, n=1))


def _explain(doc: Document, error) -> list[Problem]:
    path: JsonPath = tuple(error.absolute_path)
    field = field_name(path)
    kind = error.validator
    hint = _describe(error)
    # A schema node may say in plain words what a failed keyword means for it.
    custom = error.schema.get("x-messages", {}).get(kind) if isinstance(error.schema, dict) else None
    if custom:
        return [doc.problem(path, "schema", f"`{field}`: {custom}", hint)]
    if kind in ("oneOf", "anyOf") and error.context:
        from jsonschema.exceptions import best_match

        return _explain(doc, best_match(error.context))
    if kind == "required":
        present = error.instance if isinstance(error.instance, dict) else {}
        properties = error.schema.get("properties", {})
        missing = [name for name in error.validator_value if name not in present
                   and not (error.schema.get("additionalProperties") is False and _misspelt(name, present, properties))]
        return [
            doc.problem(path, "missing-field", f"`{field_name(path + (name,))}` is missing",
                        properties.get(name, {}).get("description", ""))
            for name in missing
        ]
    if kind == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        extra = [key for key in error.instance if key not in known]
        problems = []
        required = set(error.schema.get("required", ()))
        for key in extra:
            close = difflib.get_close_matches(str(key), known, n=1)
            suggestion = f"did you mean `{close[0]}`? " if close else ""
            if close and close[0] in required and close[0] not in error.instance:
                suggestion = f"did you mean `{close[0]}` (which is missing)? "
            problems.append(doc.problem(path + (key,), "unknown-field",
                                        f"`{field_name(path + (key,))}` is not a known field",
                                        f"{suggestion}the fields here are: {', '.join(known)}", key=True))
        return problems
    if kind == "type":
        return [doc.problem(path, "wrong-type",
                            f"`{field}` should be {_expected_type(error.validator_value)}, found {_found(error.instance)}",
                            hint)]
    if kind in ("enum", "const"):
        allowed = error.validator_value if kind == "enum" else [error.validator_value]
        close = difflib.get_close_matches(str(error.instance), [str(a) for a in allowed], n=1)
        suggestion = f"did you mean `{close[0]}`? " if close else ""
        return [doc.problem(path, "not-allowed",
                            f"`{field}` is {_found(error.instance)}; expected one of: {', '.join(map(str, allowed))}",
                            suggestion + hint)]
    placeholder = error.schema.get("x-placeholder") if isinstance(error.schema, dict) else None
    if kind == "pattern" and placeholder and isinstance(error.instance, str) and error.instance.startswith(placeholder):
        # A value that `connecting new` wrote (the field's pattern refuses it): say what to write instead.
        return [doc.problem(path, "unfilled", f"fill in `{field}`: it still holds the placeholder {quote(error.instance)}",
                            hint)]
    if kind in ("minLength", "pattern") and isinstance(error.instance, str) and not error.instance.strip():
        return [doc.problem(path, "empty-text", f"`{field}` is empty", hint)]
    if kind == "pattern":
        return [doc.problem(path, "bad-format", f"`{field}` is {_found(error.instance)}, which is not in the expected form", hint)]
    if kind == "minItems":
        return [doc.problem(path, "empty-list", f"`{field}` needs at least {error.validator_value} item(s), found {len(error.instance)}", hint)]
    if kind == "uniqueItems":
        return [doc.problem(path, "repeated-item", f"`{field}` lists the same item twice", "keep each item once")]
    if kind in ("minimum", "exclusiveMinimum", "maxLength", "maxItems"):
        return [doc.problem(path, "out-of-range", f"`{field}` is {_found(error.instance)}: {error.message}", hint)]
    return [doc.problem(path, "schema", f"`{field}`: {error.message}", hint)]
