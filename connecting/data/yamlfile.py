"""Read one YAML data file into plain values, keeping where each value was written.

libyaml (PyYAML's C loader) composes the node tree quickly and keeps line and
column marks; we build the plain values ourselves so that every value, and
every mapping key, can be traced back to its line and column for a problem.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor

from connecting.data.problems import Problem, quote

try:  # The C loader is a hard requirement for speed, but fall back rather than crash.
    from yaml import CSafeLoader
except ImportError:  # pragma: no cover - only on a PyYAML built without libyaml
    from yaml import SafeLoader as CSafeLoader  # type: ignore[assignment]

Location = tuple[int, int]  # 1-based line and column
JsonPath = tuple[str | int, ...]

_STR_TAG = "tag:yaml.org,2002:str"
_CONSTRUCTOR = SafeConstructor()
_PLAIN_TAGS: dict[str, str] = {}  # a plain (unquoted) scalar's text -> the tag YAML reads it as
_PLAIN_TAGS_KEPT = 4096


class _FastLoader(CSafeLoader):  # type: ignore[misc, valid-type]
    """The C loader, with the tag of each plain scalar looked up once per text.

    libyaml asks this Python method for the tag of every node of every file;
    field names and most plain values repeat from file to file. The safe loader
    has no path resolvers, so a scalar's tag depends on its text alone, and a
    quoted scalar's is always text."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR_TAG  # quoted: text, as the safe resolver says, without asking it
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_PLAIN_TAGS) < _PLAIN_TAGS_KEPT:
                    _PLAIN_TAGS[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


class Document:
    """A data file's plain value, and where each value and key was written.

    Locations are only needed to report a problem, so they are worked out on
    first use, from the source text, for the few files that have one.
    """

    def __init__(self, path: str, data: object, source: str | Path) -> None:
        self.path = path
        self.data = data
        self._source = source  # the text, or the file to read it from when first needed
        self._values: dict[JsonPath, Location] | None = None
        self._keys: dict[JsonPath, Location] = {}
        # True when the file's bytes show that no value can hold a control character
        # (none written raw, and no backslash to write one as an escape): nothing to look for.
        self.clean_of_controls = False

    @property
    def source(self) -> str:
        if isinstance(self._source, Path):
            self._source = self._source.read_bytes().decode("utf-8-sig")
        return self._source

    def _locate(self) -> None:
        if self._values is None:
            self._values = {}
            _plain(yaml.compose(self.source, Loader=CSafeLoader), (), self, [])

    @property
    def values(self) -> dict[JsonPath, Location]:
        self._locate()
        return self._values  # type: ignore[return-value]

    @property
    def keys(self) -> dict[JsonPath, Location]:
        self._locate()
        return self._keys

    def where(self, path: JsonPath) -> Location:
        """The location of the value at ``path``, or of its nearest parent."""
        values = self.values
        while path not in values and path:
            path = path[:-1]
        return values.get(path, (1, 1))

    def where_in_text(self, path: JsonPath, index: int) -> Location:
        """The file location of character ``index`` of the text value at ``path``.

        Quotes and escapes are counted as written: in '...' a quote is
        written twice, and in "..." an escape such as \\ takes two or more
        characters. A value written over several lines keeps its start."""
        line, column = self.where(path)
        raw = self.source.splitlines()[line - 1][column - 1:]
        style = raw[:1] if raw[:1] in ("'", '"') else ""
        position, seen = len(style), 0
        while seen < index and position < len(raw):
            if style == "'" and raw.startswith("''", position):
                position += 2
            elif style == '"' and raw[position] == "\\":
                code = raw[position + 1:position + 2]
                position += {"x": 4, "u": 6, "U": 10}.get(code, 2)
            else:
                position += 1
            seen += 1
        return (line, column + position) if seen == index else (line, column)

    def where_key(self, path: JsonPath) -> Location:
        return self.keys.get(path) or self.where(path)

    def problem(self, path: JsonPath, code: str, message: str, hint: str = "", *, key: bool = False) -> Problem:
        line, column = self.where_key(path) if key else self.where(path)
        return Problem(self.path, line, column, code, message, hint)


class _NeedsLocations(Exception):
    """A file that plain loading would get wrong: take the careful path."""


_MAP, _SEQ = yaml.MappingNode, yaml.SequenceNode
_SCALAR_CONSTRUCTORS = SafeConstructor.yaml_constructors


def _build(node: yaml.Node) -> object:
    """Plain values from libyaml's nodes: a lean twin of PyYAML's safe
    constructor (and faster than it), refusing what that would silently accept."""
    if node.tag == _STR_TAG:
        return node.value
    kind = type(node)
    if kind is _MAP:
        mapping = {_build(key): _build(value) for key, value in node.value}
        if len(mapping) != len(node.value) or not all(type(key) is str for key in mapping):
            raise _NeedsLocations  # a duplicate or a non-text key: report it, never drop it
        return mapping
    if kind is _SEQ:
        return [_build(item) for item in node.value]
    try:
        return _scalar(node)
    except KeyError:  # an unknown tag, or a merge key (<<): the careful path reports it
        raise _NeedsLocations from None


def _location(node: yaml.Node) -> Location:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _scalar(node: yaml.ScalarNode) -> object:
    if node.tag == _STR_TAG:
        return node.value
    return _SCALAR_CONSTRUCTORS[node.tag](_CONSTRUCTOR, node)


def _plain(node: yaml.Node, path: JsonPath, doc: Document, problems: list[Problem],
           seen: set[int] | None = None) -> object:
    """The careful path: build the value, note every location, report bad keys and aliases."""
    doc._values[path] = _location(node)
    seen = set() if seen is None else seen
    if id(node) in seen:  # the same node twice: an alias (*name) of an anchor (&name)
        line, column = _location(node)
        problems.append(Problem(doc.path, line, column, "yaml-alias",
                                "this value is reused through a YAML anchor and alias (&name, *name), "
                                "which the guide's data does not allow",
                                "write the value out in full wherever it is needed"))
        return None
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        try:
            return _scalar(node)
        except KeyError:  # a tag such as !python/object: data files hold plain values only
            line, column = _location(node)
            problems.append(Problem(doc.path, line, column, "yaml-tag",
                                    f"the YAML tag `{node.tag}` is not allowed in the guide's data",
                                    "remove the tag and write the value as plain text"))
            return node.value
        except (yaml.YAMLError, ValueError):
            line, column = _location(node)
            problems.append(Problem(doc.path, line, column, "yaml-value",
                                    f"cannot read the value {quote(node.value)} as {node.tag.rsplit(':', 1)[-1]}",
                                    "put text in quotes"))
            return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, path + (index,), doc, problems, seen) for index, item in enumerate(node.value)]
    mapping: dict[object, object] = {}
    for key_node, value_node in node.value:
        line, column = _location(key_node)
        if key_node.tag == "tag:yaml.org,2002:merge":
            problems.append(Problem(doc.path, line, column, "yaml-merge",
                                    "YAML merge keys (<<) are not allowed in the guide's data",
                                    "write the fields out in full"))
            continue
        try:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
        except (KeyError, yaml.YAMLError, ValueError):
            key = None
        if not isinstance(key, str):
            shown = quote(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "a list or a set of fields"
            problems.append(Problem(doc.path, line, column, "yaml-key",
                                    f"the key {shown} is not a field name",
                                    "field names are words such as text or flags"))
            continue
        if key in mapping:
            line, column = _location(key_node)
            first_line, _ = doc._keys[path + (key,)]
            problems.append(Problem(doc.path, line, column, "duplicate-key",
                                    f"the field `{key}` is written twice (first on line {first_line}); YAML would silently keep only the second",
                                    "keep one of them, or merge their contents"))
            continue
        doc._keys[path + (key,)] = _location(key_node)
        mapping[key] = _plain(value_node, path + (key,), doc, problems, seen)
    return mapping


def _decode(raw: bytes, rel: str) -> tuple[str | None, Problem | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, Problem(rel, line, column, "not-utf8",
                             f"this file is not UTF-8 text (byte 0x{raw[err.start]:02X} cannot be read)",
                             "save the file with UTF-8 encoding in your editor")


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def load_yaml(path: Path, rel: str) -> tuple[Document | None, list[Problem]]:
    """Read ``path``; return its Document, or None and the problems that stopped it."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as err:
        return None, [Problem(rel, 1, 1, "unreadable", f"cannot read this file: {err.strerror}")]
    try:
        if raw[:2] in _UTF16_BOMS:  # libyaml would read UTF-16; the guide's files are UTF-8
            raise UnicodeError
        if b"&" in raw and b"*" in raw:  # perhaps an anchor and an alias: only the careful path sees them
            raise _NeedsLocations
        try:
            node = yaml.compose(raw, Loader=_FastLoader)
            data = None if node is None else _build(node)
        except (_NeedsLocations, TypeError, ValueError, yaml.constructor.ConstructorError):
            raise _NeedsLocations from None
    except _NeedsLocations:
        text, problem = _decode(raw, rel)
        if problem:
            return None, [problem]
        try:
            return _load_carefully(text, rel)
        except yaml.reader.ReaderError as err:
            return None, [_reader_problem(err, text, rel)]
        except yaml.MarkedYAMLError as err:
            return None, [_syntax_problem(err, rel, raw.decode("utf-8", "replace"))]
    except (UnicodeError, yaml.reader.ReaderError) as err:
        text, problem = _decode(raw, rel)
        if problem:
            return None, [problem]
        return None, [_reader_problem(err, text, rel)]
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_problem(err, rel, raw.decode("utf-8", "replace"))]
    except yaml.YAMLError as err:
        return None, [Problem(rel, 1, 1, "yaml-syntax", f"this is not valid YAML: {err}")]
    if data is None:
        return None, [Problem(rel, 1, 1, "empty-file", "this file is empty", "fill in the fields, or delete the file")]
    doc = Document(rel, data, path)
    doc.clean_of_controls = _CONTROL_LEADS.search(raw) is None or _CONTROL_BYTES.search(raw) is None
    return doc, []


# What a control character (guide._CONTROL) can come from, in UTF-8: itself, or a
# backslash escape in double quotes. C1 controls and bidirectional controls included.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f\\]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
# The bytes any of them starts with: one class, searched several times faster than the
# alternation, clears most files (plain text with no backslash) on its own.
_CONTROL_LEADS = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f\\\xc2\xe2]")


def _load_carefully(text: str, rel: str) -> tuple[Document | None, list[Problem]]:
    doc = Document(rel, None, text)
    doc._values = {}
    problems: list[Problem] = []
    doc.data = _plain(yaml.compose(text, Loader=CSafeLoader), (), doc, problems)
    return doc, problems


def _reader_problem(err: Exception, text: str, rel: str) -> Problem:
    """A character YAML refuses (usually an invisible control character)."""
    position = getattr(err, "position", 0) or 0
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = getattr(err, "character", None)
    what = f" (U+{code:04X})" if isinstance(code, int) and code >= 0 else ""
    return Problem(rel, line, column, "yaml-character", f"this file holds a character that YAML does not allow{what}",
                   "delete it: it is often an invisible control character pasted from elsewhere")


def _syntax_problem(err: yaml.MarkedYAMLError, rel: str, text: str = "") -> Problem:
    if err.context_mark and "quoted scalar" in (err.context or ""):
        # An unclosed quote: point where it opens, not where the file ends.
        mark = err.context_mark
        return Problem(rel, mark.line + 1, mark.column + 1, "yaml-syntax",
                       f"this is not valid YAML: the quoted text that starts here is never closed ({err.problem})",
                       "close the quote; inside \"...\" write a quote as \\\", inside '...' as ''")
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    context = err.context or ""
    if context and err.context_mark and err.context_mark is not mark:
        context += f" that starts on line {err.context_mark.line + 1}, column {err.context_mark.column + 1},"
    what = " ".join(part for part in (context, err.problem) if part)
    lines = text.splitlines()
    at = lines[line - 1][column - 1:column] if 0 < line <= len(lines) else ""
    hint = ("indent with spaces, not tabs" if at == "\t" or "tab" in (err.problem or "")
            else "check the indentation, and put text containing `: ` or `#` in quotes")
    return Problem(rel, line, column, "yaml-syntax", f"this is not valid YAML: {what}", hint)
