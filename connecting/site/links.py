"""Published URLs that pages, cards and tools build: one definition each.

Coaches send these links to clients, so their shape is a promise: see the
checker page for the keys it reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote, urljoin

CHECKER_PAGE = "checker/"
QUIZ_PAGE = "quiz/"
# One page for every coach's lesson: the pairs, note and mode travel in its fragment.
LESSON_PAGE = "lesson/"
# The ruleset the checker and the quiz run, written by the build (ruleset_json).
RULESET_PATH = "assets/connecting/ruleset.json"
# re2js, vendored: the browser engine's linear-time search for long texts, loaded only where the engine runs.
LINEAR_ENGINE_SCRIPT = "javascripts/vendor/re2js-2.10.0.umd.js"
# The browser engine, and the worker the checker runs it in for long drafts.
ENGINE_SCRIPT = "javascripts/connecting-engine.js"
CHECKER_WORKER_SCRIPT = "javascripts/checker-worker.js"
# The folders of the pages made from the data, and the examples gallery.
EXAMPLES = "examples"
RULES = "rules"
CHANNELS = "channels"
PRINCIPLES = "principles"
GALLERY = f"{EXAMPLES}/"


# Site-root-relative page URLs, as pages link them (the site works wherever it is published).


def example_page(example_id: str) -> str:
    return f"{EXAMPLES}/{example_id}/"


def rule_page(rule_id: str) -> str:
    return f"{RULES}/{rule_id}/"


def channel_page(channel_id: str) -> str:
    return f"{CHANNELS}/{channel_id}/"


def principle_page(principle: str) -> str:
    return f"{PRINCIPLES}/{principle}/"


RULES_INDEX = f"{RULES}/"


def page_source(folder: str, key: str) -> str:
    """Where a page made from the data pretends to be under docs/: ``examples/<id>.md`` is /examples/<id>/."""
    return f"{folder}/{key}.md"


def rule_anchor(rule_id: str) -> str:
    """The id of a rule's entry on the rules index."""
    return f"rule-{rule_id}"


def card_anchor(example_id: str) -> str:
    """The id of a pair's card on every page that shows it."""
    return f"ex-{example_id}"


# Reading a URL back: the inverse of the shapes above, for tools that are handed a URL
# (the manifest's fix hints, `connecting urls --drop-unpublished`).
_DATA_FOLDERS = (EXAMPLES, RULES, CHANNELS, PRINCIPLES)


def _key_after(prefix: str, text: str) -> str | None:
    return (text[len(prefix):] or None) if text.startswith(prefix) else None


def card_id_of(anchor: str) -> str | None:
    """The pair whose card an anchor names (the inverse of card_anchor), or None."""
    return _key_after(card_anchor(""), anchor)


def rule_id_of(anchor: str) -> str | None:
    """The rule whose rules-index entry an anchor names (the inverse of rule_anchor), or None."""
    return _key_after(rule_anchor(""), anchor)


def page_of(url: str) -> tuple[str, str] | None:
    """The (folder, key) of a page made from the data, from its site-root URL (the
    inverse of example_page, rule_page, channel_page and principle_page): None for any other page."""
    parts = url.partition("#")[0].strip("/").split("/")
    return (parts[0], parts[1]) if len(parts) == 2 and parts[0] in _DATA_FOLDERS and parts[1] else None


def pair_shown_at(url: str) -> str | None:
    """The pair a site-root URL points at: a card's anchor on any page, or else the pair's own page."""
    path, _, fragment = url.partition("#")
    pair = card_id_of(fragment)
    if pair is None and (page := page_of(path)) and page[0] == EXAMPLES:
        pair = page[1]
    return pair


def card_urls_of(example_id: str, principle: str, channel: str) -> list[str]:
    """Every site-root URL at which a pair's card, with its anchor, is published:
    the shape that urls.txt, the pages and `connecting check` share."""
    anchor = "#" + card_anchor(example_id)
    own = "/" + example_page(example_id)
    return [own, own + anchor, f"/{GALLERY}{anchor}", f"/{principle_page(principle)}{anchor}",
            f"/{channel_page(channel)}{anchor}"]


def checker_link(text: str, channel: str | None = None, stage: str | None = None) -> str:
    """Site-root-relative link that opens the checker with a draft in it.

    The draft travels in the fragment, which browsers never send to a server,
    so a client's message stays out of every log.
    """
    keys = []
    if channel:
        keys.append(f"channel={quote(channel, safe='')}")
    if stage:
        keys.append(f"stage={quote(stage, safe='')}")
    keys.append(f"text={quote(text, safe='')}")
    return f"{CHECKER_PAGE}#{'&'.join(keys)}"


def exercise_link(example_id: str) -> str:
    """Site-root-relative link that opens a pair's don't in the checker as a "fix this message" exercise."""
    return f"{CHECKER_PAGE}#exercise={quote(example_id, safe='')}"


def lesson_link(pair_ids: list[str], note: str | None = None, mode: str | None = None) -> str:
    """Site-root-relative link to a coach's lesson: the chosen pairs in order, a note, a mode
    (answers | exercise | quiz). The shape is documented in the coach's corner."""
    keys = [f"pairs={','.join(quote(pair, safe='') for pair in pair_ids)}"]
    if note:
        keys.append(f"note={quote(note, safe='')}")
    if mode:
        keys.append(f"mode={quote(mode, safe='')}")
    return f"{LESSON_PAGE}#{'&'.join(keys)}"


# The setting under `extra:` in mkdocs.yml that turns on edit links (see CONTRIBUTING.md).
EDIT_SETTING = "source_edit_url"


def edit_base(value: object) -> str | None:
    """The edit-link prefix from mkdocs.yml, checked: None when unset, else an http(s) URL.

    Not `repo_url`: with it, Material asks the code host's API from every page."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise ValueError(f"extra.{EDIT_SETTING} in mkdocs.yml must be an http(s) address such as "
                         f"https://github.com/<owner>/<repo>/edit/main/, found {value!r}")
    return value if value.endswith("/") else value + "/"


def edit_link(base: str, path: str) -> str:
    """Where a data file (``examples/<id>.yml``) is edited on the repository host."""
    return base + quote(path)


@dataclass(frozen=True)
class PageLinks:
    """How one page links: to a site URL, relative to the page (call it with the
    site-root-relative URL), to a data file for editing when the site sets
    ``extra.source_edit_url``, and in full at the address the site is published
    at (``site_url``), for paper, where a relative link means nothing."""

    relative: Callable[[str], str]
    edit_base: str | None = None
    site_url: str | None = None

    def __call__(self, target: str) -> str:
        return self.relative(target)

    def absolute(self, target: str) -> str:
        """The full address of a site URL; the relative link when the site sets no ``site_url``."""
        if not self.site_url:
            return self.relative(target)
        return urljoin(self.site_url if self.site_url.endswith("/") else self.site_url + "/", target)

    def edit(self, path: str) -> str | None:
        return edit_link(self.edit_base, path) if self.edit_base else None
