"""The URL manifest (urls.txt): every URL the guide has published, kept for good.

Coaches send these links to clients, so a published URL is a promise. The
manifest lists every page and every promised anchor (elements marked
``data-permalink``: example cards, and the rules on the rules index), sorted,
one per line. It only ever grows: nothing here removes a line, and git merges
it with ``merge=union`` so parallel branches that each add lines merge cleanly.

Reading a built site needs no MkDocs: only its HTML files.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from connecting.site.links import EXAMPLES, card_urls_of
from connecting.data.guide import Guide, load_guide
from connecting.data.model import Example
from connecting.data.problems import Problem
from connecting.data.yamlfile import load_yaml

MANIFEST = "urls.txt"
_NOT_PUBLISHED = {"404.html"}  # the error page answers any missing URL: it is never linked to
_MAX_REDIRECTS = 10


# --- the manifest file ------------------------------------------------------

def read(root: Path | str) -> list[str]:
    path = Path(root) / MANIFEST
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def add(root: Path | str, urls) -> list[str]:
    """Add URLs to the manifest (sorted, one per line); return the ones that were new. Never removes one."""
    known = set(read(root))
    new = sorted(set(urls) - known)
    if new or not (Path(root) / MANIFEST).exists():
        text = "".join(f"{url}\n" for url in sorted(known | set(new)))
        (Path(root) / MANIFEST).write_text(text, encoding="utf-8")
    return new


def add_example_urls(root: Path | str, example_id: str) -> list[str]:
    """Add the URLs a new pair will publish (for `connecting new`); return the ones that were new.

    Reads only the pair's id, principle and channel, so it works on a freshly
    scaffolded file whose texts are still to be written.
    """
    rel = f"{EXAMPLES}/{example_id}.yml"
    doc, _ = load_yaml(Path(root) / rel, rel)
    data = doc.data if doc is not None else None
    if not isinstance(data, dict) or not all(isinstance(data.get(key), str) for key in ("principle", "channel")):
        raise KeyError(f"no readable pair {rel} with a principle and a channel; "
                       "run `connecting check` to see why")
    return add(root, card_urls_of(example_id, data["principle"], data["channel"]))


def unlisted_pair_urls(guide: Guide) -> list[Problem]:
    """A problem for each pair whose URLs urls.txt lacks, so that `connecting check`
    says what CI's manifest test would say, with the exact lines to add.

    A guide without a urls.txt (a scratch copy, the benchmark's) publishes no promise.
    """
    if not (guide.root / MANIFEST).is_file():
        return []
    listed = set(read(guide.root))
    problems = []
    for example in sorted(guide.examples.values(), key=lambda example: example.id):
        missing = [url for url in card_urls_of(example.id, example.principle, example.channel) if url not in listed]
        if missing:
            problems.append(Problem(
                example.path, 1, 1, "urls-unlisted",
                f"{MANIFEST} lacks {len(missing)} URL(s) this pair will publish: {', '.join(missing)}",
                f"run `connecting urls --example {example.id}` (or `make urls`), or add those lines to {MANIFEST}"))
    return problems


# --- a built site -----------------------------------------------------------

@dataclass
class SitePage:
    url: str                              # site-root URL, such as /examples/some-pair/
    ids: set[str] = field(default_factory=set)
    permalinks: set[str] = field(default_factory=set)
    redirect: str | None = None           # where a redirect page sends the reader (site-root URL)


class _PageParser(HTMLParser):
    def __init__(self, page: SitePage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.page.ids.add(attrs["id"])
            if "data-permalink" in attrs:
                self.page.permalinks.add(attrs["id"])
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            target = (attrs.get("content") or "").partition("url=")[2].strip()
            if target:
                self.page.redirect = _site_url(urljoin(self.page.url, target))


def _site_url(url: str) -> str:
    return urlsplit(url).path


def _url_of(rel: str) -> str:
    return "/" + (rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel)


def read_site(site_dir: Path | str) -> dict[str, SitePage]:
    """Every HTML page of a built site by URL, with its ids, promised anchors and redirect."""
    site_dir = Path(site_dir)
    pages: dict[str, SitePage] = {}
    for folder, _, names in os.walk(site_dir):
        for name in names:
            if not name.endswith(".html"):
                continue
            rel = Path(folder, name).relative_to(site_dir).as_posix()
            if rel in _NOT_PUBLISHED:
                continue
            page = SitePage(_url_of(rel))
            parser = _PageParser(page)
            parser.feed(Path(folder, name).read_text(encoding="utf-8", errors="replace"))
            pages[page.url] = page
    return pages


def published(pages: dict[str, SitePage]) -> set[str]:
    """The URLs the site promises: its pages (redirects aside) and their marked anchors."""
    urls: set[str] = set()
    for page in pages.values():
        if page.redirect is None:
            urls.add(page.url)
            urls.update(f"{page.url}#{anchor}" for anchor in page.permalinks)
    return urls


def land(pages: dict[str, SitePage], url: str) -> tuple[SitePage | None, str]:
    """The page a URL ends on after redirects (which keep the #fragment), and that fragment."""
    path, _, fragment = url.partition("#")
    page = pages.get(path)
    for _ in range(_MAX_REDIRECTS):
        if page is None or page.redirect is None:
            break
        page = pages.get(page.redirect)
    return page, fragment


def resolves(pages: dict[str, SitePage], url: str) -> bool:
    page, fragment = land(pages, url)
    return page is not None and page.redirect is None and (not fragment or fragment in page.ids)


# --- what to do about a broken URL ------------------------------------------

def _pair_known_as(guide: Guide, old_id: str) -> Example | None:
    if old_id in guide.examples:
        return guide.examples[old_id]
    return next((example for example in guide.examples.values() if old_id in example.former_ids), None)


def _renamed_hint(old_id: str, guide: Guide, manifest: set[str]) -> str:
    unlisted = [example_id for example_id in sorted(guide.examples)
                if f"/{EXAMPLES}/{example_id}/" not in manifest]
    guess = difflib.get_close_matches(old_id, unlisted, n=1, cutoff=0.3) or (unlisted if len(unlisted) == 1 else [])
    where = f"examples/{guess[0]}.yml" if guess else "the pair's new file under examples/"
    return (f"the pair `{old_id}` is gone: if it was renamed, add `former_ids: [{old_id}]` to {where} "
            f"(if it was dropped, add that line to the pair that replaces it)")


def fix_hint(url: str, guide: Guide, manifest: set[str]) -> str:
    """The entry that would make a broken URL land again, in words."""
    path, _, fragment = url.partition("#")
    parts = path.strip("/").split("/")
    if fragment.startswith("ex-") or (parts[0] == EXAMPLES and len(parts) == 2):
        old_id = fragment[3:] if fragment.startswith("ex-") else parts[1]
        example = _pair_known_as(guide, old_id)
        if example is None:
            return _renamed_hint(old_id, guide, manifest)
        if len(parts) == 2 and parts[0] == "principles" and parts[1] != example.principle:
            return f"the pair moved away from this principle: add `former_principles: [{parts[1]}]` to {example.path}"
        if len(parts) == 2 and parts[0] == "channels" and parts[1] != example.channel:
            return f"the pair moved away from this channel: add `former_channels: [{parts[1]}]` to {example.path}"
        return f"the page {path} no longer shows the card of {example.path}: show it there again"
    if fragment.startswith("rule-") or (parts[0] == "rules" and len(parts) == 2):
        rule_id = fragment[5:] if fragment.startswith("rule-") else parts[1]
        return f"the rule `{rule_id}` is gone: rules keep their ids, so restore rules/{rule_id}.yml"
    if fragment:
        return f"the anchor #{fragment} is gone from {path}: put it back"
    old = (path.strip("/") or "index") + ".md"
    return (f"the page moved or was removed: add `{old}: <its new page>.md` under `redirect_maps` "
            "of the `redirects` plugin in mkdocs.yml")


def check(site_dir: Path | str, root: Path | str, guide: Guide | None = None) -> tuple[list[str], list[str]]:
    """(manifest URLs that no longer land, each with its fix; published URLs missing from the manifest)."""
    pages = read_site(site_dir)
    manifest = read(root)
    listed = set(manifest)
    guide = guide or load_guide(root)
    broken = [f"{url} no longer resolves: {fix_hint(url, guide, listed)}"
              for url in manifest if not resolves(pages, url)]
    missing = sorted(published(pages) - listed)
    return broken, missing
