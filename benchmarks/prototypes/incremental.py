"""Benchmark prototype, not part of the guide: a preview rebuild that renders only the pages a save changed.

Run with ``mkdocs serve --dirty``. MkDocs then keeps the last build's files and
renders a page again only if ``File.is_modified()`` says so: for a page in
docs/, when its source is newer than its output; for a page made from data
(``File.generated``), always. That is both too much (every pair's page on every
save) and too little (a principle page whose cards show a changed pair keeps
the old text). This hook decides instead, per page:

- the guide's rules, channels, mkdocs.yml or set of pairs changed, or it is the first build: every page;
- otherwise a page is rendered again when its own source changed (its Markdown,
  or the Markdown the guide's hook made for it), or when it shows a pair whose
  file changed: the pairs a page shows are the example ids its last HTML held;
  a page with macro calls that held none (the quiz, the worksheets) counts as
  showing every pair.

It also keeps MkDocs' own warning about dirty builds from failing the build
under ``strict: true``. A real fix would record what each macro call read
instead of scanning the HTML, and keep Material's search index in step (its
dirty mode merges one page's entries only).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.plugins import event_priority


class _NoDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyWarning())

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
_run = {"dirty": False, "pairs": None, "rest": None, "sources": {}, "shows": {}}


def on_startup(command, dirty):
    _run["dirty"] = dirty


def _stamps(folder: Path) -> dict[str, int]:
    return {path.as_posix(): path.stat().st_mtime_ns for path in sorted(folder.rglob("*")) if path.is_file()}


@event_priority(-100)  # after the guide's hook added the pages it makes from data
def on_files(files, config):
    if not _run["dirty"]:
        return files
    root = Path(config.config_file_path).parent
    pairs = {path.stem: path.stat().st_mtime_ns for path in (root / "examples").glob("*.yml")}
    rest = (_stamps(root / "rules"), _stamps(root / "data"), (root / "mkdocs.yml").stat().st_mtime_ns)
    before = _run["pairs"]
    everything = before is None or rest != _run["rest"] or pairs.keys() != before.keys()
    changed = set() if everything else {pair for pair in pairs if pairs[pair] != before[pair]}
    _run["pairs"], _run["rest"] = pairs, rest
    sources = _run["sources"]
    for file in files.documentation_pages():
        uri = file.src_uri
        made = file.generated_by is not None  # a page the guide's hook made from data
        source = file.content_string if made else None
        if everything or (made and sources.get(uri) != source) or _run["shows"].get(uri, set()) & changed:
            file.is_modified = lambda: True
        elif made:
            file.is_modified = lambda: False
        # else: a page in docs/ that shows no changed pair: MkDocs' own test (source newer than output)
        if made:
            sources[uri] = source
    _run["ids"] = set(pairs)
    return files


@event_priority(-100)  # after the guide's hook filled in the cards
def on_page_content(html, page, config, files):
    if _run["dirty"]:
        shown = set(_ID.findall(html)) & _run["ids"]
        if not shown and page.file.generated_by is None and "{{" in page.file.content_string:
            shown = set(_run["ids"])  # macro output that names no pair: assume it shows them all
        _run["shows"][page.file.src_uri] = shown
    return html
