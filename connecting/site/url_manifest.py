"""The URL manifest (urls.txt): every URL the guide has published, kept for good.

Coaches send these links to clients, so a published URL is a promise. The
manifest lists every page and every promised anchor (elements marked
``data-permalink``: example cards, and the rules on the rules index), sorted,
one per line. It only grows, and git merges it with ``merge=union`` so parallel
branches that each add lines merge cleanly. The one way out is for a line that
was never a promise: ``drop_unpublished`` removes the lines of a pair that is
gone, and only those that neither main's urls.txt nor any tag's ever held.

Reading a built site needs no MkDocs: only its HTML files.
"""

from __future__ import annotations

import difflib
import os
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from connecting.site.links import CHANNELS, PRINCIPLES, RULES, card_urls_of, example_page, page_of, \
    pair_shown_at, rule_id_of
from connecting.data.guide import EXAMPLES_DIR, RULES_DIR, Guide, load_guide
from connecting.data.model import Example
from connecting.data.problems import Problem
from connecting.data.yamlfile import load_yaml

MANIFEST = "urls.txt"
# Where the guide publishes from: main, as the remote has it; releases are tags.
REMOTE, MAIN_BRANCH = "origin", "main"
_NOT_PUBLISHED = {"404.html"}  # the error page answers any missing URL: it is never linked to
_MAX_REDIRECTS = 10


# --- the manifest file ------------------------------------------------------

def read(root: Path | str) -> list[str]:
    path = Path(root) / MANIFEST
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(root: Path | str, urls) -> None:
    (Path(root) / MANIFEST).write_text("".join(f"{url}\n" for url in sorted(set(urls))), encoding="utf-8")


def add(root: Path | str, urls) -> list[str]:
    """Add URLs to the manifest (sorted, one per line); return the ones that were new. Never removes one."""
    known = set(read(root))
    new = sorted(set(urls) - known)
    if new or not (Path(root) / MANIFEST).exists():
        _write(root, known | set(new))
    return new


def add_example_urls(root: Path | str, example_id: str) -> list[str]:
    """Add the URLs a new pair will publish (for `connecting new`); return the ones that were new.

    Reads only the pair's id, principle and channel, so it works on a freshly
    scaffolded file whose texts are still to be written.
    """
    rel = f"{EXAMPLES_DIR}/{example_id}.yml"
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
                if "/" + example_page(example_id) not in manifest]
    guess = difflib.get_close_matches(old_id, unlisted, n=1, cutoff=0.3) or (unlisted if len(unlisted) == 1 else [])
    where = f"{EXAMPLES_DIR}/{guess[0]}.yml" if guess else f"the pair's new file under {EXAMPLES_DIR}/"
    return (f"the pair `{old_id}` is gone: if it was renamed, add `former_ids: [{old_id}]` to {where} "
            f"(if it was dropped, add that line to the pair that replaces it)")


def fix_hint(url: str, guide: Guide, manifest: set[str]) -> str:
    """The entry that would make a broken URL land again, in words."""
    path, _, fragment = url.partition("#")
    folder, key = page_of(path) or (None, None)
    old_id = pair_shown_at(url)
    if old_id is not None:
        example = _pair_known_as(guide, old_id)
        if example is None:
            return _renamed_hint(old_id, guide, manifest)
        if folder == PRINCIPLES and key != example.principle:
            return f"the pair moved away from this principle: add `former_principles: [{key}]` to {example.path}"
        if folder == CHANNELS and key != example.channel:
            return f"the pair moved away from this channel: add `former_channels: [{key}]` to {example.path}"
        return f"the page {path} no longer shows the card of {example.path}: show it there again"
    rule_id = rule_id_of(fragment) or (key if folder == RULES else None)
    if rule_id is not None:
        return f"the rule `{rule_id}` is gone: rules keep their ids, so restore {RULES_DIR}/{rule_id}.yml"
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


# --- lines that were never published ----------------------------------------

