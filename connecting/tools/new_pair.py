"""`connecting new`: a fresh example file that says, field by field, what to write.

The file is valid YAML from the start, but every text the contributor must
write holds a ``FILL IN:`` placeholder, which the example schema refuses
(each text's ``pattern``, beside its ``"x-placeholder"``). So `connecting check` answers
"fill in `situation` ..." for each one until the pair is written, and a
half-written pair can never be published.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from connecting.data.guide import EXAMPLES_DIR, PRINCIPLES_DIR, Guide
from connecting.data.model import Channel
from connecting.data.schema import schema
from connecting.site.links import card_anchor

# What every placeholder starts with: the example schema's "x-placeholder", which its patterns refuse.
UNFILLED = "FILL IN:"

def add_to_url_manifest(root: Path, example_id: str) -> str | None:
    """Add the new pair's URLs to urls.txt, once its file is written, so that the
    contributor's steps stay three (scaffold, write, check); return a line to show."""
    from connecting.site import url_manifest as manifest  # only `connecting new` needs it

    added = manifest.add_example_urls(root, example_id)
    return f"Added {len(added)} URL(s) of the new pair to {manifest.MANIFEST}." if added else None


def _id_schema() -> dict:
    return schema("example")["properties"]["id"]


def id_problem(root: Path, example_id: str) -> str | None:
    """Why ``example_id`` cannot be a new pair's id, or None if it can."""
    rules = _id_schema()
    if not re.fullmatch(rules["pattern"], example_id) or len(example_id) > rules["maxLength"]:
        return (f"the id {example_id!r} is not a slug: use lower-case letters and digits in words joined by hyphens, "
                f"at most {rules['maxLength']} characters, such as hello-there-cold-invite")
    existing = root / EXAMPLES_DIR / f"{example_id}.yml"
    if existing.exists():
        return f"{EXAMPLES_DIR}/{example_id}.yml already exists: choose another id, or edit that file"
    return None


def principle_problem(guide: Guide, principle: str) -> str | None:
    if principle in guide.principle_titles:
        return None
    return f"unknown principle {principle!r}; valid principles: {', '.join(guide.principles)}"


def channel_problem(guide: Guide, channel: str) -> str | None:
    if channel in guide.channels:
        return None
    return f"unknown channel {channel!r}; valid channels: {', '.join(sorted(guide.channels))}"


def stage_problem(channel: Channel, stage: str) -> str | None:
    if stage in channel.stages:
        return None
    return f"{channel.title} has no {stage!r} stage; valid stages: {', '.join(channel.stages)}"


def default_stage(channel: Channel) -> str:
    return "first" if "first" in channel.stages else channel.stages[0]


def _plain(value: str) -> str:
    """A value for the YAML file: ids are written bare, anything else as a quoted string."""
    return value if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value) else json.dumps(value, ensure_ascii=False)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _limit_words(channel: Channel) -> str:
    if channel.limit is None:
        return "no length limit, but short messages get answers"
    return f"at most {channel.limit:,} characters"


def scaffold_text(guide: Guide, example_id: str, principle: str, channel_id: str, stage: str) -> str:
    """The new file: every field with a comment, every text to write as a placeholder."""
    channel = guide.channels[channel_id]
    title = _one_line(guide.principle_titles.get(principle, principle))
    path = f"{EXAMPLES_DIR}/{example_id}.yml"
    return f"""\
# yaml-language-server: $schema=../connecting/schemas/example.schema.json
# A do/don't pair for the guide. Replace each "{UNFILLED} ..." text below with
# your own words, keeping the double quotes around it (inside them, write \\"
# for a quotation mark). Then run `connecting check` and fix what it lists.
# CONTRIBUTING.md explains every field and what makes a good pair.

# The pair's id: the same as the file name. Cards link to it as #{card_anchor(example_id)}.
id: {_plain(example_id)}
# The principle this pair teaches: "{title}" ({PRINCIPLES_DIR}/{principle}.md).
principle: {_plain(principle)}
# Where the message is sent: {_one_line(channel.title)}, {_limit_words(channel)}.
channel: {_plain(channel_id)}
# first: the first message to this person; reply: an answer to a message they sent.
stage: {_plain(stage)}
# One line of context: who writes to whom, and why. Trades and places, no real names.
situation: "{UNFILLED} who writes to whom, and why, in one line"
dont:
  # The message not to send, written as someone would really send it.
  # Show one clear mistake, not every mistake at once.
  text: "{UNFILLED} the message not to send"
  # The rules that flag the don't text. Leave it empty at first: `connecting check`
  # names each rule it finds, and this command writes them here:
  #   connecting flags --write {path}
  flags: []
do:
  # The message to send instead: one a real person would send to this person.
  # It must pass every rule.
  text: "{UNFILLED} the message to send instead"
# Why the do works where the don't does not, in a sentence or two of your own words.
why: "{UNFILLED} why the do works and the don't does not"
"""


def create_example(guide: Guide, example_id: str, principle: str, channel_id: str, stage: str) -> Path:
    """Write examples/<id>.yml; refuse to overwrite a file that appeared meanwhile."""
    folder = guide.root / EXAMPLES_DIR
    folder.mkdir(exist_ok=True)
    path = folder / f"{example_id}.yml"
    text = scaffold_text(guide, example_id, principle, channel_id, stage)
    # "x" mode: never overwrite a contributor's file, even one written a moment ago.
    with open(path, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path


def shown_path(path: Path) -> str:
    """The path as the contributor would type it: relative to where they are, if it is below."""
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
