"""Read one YAML data file into plain values, keeping where each value was written.

libyaml (PyYAML's C loader) composes the node tree quickly and keeps line and
column marks; we build the plain values ourselves so that every value, and
every mapping key, can be traced back to its line and column for a problem.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor

from .problems import Problem

try:  # The C loader is a hard requirement for speed, but fall back rather than crash.
    from yaml import CSafeLoader
except ImportError:  # pragma: no cover - only on a PyYAML built without libyaml
    from yaml import SafeLoader as CSafeLoader  # type: ignore[assignment]

Location = tuple[int, int]  # 1-based line and column
JsonPath = tuple[str | int, ...]

_STR_TAG = "tag:yaml.org,2002:str"
_CONSTRUCTOR = SafeConstructor()


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
        self._quoted: set[JsonPath] = set()

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

    @property
    def quoted(self) -> set[JsonPath]:
        """Paths of scalars written in quotes."""
        self._locate()
        return self._quoted

    def where(self, path: JsonPath) -> Location:
        """The location of the value at ``path``, or of its nearest parent."""
        values = self.values
        while path not in values and path:
            path = path[:-1]
        return values.get(path, (1, 1))

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
    constructor = _SCALAR_CONSTRUCTORS.get(node.tag)
    if constructor is None or node.tag == "tag:yaml.org,2002:merge":
        raise _NeedsLocations
    return constructor(_CONSTRUCTOR, node)


def _location(node: yaml.Node) -> Location:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _scalar(node: yaml.ScalarNode) -> object:
    if node.tag == _STR_TAG:
        return node.value
    return SafeConstructor.yaml_constructors[node.tag](_CONSTRUCTOR, node)


def _plain(node: yaml.Node, path: JsonPath, doc: Document, problems: list[Problem]) -> object:
    """The careful path: build the value, note every location, report bad keys."""
    doc._values[path] = _location(node)
    if isinstance(node, yaml.ScalarNode):
        if node.style in ("'", '"'):
            doc._quoted.add(path)
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
                                    f"cannot read the value {node.value!r} as {node.tag.rsplit(':', 1)[-1]}",
                                    "put text in quotes"))
            return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, path + (index,), doc, problems) for index, item in enumerate(node.value)]
    mapping: dict[object, object] = {}
    for key_node, value_node in node.value:
        key = _plain(key_node, path + ("<key>",), doc, problems) if not isinstance(key_node, yaml.ScalarNode) else _scalar(key_node)
        if not isinstance(key, str):
            line, column = _location(key_node)
            problems.append(Problem(doc.path, line, column, "yaml-key",
                                    f"the key {key_node.value!r} is not a field name",
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
        mapping[key] = _plain(value_node, path + (key,), doc, problems)
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
            if handle.read(2) in _UTF16_BOMS:  # libyaml would read UTF-16; the guide's files are UTF-8
                raise UnicodeError
            handle.seek(0)
            try:
                node = yaml.compose(handle, Loader=CSafeLoader)
                data = None if node is None else _build(node)
            except (_NeedsLocations, TypeError, ValueError, yaml.constructor.ConstructorError):
                return _load_carefully(path.read_bytes().decode("utf-8-sig"), rel)
    except OSError as err:
        return None, [Problem(rel, 1, 1, "unreadable", f"cannot read this file: {err.strerror}")]
    except (UnicodeError, yaml.reader.ReaderError) as err:
        _, problem = _decode(path.read_bytes(), rel)
        if problem:
            return None, [problem]
        return None, [_syntax_problem(err, rel)] if isinstance(err, yaml.MarkedYAMLError) else [
            Problem(rel, 1, 1, "yaml-syntax", f"this is not valid YAML: {err}")]
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_problem(err, rel)]
    except yaml.YAMLError as err:
        return None, [Problem(rel, 1, 1, "yaml-syntax", f"this is not valid YAML: {err}")]
    if data is None:
        return None, [Problem(rel, 1, 1, "empty-file", "this file is empty", "fill in the fields, or delete the file")]
    return Document(rel, data, path), []


def _load_carefully(text: str, rel: str) -> tuple[Document | None, list[Problem]]:
    doc = Document(rel, None, text)
    doc._values = {}
    problems: list[Problem] = []
    doc.data = _plain(yaml.compose(text, Loader=CSafeLoader), (), doc, problems)
    return doc, problems


def _syntax_problem(err: yaml.MarkedYAMLError, rel: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    context = err.context or ""
    if context and err.context_mark and err.context_mark is not mark:
        context += f" that starts on line {err.context_mark.line + 1}, column {err.context_mark.column + 1},"
    what = " ".join(part for part in (context, err.problem) if part)
    return Problem(rel, line, column, "yaml-syntax", f"this is not valid YAML: {what}",
                   "check the indentation, and put text containing `: ` or `#` in quotes")
