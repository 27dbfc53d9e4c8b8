"""Plain typed objects for the guide's data, made from schema-checked documents."""

from __future__ import annotations

from dataclasses import dataclass, field

from connecting.data.yamlfile import Document

FAILING_LEVELS = frozenset({"error", "warning"})


@dataclass(frozen=True)
class Channel:
    id: str
    title: str
    limit: int | None
    limit_source: str
    limit_as_of: str
    stages: tuple[str, ...]
    norms: str

    @classmethod
    def from_data(cls, data: dict) -> Channel:
        return cls(data["id"], data["title"], data["limit"], data["limit_source"], data["limit_as_of"],
                   tuple(data["stages"]), data["norms"])


@dataclass(frozen=True)
class Finding:
    """One rule's finding in a message: every place it found, in text order.

    ``start`` and ``end`` are those of the first span, in code points."""

    rule: str
    level: str
    message: str
    start: int  # code points
    end: int
    detail: str | None = None
    spans: tuple[tuple[int, int], ...] = ()  # every place, the first included; () means (start, end) alone

    @property
    def fails(self) -> bool:
        return self.level in FAILING_LEVELS

    @property
    def all_spans(self) -> tuple[tuple[int, int], ...]:
        return self.spans or ((self.start, self.end),)

    def matches(self, text: str) -> list[str]:
        """The text at each place the rule found."""
        return [text[start:end] for start, end in self.all_spans]

    def as_dict(self, text: str | None = None) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule, "level": self.level, "message": self.message,
            "start": self.start, "end": self.end, "detail": self.detail,
            "spans": [list(span) for span in self.all_spans],
        }
        if text is not None:
            out["match"] = text[self.start:self.end]
            out["matches"] = self.matches(text)
        return out


@dataclass(frozen=True)
class Example:
    id: str
    principle: str
    channel: str
    stage: str
    situation: str
    dont_text: str
    flags: tuple[str, ...]
    do_text: str
    why: str
    path: str
    doc: Document = field(repr=False, compare=False)
    # Where the pair was published before a rename or a move: old links keep
    # landing on it (alias anchors, redirect pages, pointers on old pages).
    former_ids: tuple[str, ...] = ()
    former_principles: tuple[str, ...] = ()
    former_channels: tuple[str, ...] = ()

    @classmethod
    def from_document(cls, doc: Document) -> Example:
        data = doc.data
        return cls(
            id=data["id"], principle=data["principle"], channel=data["channel"],
            stage=data.get("stage", "first"), situation=data["situation"],
            dont_text=data["dont"]["text"], flags=tuple(data["dont"]["flags"]),
            do_text=data["do"]["text"], why=data["why"], path=doc.path, doc=doc,
            former_ids=tuple(data.get("former_ids", ())),
            former_principles=tuple(data.get("former_principles", ())),
            former_channels=tuple(data.get("former_channels", ())),
        )


def passes(findings: list[Finding]) -> bool:
    """A message passes when nothing of level error or warning was found."""
    return not any(finding.fails for finding in findings)
