"""The macro calls written in the guide's pages, checked before any page is built.

A page that embeds ``{{ example("some-id") }}`` for a pair that does not exist
would otherwise fail halfway through a build, after the old site was cleaned.
Reading the calls first lets the hook and ``connecting check`` name the page,
line and column, and leave the last good site alone.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

from jinja2 import Environment, TemplateSyntaxError

from connecting.data.problems import Problem

DOCS_DIR = "docs"

_BLOCK = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_CALL = re.compile(r"\b(example|examples|rules)\s*\(([^()]*)\)")
_PARAMETERS = {"example": {"id"}, "examples": {"principle", "channel"}, "rules": {"principle"}}


def macro_calls(text: str) -> list[tuple[int, str, dict[str, object] | None]]:
    """(offset, macro name, literal arguments or None when not literal) per call,
    wherever it stands inside a {{ ... }} or {% ... %} block."""
    calls = []
    for block in _BLOCK.finditer(text):
        for match in _CALL.finditer(block.group()):
            name, raw = match.group(1), match.group(2)
            try:
                call = ast.parse(f"f({raw})", mode="eval").body
                arguments = {f"#{i}": ast.literal_eval(a) for i, a in enumerate(call.args)}
                arguments.update({k.arg: ast.literal_eval(k.value) for k in call.keywords})
            except (SyntaxError, ValueError):
                arguments = None
            calls.append((block.start() + match.start(), name, arguments))
    return calls


@lru_cache(maxsize=1)
def _jinja() -> Environment:
    return Environment()  # only parses: one serves every page


def _template_problem(text: str, rel: str) -> Problem | None:
    """A page whose Jinja text does not parse would stop the build halfway."""
    try:
        _jinja().parse(text)
    except TemplateSyntaxError as err:
        return Problem(rel, err.lineno or 1, 1, "template-syntax",
                       f"the macro text on this line does not parse: {err.message}",
                       "check the brackets and quotes of {{ ... }}; to show {{ as text, wrap it in {% raw %}...{% endraw %}")
    return None


def page_problems(root: Path, known: dict[str, Callable[[str], bool]]) -> list[Problem]:
    """Problems in macro calls; ``known`` maps "id", "principle", "channel" to a membership test."""
    problems: list[Problem] = []
    docs = root / DOCS_DIR
    for path in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = path.relative_to(root).as_posix()
        syntax = _template_problem(text, rel)
        if syntax:
            problems.append(syntax)
            continue
        for offset, name, arguments in macro_calls(text):
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            if arguments is None:
                problems.append(Problem(rel, line, column, "macro-arguments",
                                        f"the arguments of `{name}(...)` must be plain quoted text",
                                        'write it as {{ example("pair-id") }}'))
                continue
            if "#0" in arguments and name == "example":
                arguments["id"] = arguments.pop("#0")
            for key, value in arguments.items():
                if key not in _PARAMETERS[name]:
                    problems.append(Problem(rel, line, column, "macro-arguments",
                                            f"`{name}(...)` takes no argument {key.lstrip('#') or key!r}",
                                            f"it takes: {', '.join(sorted(_PARAMETERS[name]))}"))
                elif not isinstance(value, str) or not known[key](value):
                    what = "example" if key == "id" else key
                    problems.append(Problem(rel, line, column, f"unknown-{what}",
                                            f"`{name}(...)` names the {what} {value!r}, which does not exist",
                                            f"check the spelling against the files under examples/, data/ and docs/principles/"))
    return problems
