"""`connecting flags`: bring each pair's declared `dont.flags` in step with the ruleset.

Adding or changing a rule can change what it finds in many don't texts. This
module works out, per pair, which flags the ruleset finds, and rewrites only
the value of `flags:` in the files that differ.

The rewrite is a targeted edit of the one located node, not a round trip
through a YAML library: a round-trip dumper writes the whole file again in its
own layout (sequence indentation, `null`, quoting, line width), so comments
and layout would survive only where the contributor happened to write like
the dumper. Here every byte outside the flags value stays as it was, and the
result is read back to make sure it says what was meant.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from connecting.data.guide import Guide
from connecting.data.model import Example, Finding


@dataclass
class FlagDifference:
    example: Example
    expected: list[str]  # the flags the ruleset finds, declared ones first in their order
    findings: list[Finding] = field(default_factory=list)

    @property
    def added(self) -> list[str]:
        return [rule for rule in self.expected if rule not in self.example.flags]

    @property
    def removed(self) -> list[str]:
        return [rule for rule in self.example.flags if rule not in self.expected]

    def matches(self, rule_id: str) -> list[str]:
        text = self.example.dont_text
        return [m for f in self.findings if f.rule == rule_id for m in f.matches(text)]


def expected_flags(guide: Guide, example: Example) -> tuple[list[str], list[Finding]]:
    """The rule ids with a finding on the don't text: those already declared keep
    their place, new ones follow in the order they are found in the text."""
    findings = guide.dont_findings(example)
    found: list[str] = []
    for finding in findings:
        if finding.rule not in found:
            found.append(finding.rule)
    kept = [rule for rule in example.flags if rule in found]
    return kept + [rule for rule in found if rule not in kept], findings


def can_judge(guide: Guide, example: Example) -> bool:
    """Whether the ruleset can judge this pair at all: its channel and stage exist."""
    channel = guide.channels.get(example.channel)
    return channel is not None and example.stage in channel.stages


def difference(guide: Guide, example: Example) -> FlagDifference | None:
    expected, findings = expected_flags(guide, example)
    if set(expected) == set(example.flags):  # the order a contributor chose is theirs to keep
        return None
    return FlagDifference(example, expected, findings)


class RewriteError(Exception):
    """The flags value cannot be rewritten safely; the message says why and what to do."""


def _flags_node(root: yaml.Node) -> tuple[yaml.Node, yaml.Node]:
    """The key and value nodes of `dont.flags`."""
    def entry(mapping: yaml.Node, key: str) -> tuple[yaml.Node, yaml.Node]:
        if isinstance(mapping, yaml.MappingNode):
            for key_node, value_node in mapping.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                    return key_node, value_node
        raise RewriteError("it has no `dont.flags` to rewrite")

    return entry(entry(root, "dont")[1], "flags")


def flags_text(text: str, flags: list[str]) -> str:
    """``text`` with the value of `dont.flags` replaced by ``flags``; nothing else changes."""
    # The pure-Python composer: its marks count characters of this very string.
    key, node = _flags_node(yaml.compose(text, Loader=yaml.SafeLoader))
    if not isinstance(node, yaml.SequenceNode):
        raise RewriteError("`dont.flags` is not a list")
    if node.flow_style or not node.value:
        start, end = node.start_mark.index, node.end_mark.index
        new = "[" + ", ".join(flags) + "]"
    else:
        # A block list ("- rule" lines): rewrite from the first dash to the end of the last item.
        start, end = node.start_mark.index, node.value[-1].end_mark.index
        if "#" in text[start:end]:
            raise RewriteError("`dont.flags` has comments between its items; edit it by hand")
        indent = " " * node.start_mark.column
        new = ("\n" + indent).join(f"- {rule}" for rule in flags)
        if not flags:  # an empty list is written on the key's own line: `flags: []`
            start, new = text.index(":", key.end_mark.index) + 1, " []"
    result = text[:start] + new + text[end:]
    expected = yaml.safe_load(text)
    expected["dont"]["flags"] = list(flags)
    try:
        same = yaml.safe_load(result) == expected
    except yaml.YAMLError:
        same = False
    if not same:  # never write a file that says something else than meant
        raise RewriteError("the rewritten file would not read back as intended; edit `dont.flags` by hand")
    return result


def write_flags(path: Path, flags: list[str]) -> None:
    """Rewrite the flags of the file at ``path`` in place (atomically), keeping every other byte."""
    raw = path.read_bytes()
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    text = raw[len(bom):].decode("utf-8")
    new = bom + flags_text(text, flags).encode("utf-8")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(new)
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
