"""The ruleset as the browser engine reads it: one JSON document per site.

The browser must reach the build's verdicts, so nothing here is re-described
for JavaScript by hand: phrases go out already split into folded words and
separators, and every character class that a rule kind asks about goes out as
the code-point ranges Python itself uses (JavaScript's Unicode tables are of
another version, and its ``\\s``, ``\\w`` and case predicates differ).
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from typing import Callable

from connecting.engine import textclass
from connecting.site.generated_pages import sorted_examples
from connecting.site.links import example_page, principle_page, rule_page
from connecting.data.guide import Guide
from connecting.engine.detectors import ZWJ, emoji_unit_parts
from connecting.engine.kinds import KINDS, phrase_export
from connecting.engine.rules import NEGATIONS, Rule

FORMAT = 1
# The longest draft a link may carry into the checker, in code points: well
# above every channel's limit, well below what would make a page slow.
MAX_DRAFT_LENGTH = 20_000


def _ranges(predicate: Callable[[str], bool]) -> list[list[int]]:
    return [[low, high] for low, high in textclass._ranges_where(predicate)]


@lru_cache(maxsize=1)
def character_classes() -> dict[str, object]:
    """Every classification a rule kind relies on, as [first, last] code-point ranges.

    ``upper``/``lower``/``title`` are Python's per-character case flags
    (``str.isupper``, ``str.islower`` and the titlecase category), which
    ``str.isupper`` of a word is built from.
    """
    return {
        "unicode": unicodedata.unidata_version,
        "word": _ranges(textclass.is_word_char),
        "space": _ranges(str.isspace),
        "upper": _ranges(str.isupper),
        "lower": _ranges(str.islower),
        "title": _ranges(lambda ch: unicodedata.category(ch) == "Lt"),
        # The parts of one emoji as the emoji_run kind reads it (detectors.emoji_unit_parts).
        **{name: [list(r) for r in ranges] for name, ranges in emoji_unit_parts().items()},
        "zwj": ord(ZWJ),
    }


def _detector(rule: Rule) -> dict[str, object]:
    out: dict[str, object] = {"kind": rule.kind, **KINDS[rule.kind].export(rule)}
    if rule.derived.unless:
        out["unless"] = [phrase_export(p) for p in rule.derived.unless]
    return out


def engine_rule(rule: Rule) -> dict[str, object]:
    """What the browser engine reads of a rule to evaluate it."""
    return {
        "id": rule.id, "level": rule.level, "message": rule.message,
        # A weak signal: its level when no other rule finds a warning or an error.
        "alone": ({"level": rule.alone, "stages": list(rule.alone_stages) if rule.alone_stages else None}
                  if rule.alone else None),
        "channels": list(rule.channels) if rule.channels is not None else None,
        "stages": list(rule.stages) if rule.stages is not None else None,
        "detect": _detector(rule),
    }


def ruleset_document(guide: Guide) -> dict[str, object]:
    """The JSON document. Its URLs are relative to the site's root, so that the
    site works wherever it is published; the page resolves them."""
    rules = []
    for rule in guide.ruleset.rules:
        rules.append({
            **engine_rule(rule),
            # The rule's name for readers; the checker and the quiz show it, never the slug alone.
            "title": rule.title,
            "principle": rule.principle,
            "principle_title": guide.principle_titles.get(rule.principle, rule.principle),
            "principle_url": principle_page(rule.principle),
            "url": rule_page(rule.id),
            "why": rule.description, "instead": rule.instead,
        })
    channels = [{"id": c.id, "title": c.title, "limit": c.limit, "stages": list(c.stages)}
                for c in guide.channels.values()]
    examples = [{
        "id": ex.id, "principle": ex.principle, "channel": ex.channel, "stage": ex.stage,
        "situation": ex.situation, "dont": ex.dont_text, "do": ex.do_text, "flags": list(ex.flags), "why": ex.why,
        "url": example_page(ex.id),
        # A coach's lesson link names pairs by id for years: a pair renamed since is found by its old id.
        "former_ids": list(ex.former_ids),
    } for ex in sorted_examples(guide.examples.values())]
    # The quiz's summary names the principle each missed message belongs to, with a link to its page.
    principles = [{"id": p, "title": guide.principle_titles[p], "url": principle_page(p)} for p in guide.principles]
    return {
        "format": FORMAT,
        "negations": sorted(NEGATIONS),
        "classes": character_classes(),
        "channels": channels,
        "rules": rules,
        "examples": examples,
        "principles": principles,
    }


def ruleset_json(guide: Guide) -> str:
    return json.dumps(ruleset_document(guide), ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":  # `python -m connecting.site.ruleset_json [ROOT]`: the document, for tools and the JS tests
    import sys

    from connecting.data.guide import load_guide

    sys.stdout.write(ruleset_json(load_guide(sys.argv[1] if len(sys.argv) > 1 else ".")))
