"""Published URLs that pages, cards and tools build: one definition each.

Coaches send these links to clients, so their shape is a promise: see the
checker page for the keys it reads.
"""

from __future__ import annotations

from urllib.parse import quote

CHECKER_PAGE = "checker/"
# The folders of the pages made from the data, and the examples gallery.
EXAMPLES = "examples"
RULES = "rules"
CHANNELS = "channels"
PRINCIPLES = "principles"
GALLERY = f"{EXAMPLES}/"


def card_anchor(example_id: str) -> str:
    """The id of a pair's card on every page that shows it."""
    return f"ex-{example_id}"


def card_urls_of(example_id: str, principle: str, channel: str) -> list[str]:
    """Every site-root URL at which a pair's card, with its anchor, is published:
    the shape that urls.txt, the pages and `connecting check` share."""
    anchor = "#" + card_anchor(example_id)
    return [f"/{EXAMPLES}/{example_id}/", f"/{EXAMPLES}/{example_id}/{anchor}", f"/{GALLERY}{anchor}",
            f"/{PRINCIPLES}/{principle}/{anchor}", f"/{CHANNELS}/{channel}/{anchor}"]


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
