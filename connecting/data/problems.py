"""A problem is a value: collected while validating, shown by whichever adapter asks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    path: str  # relative to the guide's root, with forward slashes
    line: int  # 1-based
    column: int  # 1-based
    code: str  # a stable slug, such as "flags-missing"
    message: str
    hint: str = ""

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
