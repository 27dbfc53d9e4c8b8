"""A problem is a value: collected while validating, shown by whichever adapter asks."""

from __future__ import annotations

from dataclasses import dataclass

# A problem quotes a contributor's text; a long value is cut, so one line stays readable.
QUOTE_LENGTH = 80
# A last guard for messages built from other libraries' words (jsonschema's, PyYAML's).
MESSAGE_LENGTH = 400
# How many problems a listing shows before it counts the rest.
SHOWN = 200


def quote(value: object, length: int = QUOTE_LENGTH) -> str:
    """``repr(value)``, cut to about ``length`` characters with an ellipsis before its closing quote."""
    text = repr(value)
    if len(text) <= length:
        return text
    closing = text[-1] if text[-1] in "'\"" else ""
    return text[:length - 1 - len(closing)] + "…" + closing


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    path: str  # relative to the guide's root, with forward slashes
    line: int  # 1-based
    column: int  # 1-based
    code: str  # a stable slug, such as "flags-missing"
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", _cut(self.message, MESSAGE_LENGTH))
        object.__setattr__(self, "hint", _cut(self.hint, MESSAGE_LENGTH))

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.message} [{self.code}]"
        return f"{text} Hint: {self.hint}" if self.hint else text

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def listing(problems: list[Problem], shown: int = SHOWN) -> tuple[list[Problem], int]:
    """The first ``shown`` problems, and how many more there are."""
    return problems[:shown], max(0, len(problems) - shown)


def more_line(count: int) -> str:
    return f"and {count:,} more problem(s), not listed: fix the ones above first"


def as_text(problems: list[Problem], indent: str = "") -> str:
    """One line per problem, the first ``SHOWN`` of them, then a count of the rest."""
    shown, more = listing(problems)
    return "\n".join([f"{indent}{problem}" for problem in shown] + ([indent + more_line(more)] if more else []))
