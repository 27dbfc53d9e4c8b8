"""Published URLs that pages, cards and tools build: one definition each.

Coaches send these links to clients, so their shape is a promise: see the
checker page for the keys it reads.
"""

from __future__ import annotations

from urllib.parse import quote

CHECKER_PAGE = "checker/"


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
