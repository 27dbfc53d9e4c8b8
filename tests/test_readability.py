"""The guide's prose reads easily: Flesch reading ease of at least 60 on every built page.

Only the page's own running text is scored: the article's paragraphs and list
items, without example cards (their messages are quoted, not our prose), code,
tables, headings, admonition titles or navigation. A page with under 100 words
of such prose is too short for the formula to mean much; it is listed, not scored.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import textstat

from conftest import READABILITY_SCORES, REPO
from connecting.data.guide import load_guide

MIN_READING_EASE = 60
MIN_WORDS = 100
# One `why` is two or three sentences, too short for a stable score, so the
# floor for a single one is lower; together they must read like the pages.
MIN_READING_EASE_ONE_WHY = 45

# Elements whose text is never prose, and classes that mark the same inside the article.
SKIPPED_TAGS = frozenset({"code", "pre", "kbd", "samp", "table", "h1", "h2", "h3", "h4", "h5", "h6",
                          "nav", "script", "style", "svg", "template", "summary", "button", "form"})
# The lesson builder's rows and the lesson page's hidden answers are the pairs' own texts,
# like the cards: the page's prose is what is left.
SKIPPED_CLASSES = frozenset({"cc-card", "admonition-title", "headerlink", "md-source-file",
                             "cc-builder__pairs", "cc-lesson__answer-store"})
# Each of these ends a unit a reader takes in on its own: a list item without a
# full stop is still a sentence to the reader, and is one to the formula too.
BLOCK_TAGS = frozenset({"p", "li", "dd", "dt", "blockquote", "div", "section", "article", "details", "ul", "ol",
                        "figcaption", "caption", "hr"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                       "track", "wbr"})


class ArticleProse(HTMLParser):
    """Blocks of running text inside Material's ``<article class="md-content__inner">``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, opens the article, skipped)
        self.in_article = 0
        self.skipping = 0
        self.blocks: list[str] = []
        self._current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if tag in BLOCK_TAGS:
            self._end_block()
        if tag == "br":
            self.handle_data(" ")
        if tag in VOID_TAGS:
            return
        opens_article = tag == "article" and "md-content__inner" in classes and not self.in_article
        skipped = bool(self.in_article) and (tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES))
        self.in_article += opens_article
        self.skipping += skipped
        self.stack.append((tag, opens_article, skipped))

    def handle_endtag(self, tag: str) -> None:
        # Close back to the matching start tag; HTML lets some end tags be left out.
        while self.stack and tag in {name for name, _, _ in self.stack}:
            name, opened, skipped = self.stack.pop()
            self.in_article -= opened
            self.skipping -= skipped
            if name in BLOCK_TAGS:
                self._end_block()
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_article and not self.skipping:
            self._current.append(data)

    def _end_block(self) -> None:
        text = " ".join("".join(self._current).split())
        self._current = []
        if text:
            self.blocks.append(text)

    def close(self) -> None:
        super().close()
        self._end_block()


def prose_of(html: str) -> str:
    """The page's running text, one sentence-ending mark after every block."""
    parser = ArticleProse()
    parser.feed(html)
    parser.close()
    return " ".join(block if re.search(r"[.!?][\"')\u201d\u2019]*$", block) else block.rstrip(":;,") + "."
                    for block in parser.blocks)


def test_prose_extraction_keeps_paragraphs_and_drops_cards_code_headings_and_nav() -> None:
    html = """<nav class="md-nav"><p>Navigation words</p></nav>
    <article class="md-content__inner md-typeset">
      <h1>Heading words</h1><p>First paragraph<br>continues here.</p>
      <ul><li>A list item</li><li>Another one!</li></ul>
      <div class="admonition note"><p class="admonition-title">Admonition title</p><p>Admonition body.</p></div>
      <article class="cc-card"><p>Card words</p><blockquote>Quoted message</blockquote></article>
      <pre><code>code words</code></pre><table><tr><td>cell words</td></tr></table>
      <p>Inline <code>skipped</code> code, kept sentence.</p>
    </article><footer><p>Footer words</p></footer>"""
    assert prose_of(html) == ("First paragraph continues here. A list item. Another one! Admonition body. "
                              "Inline code, kept sentence.")


def test_reading_ease_fails_for_hard_prose() -> None:
    """The threshold can fail: a dense, long-worded paragraph scores far below it."""
    dense = ("Notwithstanding considerable organisational heterogeneity, professional relationship cultivation "
             "necessitates individualised communicative interventions demonstrating comprehensive contextual "
             "understanding of prospective correspondents' institutional circumstances.")
    assert textstat.flesch_reading_ease(dense) < MIN_READING_EASE
    assert textstat.flesch_reading_ease("We met at the fair. You liked my mugs. I liked your rings.") >= MIN_READING_EASE


def test_every_page_reads_easily(built_site: Path, request: pytest.FixtureRequest) -> None:
    scored: list[tuple[str, float, int]] = []
    exempt: list[tuple[str, int]] = []
    for page in sorted(built_site.rglob("*.html")):
        name = page.relative_to(built_site).as_posix()
        prose = prose_of(page.read_text(encoding="utf-8"))
        words = textstat.lexicon_count(prose)
        if words < MIN_WORDS:
            exempt.append((name, words))
        else:
            scored.append((name, textstat.flesch_reading_ease(prose), words))
    assert scored, "no built page had enough prose to score"
    summary = [f"{score:6.1f}  {words:5d} words  {name}" for name, score, words in scored]
    summary += [f"exempt  {words:5d} words  {name} (under {MIN_WORDS} words of prose)" for name, words in exempt]
    # Carried on the test report, so the run's summary has it even from a pytest-xdist worker.
    request.node.user_properties.append((READABILITY_SCORES, summary))
    print("\nFlesch reading ease per page:\n" + "\n".join(summary))
    hard = [f"{name}: {score:.1f}" for name, score, _ in scored if score < MIN_READING_EASE]
    assert not hard, (f"pages below Flesch reading ease {MIN_READING_EASE}: {', '.join(hard)}; "
                      "use shorter sentences and plainer words.\n" + "\n".join(summary))


def test_the_why_of_every_pair_reads_easily() -> None:
    examples = load_guide(REPO).examples.values()
    together = textstat.flesch_reading_ease(" ".join(example.why for example in examples))
    assert together >= MIN_READING_EASE, f"the pairs' `why` texts together score {together:.1f}"
    hard = {example.path: round(textstat.flesch_reading_ease(example.why), 1) for example in examples
            if textstat.flesch_reading_ease(example.why) < MIN_READING_EASE_ONE_WHY}
    assert not hard, f"`why` texts below {MIN_READING_EASE_ONE_WHY}; use shorter sentences and plainer words: {hard}"
