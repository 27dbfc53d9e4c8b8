"""The validation cache that `mkdocs serve` relies on sees every file that loading reads."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from connecting.data.guide import INPUTS, load_guide
from connecting.site import build_state

from conftest import REPO


def _touch_later(path: Path) -> None:
    """Move a file's time forward, so that a same-size edit within one clock tick still differs."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


def test_an_edit_in_a_docs_subfolder_reaches_the_cached_guide(guide_copy: Path) -> None:
    # The bug this guards: the fingerprint looked only at docs/*, so an unknown
    # example named in docs/coaches/*.md was missed by a running preview.
    state = build_state.BuildState(guide_copy, serving=True)
    assert state.current_guide().ok
    page = guide_copy / "docs" / "coaches" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n{{ example("no-such-pair") }}\n', encoding="utf-8")
    _touch_later(page)
    cached = state.current_guide()
    fresh = load_guide(guide_copy)
    assert [p.code for p in fresh.problems] == ["unknown-example"]
    assert cached.problems == fresh.problems


def test_an_edit_to_the_channels_file_reaches_the_cached_guide(guide_copy: Path) -> None:
    state = build_state.BuildState(guide_copy, serving=True)
    assert state.current_guide().ok
    channels = guide_copy / "data" / "channels.yml"
    channels.write_text(channels.read_text(encoding="utf-8").replace("limit: 200", "limit: -5", 1), encoding="utf-8")
    _touch_later(channels)
    assert not state.current_guide().ok
    assert state.last_good is not None and state.last_good.ok  # what a preview goes on showing


def test_a_save_that_leaves_the_rules_alone_keeps_the_checked_ruleset(guide_copy: Path) -> None:
    state = build_state.BuildState(guide_copy, serving=True)
    first = state.current_guide()
    assert first.ok
    example = next((guide_copy / "examples").glob("*.yml"))
    text = example.read_text(encoding="utf-8")
    flags = next(line for line in text.splitlines() if line.strip().startswith("flags:"))
    example.write_text(text.replace(flags, flags.split(":")[0] + ": []"), encoding="utf-8")
    _touch_later(example)
    cached = state.current_guide()
    assert cached.ruleset is first.ruleset  # not compiled, nor its cases run, again
    fresh = load_guide(guide_copy)
    assert {p.code for p in cached.problems} == {"flags-missing"}
    assert cached.problems == fresh.problems


def test_a_folder_or_broken_link_added_to_rules_is_reported_by_the_next_save(guide_copy: Path) -> None:
    # Neither changes a rule file's stamp: the listing of rules/ must still be looked at.
    state = build_state.BuildState(guide_copy, serving=True)
    assert state.current_guide().ok
    (guide_copy / "rules" / "drafts").mkdir()
    (guide_copy / "rules" / "gone.yml").symlink_to(guide_copy / "rules" / "nowhere.yml")
    example = next((guide_copy / "examples").glob("*.yml"))
    example.write_text(example.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _touch_later(example)
    cached = state.current_guide()
    assert sorted((p.path, p.code) for p in cached.problems) == [
        ("rules/drafts", "not-a-data-file"), ("rules/gone.yml", "broken-link")]
    assert cached.problems == load_guide(guide_copy).problems


def test_a_rule_edit_or_a_principle_gone_compiles_the_ruleset_again(guide_copy: Path) -> None:
    state = build_state.BuildState(guide_copy, serving=True)
    first = state.current_guide()
    rule = guide_copy / "rules" / "follow-for-follow.yml"
    _touch_later(rule)  # a save of a rule file, even one that changes nothing
    again = state.current_guide()
    assert again.ok and again.ruleset is not first.ruleset
    principle = guide_copy / "docs" / "principles" / f"{again.ruleset.by_id['follow-for-follow'].principle}.md"
    principle.rename(principle.with_name("renamed-principle.md"))
    cached = state.current_guide()
    assert cached.ruleset is not again.ruleset
    assert cached.problems == load_guide(guide_copy).problems
    assert any(p.path == "rules/follow-for-follow.yml" and p.code == "unknown-principle" for p in cached.problems)


def test_mkdocs_watches_every_input_outside_docs() -> None:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    docs_dir = config.get("docs_dir", "docs")
    outside = {name for name in INPUTS if name != docs_dir and not name.startswith(docs_dir + "/")}
    watched = set(config["watch"])
    # A file is watched through its folder.
    covered = {name for name in outside if name in watched or name.split("/")[0] in watched}
    assert covered == outside, f"add to watch: in mkdocs.yml: {sorted(outside - covered)}"


def test_a_build_without_the_hook_says_what_is_missing() -> None:
    class Config:  # a config the hook never saw
        pass

    try:
        build_state.of(Config())
    except LookupError as err:
        assert "hooks/connecting_hook.py" in str(err)
    else:
        raise AssertionError("no state was attached, yet one was found")
