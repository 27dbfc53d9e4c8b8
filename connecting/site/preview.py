"""A faster preview: after a save, `mkdocs serve --dirty` renders again only the pages the save changed.

MkDocs' ``--dirty`` keeps the last build's files and renders a page again only
when ``File.is_modified()`` says so. Its own test (the page's source is newer
than its output) knows nothing of the data: a principle page showing a pair
whose file changed would keep the old card. So the hook decides instead, with
a ``Preview`` kept in the run's ``BuildState``:

- while a page is rendered, the guide its macros and the hook read is a
  ``ReadingGuide``: it notes each attribute of each pair that the page read
  (``why`` of one pair for a card; ``principle`` of every pair for a list
  filtered by principle...);
- after a save, a page is rendered again when its own source changed (its
  Markdown in docs/, or the Markdown the hook makes for a page from the data)
  or when it read an attribute of a pair that the save changed;
- everything is rendered again whenever that is not certain: the first build,
  after a failed build, data with problems (now or in the last build: the
  notice goes on every page), a change to mkdocs.yml, the rules, the channels,
  a principle, a file added or removed, a page's title or front matter, any
  file in docs/ that is not a page.

A page that is not rendered again keeps its title, front matter and search
entries from the build that rendered it: the navigation, the 404 page and the
search index of every build list every page as it is.

`mkdocs build` never comes here: it builds everything, strict.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Iterator

import jinja2
import jinja2.bccache

from connecting.data.model import Example

ANY = "*"  # a read of a pair's attribute that is not one of its fields: any change counts


class ReadingPair:
    """A pair as one page sees it: each attribute read is noted as (pair id, attribute)."""

    __slots__ = ("_pair", "_reads")

    def __init__(self, pair: Example, reads: set[tuple[str, str]]) -> None:
        object.__setattr__(self, "_pair", pair)
        object.__setattr__(self, "_reads", reads)

    def __getattr__(self, name: str):
        self._reads.add((self._pair.id, name if name in _FIELDS else ANY))
        return getattr(self._pair, name)

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError("a pair is read-only")

    def __eq__(self, other) -> bool:
        self._reads.add((self._pair.id, ANY))
        return self._pair == (other._pair if isinstance(other, ReadingPair) else other)

    def __hash__(self) -> int:
        return hash(self._pair.id)

    def __repr__(self) -> str:
        return f"ReadingPair({self._pair.id!r})"


_FIELDS = frozenset(field.name for field in dataclasses.fields(Example))


class ReadingPairs(Mapping):
    """``guide.examples`` as one page sees it: the pairs it hands out note what is read of them.
    Which ids exist is not noted: a pair added or removed renders every page again."""

    def __init__(self, pairs: Mapping[str, Example], reads: set[tuple[str, str]]) -> None:
        self._pairs, self._reads = pairs, reads

    def __getitem__(self, key: str) -> ReadingPair:
        return ReadingPair(self._pairs[key], self._reads)

    def __iter__(self) -> Iterator[str]:
        return iter(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def __contains__(self, key: object) -> bool:
        return key in self._pairs


class ReadingGuide:
    """The guide as one page sees it: the same guide, whose pairs note what the page reads of them."""

    def __init__(self, guide, reads: set[tuple[str, str]]) -> None:
        self._guide = guide
        self.examples = ReadingPairs(guide.examples, reads)

    def __getattr__(self, name: str):
        return getattr(self._guide, name)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Material's templates compiled once per preview, not on every rebuild (keyed by name and
    source checksum: an edited template compiles again)."""

    def __init__(self) -> None:
        self.store: dict[str, tuple[str, bytes]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.store.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.bytecode_from_string(found[1])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = (bucket.checksum, bucket.bytecode_to_string())


class NoDirtyWarning(logging.Filter):
    """MkDocs warns on every `--dirty` build that the navigation may be stale: here it is not."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


_HEADING = re.compile(r"^#\s.*$", re.MULTILINE)


def title_key(source: str) -> tuple[str, str]:
    """What a page's title and front matter come from: the front matter and the first level-1 heading."""
    front = ""
    if source.startswith("---"):
        end = source.find("\n---", 3)
        front = source[:end] if end != -1 else source
    heading = _HEADING.search(source)
    return front, heading.group() if heading else ""


def changed_fields(old: Example, new: Example) -> set[str]:
    return {name for name in _FIELDS if getattr(old, name) != getattr(new, name)}


@dataclasses.dataclass
class Kept:
    """What the preview keeps of a page from the build that last rendered it."""

    reads: set[tuple[str, str]]
    source: str | None  # the Markdown of a page made from data; None for a page in docs/
    title_key: tuple[str, str] | None  # for a page in docs/
    title: str | None = None
    meta: dict = dataclasses.field(default_factory=dict)
    search: list = dataclasses.field(default_factory=list)


class Preview:
    """What a `mkdocs serve --dirty` run keeps to render only what a save changed."""

    def __init__(self) -> None:
        self.pages: dict[str, Kept] = {}  # by src_uri, from the last builds that rendered each page
        self.stamp: dict[str, tuple] | None = None  # the data files' stamps the last complete build rendered
        self.config_stamp: tuple | None = None
        self.guide = None  # the guide the last complete build rendered from
        self.had_problems = True
        self.complete = False  # the last build finished
        self.rendering: dict[str, Kept] = {}  # this build's rendered pages, by src_uri
        self.reading: tuple[str, set] | None = None  # the page being rendered, and what it read
        self.templates = MemoryBytecodeCache()
        self.quiet = NoDirtyWarning()
        self.order: list[str] = []  # this build's pages, in the order of MkDocs' files
        self.search_seen = 0
        self.everything = True  # this build renders every page

    # -- deciding ----------------------------------------------------------------------------------

    def plan(self, files, root: Path, config_file: Path, stamp: tuple, guide, problems: bool,
             generated: dict) -> None:
        """Mark each page of ``files`` as modified or not (``File.is_modified``) for this build."""
        stamps = {path: rest for path, *rest in stamp}
        config_stamp = _stat(config_file)
        reason = self._everything(stamps, config_stamp, guide, problems)
        changed_pairs, changed_docs = set(), set()
        if reason is None:
            changed_pairs, changed_docs, reason = self._changes(stamps, guide, root)
        self.everything = reason is not None
        self.rendering = {}
        self.reading = None
        self.search_seen = 0
        for file in files.documentation_pages():
            uri = file.src_uri
            kept = self.pages.get(uri)
            made = generated.get(uri)
            source = made.markdown if made is not None else None
            if self.everything or kept is None:
                again = True
            elif made is not None:
                again = kept.source != source or bool(kept.reads & changed_pairs)
            else:
                again = uri in changed_docs or bool(kept.reads & changed_pairs)
            file.is_modified = (lambda: True) if again else (lambda: False)
        self.stamp, self.config_stamp, self.guide, self.had_problems = stamps, config_stamp, guide, problems
        self.complete = False

    def _everything(self, stamps, config_stamp, guide, problems: bool) -> str | None:
        if not self.complete or self.stamp is None or self.guide is None:
            return "first build, or the last one failed"
        if problems or self.had_problems:
            return "the data has problems, or had"
        if config_stamp != self.config_stamp:
            return "mkdocs.yml changed"
        if stamps.keys() != self.stamp.keys():
            return "a file was added or removed"
        if guide.examples.keys() != self.guide.examples.keys():
            return "the set of pairs changed"
        if (guide.principles, guide.principle_titles) != (self.guide.principles, self.guide.principle_titles):
            return "a principle changed"
        return None

    def _changes(self, stamps, guide, root: Path) -> tuple[set, set, str | None]:
        pairs, docs = set(), set()
        for path, stamp in stamps.items():
            if self.stamp[path] == stamp:
                continue
            rel = Path(path).relative_to(root).as_posix() if Path(path).is_absolute() else path
            if rel.startswith("examples/") and rel.endswith(".yml"):
                pair = Path(rel).stem  # a pair's id is its file's name (loading checks it)
                old, new = self.guide.examples.get(pair), guide.examples.get(pair)
                if old is None or new is None or "/" in rel.removeprefix("examples/"):
                    return set(), set(), f"{rel} is not one pair's file"
                pairs |= {(new.id, name) for name in changed_fields(old, new) | {ANY}}
            elif rel.startswith("docs/") and rel.endswith(".md"):
                uri = rel.removeprefix("docs/")
                kept = self.pages.get(uri)
                try:
                    key = title_key((root / rel).read_text(encoding="utf-8"))
                except OSError:
                    return set(), set(), f"{rel} cannot be read"
                if kept is None or kept.title_key != key:
                    return set(), set(), f"{rel}: its title or front matter changed"
                docs.add(uri)
            else:
                return set(), set(), f"{rel} changed"
        return pairs, docs, None

    # -- recording what each page read ---------------------------------------------------------

    def start_page(self, page, generated: dict) -> None:
        uri = page.file.src_uri
        made = generated.get(uri)
        key = None
        if made is None and page.file.abs_src_path:
            try:
                key = title_key(Path(page.file.abs_src_path).read_text(encoding="utf-8"))
            except OSError:
                key = None
        kept = Kept(reads=set(), source=made.markdown if made is not None else None, title_key=key)
        self.rendering[uri] = kept
        self.reading = (uri, kept.reads)

    def end_page(self) -> None:
        self.reading = None

    def view(self, guide):
        """The guide for the page being rendered, noting what it reads; the guide itself outside a page."""
        if self.reading is None or guide is None:
            return guide
        return ReadingGuide(guide, self.reading[1])

    def searched(self, page, search) -> None:
        """After the search plugin indexed a page: its entries are the ones added since the last page."""
        kept = self.rendering.get(page.file.src_uri)
        if search is None or kept is None:
            return
        entries = search.search_index.entries
        kept.search = entries[self.search_seen:]
        self.search_seen = len(entries)

    # -- the pages not rendered again ---------------------------------------------------------------

    def restore(self, files) -> None:
        """Before the pages are written: a page not rendered this time gets the title and front
        matter it had (the navigation and the 404 page list it); a rendered one is kept."""
        self.order = [file.src_uri for file in files.documentation_pages()]
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            uri = file.src_uri
            fresh = self.rendering.get(uri)
            if fresh is not None:
                fresh.title, fresh.meta = page.title, dict(page.meta)
                old = self.pages.get(uri)
                if old is not None:
                    fresh.search = old.search  # until the search plugin indexes it again
                self.pages[uri] = fresh
            elif page.markdown is None and uri in self.pages:
                page.title = self.pages[uri].title
                page.meta = dict(self.pages[uri].meta)

    def search_entries(self) -> list:
        """Every page's search entries, as the last build that rendered it made them."""
        return [entry for uri in self.order if uri in self.pages for entry in self.pages[uri].search]

    def finished(self) -> None:
        """The build went through: keep only this build's pages."""
        uris = set(self.order)
        self.pages = {uri: kept for uri, kept in self.pages.items() if uri in uris}
        self.complete = True

    def failed(self) -> None:
        self.complete = False
        self.reading = None


def _stat(path: Path) -> tuple:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_mtime_ns, stat.st_size)
