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
    """One rule's finding in a message: every place it found (at least one), in text
    order, as code-point offsets. ``start`` and ``end`` are those of the first."""

    rule: str
    level: str
    message: str
    spans: tuple[tuple[int, int], ...]
    detail: str | None = None

    def __post_init__(self) -> None:
        if not self.spans:
            raise ValueError(f"a finding of {self.rule} needs at least one place")

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[0][1]

    @property
    def fails(self) -> bool:
        return self.level in FAILING_LEVELS

    def matches(self, text: str) -> list[str]:
        """The text at each place the rule found."""
        return [text[start:end] for start, end in self.spans]

    def as_dict(self, text: str | None = None) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule, "level": self.level, "message": self.message,
            "start": self.start, "end": self.end, "detail": self.detail,
            "spans": [list(span) for span in self.spans],
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
