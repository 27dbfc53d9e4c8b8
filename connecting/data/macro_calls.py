"""The macro calls written in the guide's pages, checked before any page is built.

A page that embeds ``{{ example("some-id") }}`` for a pair that does not exist
would otherwise fail halfway through a build, after the old site was cleaned.
Reading the calls first lets the hook and ``connecting check`` name the page,
line and column, and leave the last good site alone.

Each page is parsed once, by Jinja itself (the parser mkdocs-macros renders
with), and each call is checked against the macro's own signature.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from jinja2 import Environment, TemplateSyntaxError, nodes

from connecting.data.files import files_under, rel_path
from connecting.data.problems import Problem, quote

DOCS_DIR = "docs"
# Parameters that name something in the guide, and what they name.
_REFERENCES = {"id": "example", "principle": "principle", "channel": "channel"}
_ARGUMENTS_HINT = 'write each argument as quoted text, such as {{ example("pair-id") }} or {{ examples(principle="...") }}'



@dataclass(frozen=True)
class MacroCall:
    name: str
    line: int
    column: int
    positional: list[nodes.Expr]
    keywords: dict[str, nodes.Expr]


@lru_cache(maxsize=1)
def _jinja() -> Environment:
    return Environment()  # only parses: one serves every page


def _columns(text: str, line: int, name: str) -> list[int]:
    """1-based columns where ``name(`` is written on a line (Jinja's nodes know only the line)."""
    source = text.splitlines()[line - 1] if line <= text.count("\n") + 1 else ""
    return [match.start() + 1 for match in re.finditer(rf"(?<![\w.]){re.escape(name)}\s*\(", source)]


def macro_calls(text: str, names: set[str]) -> list[MacroCall]:
    """The calls of the macros ``names`` in a page, in reading order; raises TemplateSyntaxError."""
    calls = []
    seen: dict[tuple[int, str], int] = {}  # how many calls of a name on a line so far
    for call in _jinja().parse(text).find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name) or call.node.name not in names:
            continue
        name, line = call.node.name, call.lineno
        nth = seen[line, name] = seen.get((line, name), -1) + 1
        columns = _columns(text, line, name)
        column = columns[nth] if nth < len(columns) else 1
        calls.append(MacroCall(name, line, column, list(call.args), {kw.key: kw.value for kw in call.kwargs}))
    return sorted(calls, key=lambda call: (call.line, call.column))


def _bind(call: MacroCall, parameters: list[inspect.Parameter]) -> tuple[dict[str, object], list[str]]:
    """The call's literal arguments by parameter name, and what is wrong with it."""
    names = [parameter.name for parameter in parameters]
    takes = f"`{call.name}(...)` takes " + (", ".join(names) if names else "no arguments")
    if len(call.positional) > len(names):
        count = len(call.positional)
        return {}, [f"`{call.name}(...)` is given {count} argument{'s' if count != 1 else ''}; {takes}"]
    given = dict(zip(names, call.positional))
    wrong = []
    for key, value in call.keywords.items():
        if key not in names:
            wrong.append(f"`{call.name}(...)` takes no argument {quote(key)}; {takes.split(' takes ', 1)[1]} only")
        elif key in given:
            wrong.append(f"`{call.name}(...)` is given {quote(key)} twice")
        else:
            given[key] = value
    missing = [p.name for p in parameters if p.default is inspect.Parameter.empty and p.name not in given]
    if missing:
        wrong.append(f"`{call.name}(...)` needs {', '.join(missing)}")
    literal = {}
    for key, value in given.items():
        if not isinstance(value, nodes.Const) or not isinstance(value.value, (str, type(None))):
            wrong.append(f"the argument {quote(key)} of `{call.name}(...)` must be plain quoted text")
        else:
            literal[key] = value.value
    return literal, wrong


def _template_problem(err: TemplateSyntaxError, rel: str) -> Problem:
    """A page whose Jinja text does not parse would stop the build halfway."""
    return Problem(rel, err.lineno or 1, 1, "template-syntax",
                   f"the macro text on this line does not parse: {err.message}",
                   "check the brackets and quotes of {{ ... }}; to show {{ as text, wrap it in {% raw %}...{% endraw %}")


def page_problems(root: Path, known: dict[str, Callable[[str], bool]]) -> list[Problem]:
    """Problems in macro calls; ``known`` maps "id", "principle", "channel" to a membership test."""
    # The site layer renders from the data layer's Guide; only here, once the
    # data layer is loaded, does the check need the macros' signatures.
    from connecting.site.page_macros import MACROS, parameters

    signatures = {name: parameters(name) for name in MACROS}
    docs = root / DOCS_DIR
    pages, problems = files_under(root, docs, ".md") if docs.is_dir() else ([], [])
    for path in pages:
        rel = rel_path(root, path)
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as err:
            problems.append(Problem(rel, 1, 1, "unreadable", f"cannot read this page: {err.strerror or err}",
                                    "check its permissions"))
            continue
        try:
            calls = macro_calls(text, set(signatures))
        except TemplateSyntaxError as err:
            problems.append(_template_problem(err, rel))
            continue
        for call in calls:
            arguments, wrong = _bind(call, signatures[call.name])
            for message in wrong:
                problems.append(Problem(rel, call.line, call.column, "macro-arguments", message, _ARGUMENTS_HINT))
            for key, value in arguments.items():
                what = _REFERENCES.get(key)
                if what and value is not None and not known[key](value):
                    problems.append(Problem(rel, call.line, call.column, f"unknown-{what}",
                                            f"`{call.name}(...)` names the {what} {quote(value)}, which does not exist",
                                            "check the spelling against the files under examples/, data/ and docs/principles/"))
    return problems