def known_pair_ids(root: Path | str) -> set[str]:
    """Every id a pair answers to: each file name under examples/, and the id and
    former_ids written in it (read as plain YAML, so a half-written pair counts too)."""
    ids: set[str] = set()
    for path in sorted((Path(root) / EXAMPLES_DIR).glob("*.yml")):
        ids.add(path.stem)
        doc, _ = load_yaml(path, f"{EXAMPLES_DIR}/{path.name}")
        data = doc.data if doc is not None else None
        if isinstance(data, dict):
            former = data.get("former_ids")
            ids.update(value for value in [data.get("id"), *(former if isinstance(former, list) else ())]
                       if isinstance(value, str))
    return ids


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0")  # a fetch that wants a password fails, never waits
    return subprocess.run(["git", *args], cwd=root, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)


def _said(result: subprocess.CompletedProcess[str]) -> str:
    lines = (result.stderr or result.stdout).strip().splitlines()
    return lines[-1] if lines else f"exit status {result.returncode}"


def published_manifests(root: Path | str) -> tuple[dict[str, set[str]], str | None]:
    """The urls.txt that were published, by where: main's (fetched from origin where
    there is an origin, else the local branch) and each tag's. Or, when main's cannot
    be read, why not (and nothing)."""
    root = Path(root)
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree")
        if inside.returncode != 0:
            return {}, f"{root} is not in a git repository ({_said(inside)})"
        remotes = _git(root, "remote").stdout.split()
        if REMOTE in remotes:
            fetched = _git(root, "fetch", "--quiet", REMOTE, MAIN_BRANCH)
            if fetched.returncode != 0:
                return {}, f"`git fetch {REMOTE} {MAIN_BRANCH}` failed ({_said(fetched)})"
            main = f"{REMOTE}/{MAIN_BRANCH}"
        elif remotes:
            return {}, f"the repository has remotes ({', '.join(remotes)}) but none named {REMOTE}"
        else:
            main = MAIN_BRANCH
        shown = _git(root, "show", f"{main}:./{MANIFEST}")
        if shown.returncode != 0:
            return {}, f"cannot read {MANIFEST} on {main} ({_said(shown)})"
        manifests = {main: set(shown.stdout.split())}
        for tag in _git(root, "tag", "--list").stdout.split():
            shown = _git(root, "show", f"refs/tags/{tag}:./{MANIFEST}")
            if shown.returncode == 0:  # a tag from before the manifest promised nothing
                manifests[f"tag {tag}"] = set(shown.stdout.split())
    except (OSError, subprocess.TimeoutExpired) as err:
        return {}, f"git could not be run ({err})"
    return manifests, None


@dataclass
class Unpublished:
    """What `drop_unpublished` did: the lines it dropped, the gone pairs' lines it kept
    with where each was published, or why it could not tell (and so dropped nothing)."""
    gone: list[str] = field(default_factory=list)  # every line of a gone pair
    dropped: list[str] = field(default_factory=list)
    kept: list[tuple[str, list[str]]] = field(default_factory=list)
    why_not: str | None = None


def drop_unpublished(root: Path | str) -> Unpublished:
    """Remove from the manifest the lines whose pair is gone (no example has it as its
    id or a former id) that no published manifest holds: never a line main or a tag has."""
    root = Path(root)
    if not (root / EXAMPLES_DIR).is_dir():
        return Unpublished(why_not=f"there is no {EXAMPLES_DIR}/ folder in {root}, so no pair can be told apart")
    known = known_pair_ids(root)
    lines = read(root)
    gone = sorted({line for line in lines if (pair := pair_shown_at(line)) is not None and pair not in known})
    if not gone:
        return Unpublished()
    manifests, why_not = published_manifests(root)
    if why_not:
        return Unpublished(why_not=why_not, gone=gone)
    result = Unpublished(gone=gone)
    for line in gone:
        where = [place for place, urls in manifests.items() if line in urls]
        if where:
            result.kept.append((line, where))
        else:
            result.dropped.append(line)
    if result.dropped:
        _write(root, set(lines) - set(result.dropped))
    return result
