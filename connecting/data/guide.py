"""Load the whole guide's data and validate it: schema, references, semantics, sameness.

``load_guide`` never raises for bad data: every problem is collected as a
value, so one run reports them all. The hook, the macros, the CLI and the tests
all start here.
"""

from __future__ import annotations

import difflib
import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from connecting.engine import sameness
from connecting.data.model import Channel, Example, Finding, passes
from connecting.data.files import folder_entries, link_problem, rel_path
from connecting.data.macro_calls import DOCS_DIR, page_problems
from connecting.data.problems import Problem, quote
from connecting.engine.rules import Rule, RuleError, Ruleset, ScannedText, compile_rule
from connecting.data.schema import field_name, schema_problems
from connecting.data.yamlfile import CSafeLoader, Document, load_yaml

CHANNELS_FILE = "data/channels.yml"
RULES_DIR = "rules"
EXAMPLES_DIR = "examples"
PRINCIPLES_DIR = "docs/principles"
# Every folder or file that loading the guide reads: the validation cache's
# fingerprint covers exactly these, and `watch:` in mkdocs.yml lists the ones
# outside docs/ (a test holds the two together).
INPUTS = (EXAMPLES_DIR, RULES_DIR, CHANNELS_FILE, DOCS_DIR)


@dataclass
class Guide:
    root: Path
    principles: list[str] = field(default_factory=list)
    principle_titles: dict[str, str] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    ruleset: Ruleset = field(default_factory=lambda: Ruleset([]))
    examples: dict[str, Example] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _dont_findings: dict[str, list[Finding]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def dont_findings(self, example: Example) -> list[Finding]:
        """What the ruleset finds in a pair's don't text, under its channel and stage.

        Worked out once per guide: a card shows it on the principle page, the
        channel page, the gallery and the pair's own page.
        """
        found = self._dont_findings.get(example.id)
        if found is None:
            found = self._dont_findings[example.id] = self.ruleset.evaluate(
                example.dont_text, self.channels.get(example.channel), example.stage)
        return found


_WHERE_IDS_LIVE = {"rule": "the file names in rules/", "principle": "the file names in docs/principles/",
                   "channel": "the ids in data/channels.yml"}


def _suggest(value: str, known, what: str) -> str:
    names = sorted(known)
    close = difflib.get_close_matches(value, names, n=1)
    listing = f"known: {', '.join(names)}" if len(names) <= 12 else f"the {what} ids are {_WHERE_IDS_LIVE[what]}"
    return (f"did you mean `{close[0]}`? " if close else "") + listing


# What each data folder holds, for the problem that says it is missing.
_MISSING_FOLDER_HINTS = {
    RULES_DIR: "without it no rule can be checked: restore it (git checkout -- rules) or run this in the guide's root folder",
    EXAMPLES_DIR: "without it the guide has no pairs: restore it (git checkout -- examples) or run this in the guide's root folder",
}


def _data_files(run: _Loader, folder: str) -> list[Path]:
    """The folder's .yml files; any other file there is reported, never silently skipped."""
    base = run.root / folder
    if not base.exists() and not base.is_symlink():
        run.missing.add(folder)
        run.problems.append(Problem(f"{folder}/", 1, 1, "missing-folder", f"there is no {folder}/ folder",
                                    _MISSING_FOLDER_HINTS[folder]))
        return []
    entries, problems = folder_entries(run.root, base)
    run.problems.extend(problems)
    if problems:
        run.missing.add(folder)
    found = []
    for entry in entries:
        path = Path(entry.path)
        # The listing already knows which entries are links: only those need a look.
        problem = link_problem(run.root, path) if entry.is_symlink() else None
        if problem:
            run.problems.append(problem)
        elif entry.name.endswith(".yml") and entry.is_file():
            found.append(path)
        elif entry.is_dir():
            run.problems.append(Problem(f"{folder}/{entry.name}", 1, 1, "not-a-data-file",
                                        f"{folder}/ holds only .yml data files, so this folder is not read",
                                        f"move it out of {folder}/"))
        else:
            stem = entry.name.rsplit(".", 1)[0]
            run.problems.append(Problem(f"{folder}/{entry.name}", 1, 1, "not-a-data-file",
                                        f"{folder}/ holds only .yml data files, so this one is not read",
                                        f"rename it to {stem}.yml, or move it out of {folder}/"))
    return found


# No text in the guide may hold a C0 or C1 control character (but tab and line
# breaks), nor a bidirectional override or isolate, which can make a text
# display differently from what it says; written raw or as a YAML escape ("\0").
# The zero-width joiner stays: emoji need it.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _strings(value: object, path: tuple = ()):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))


def _control_problems(doc: Document) -> list[Problem]:
    if doc.clean_of_controls:
        return []
    problems = []
    for path, text in _strings(doc.data):
        found = _CONTROL.search(text)
        if found is None:
            continue
        code = ord(found.group())
        what = ("a bidirectional control character, which can make the text display differently from what it says"
                if code >= 0x202A else "an invisible control character")
        line, column = doc.where_in_text(path, found.start())
        problems.append(Problem(doc.path, line, column, "control-character",
                                f"`{field_name(path)}` holds {what} (U+{code:04X})", _control_hint(doc, line, code)))
    return problems


# Escapes that YAML reads, inside double quotes, as a control character.
_YAML_ESCAPES = {0x00: "\\0", 0x07: "\\a", 0x08: "\\b", 0x0B: "\\v", 0x0C: "\\f", 0x1B: "\\e"}


def _control_hint(doc: Document, line: int, code: int) -> str:
    escape = _YAML_ESCAPES.get(code)
    written = doc.source.splitlines()[line - 1] if 0 < line <= doc.source.count("\n") + 1 else ""
    if escape and escape in written and '"' in written:
        # "\b" in double quotes is a backspace to YAML, not the word edge a pattern means.
        return (f"in double quotes YAML reads {escape} as this character; write the value in single quotes "
                f"('...{escape}...') so that the backslash stays")
    return "delete it (it often comes with pasted text); tabs and line breaks are fine"


class _Loader:
    """One validation run; collects problems as it goes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        # Ids whose own file is broken (already reported there): a reference to
        # one of them is not reported again as "does not exist".
        self.broken: dict[str, set[str]] = {"channel": set(), "rule": set()}
        self.channels_unreadable = False
        self.missing: set[str] = set()  # data folders that are missing or cannot be listed (reported once)
        self.do_shingles: dict[str, tuple] = {}  # each checked do text's shingles, for sameness
        # What the ruleset found in each don't text while checking it: the cards show the same.
        self.dont_findings: dict[str, list[Finding]] = {}

    @staticmethod
    def shingles(keys: list[str]) -> tuple[str, ...]:
        """The distinct shingles, kept as a tuple until sameness is checked: a set of thirty
        shingles holds a table of 128 slots, and ten thousand of them made a tenth of a
        large check's time."""
        return tuple(sameness.shingles_of_keys(keys))

    def document(self, path: Path, schema: str) -> Document | None:
        """The file's Document when it reads and matches its schema, else None."""
        doc, valid = self.readable_document(path, schema)
        return doc if valid else None

    def readable_document(self, path: Path, schema: str, rel: str | None = None) -> tuple[Document | None, bool]:
        """The file's Document if it reads at all, and whether it matches its schema."""
        doc, problems = load_yaml(path, rel or rel_path(self.root, path))
        if doc is not None and not problems:
            problems = _control_problems(doc)
        self.problems.extend(problems)
        if doc is None or problems:
            return None, False
        schema_found = schema_problems(doc, schema)
        self.problems.extend(schema_found)
        return doc, not schema_found

    def check_id_matches_file(self, doc: Document, path: Path) -> bool:
        if doc.data["id"] != path.stem:
            self.problems.append(doc.problem(("id",), "id-mismatch",
                                             f"`id` is {quote(doc.data['id'])} but the file is named {path.name}",
                                             f"make them the same: id: {path.stem}, or rename the file"))
            return False
        return True

    def reference(self, doc: Document, path: tuple, value: str, known, what: str) -> bool:
        if value in known:
            return True
        if (value in self.broken.get(what, ()) or (what == "channel" and self.channels_unreadable)
                or (what == "rule" and RULES_DIR in self.missing)):
            return False  # its own file's problem says what is wrong
        self.problems.append(doc.problem(path, f"unknown-{what}", f"`{field_name(path)}` names the {what} "
                                         f"{quote(value)}, which does not exist", _suggest(value, known, what)))
        return False


def _load_principles(run: _Loader) -> dict[str, str]:
    """Principle ids (page stems) and their titles from each page's front matter."""
    folder = run.root / PRINCIPLES_DIR
    entries, problems = folder_entries(run.root, folder) if folder.is_dir() else ([], [])
    run.problems.extend(problems)
    titles: dict[str, str] = {}
    for entry in entries:
        path = Path(entry.path)
        if not entry.name.endswith(".md") or link_problem(run.root, path):
            continue  # a page behind a bad link is reported with the pages' macro calls
        titles[path.stem] = _front_matter_title(path) or path.stem.replace("-", " ").capitalize()
    return titles


def _front_matter_title(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None  # reported with the pages' macro calls
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    try:
        meta = yaml.load(text[3:end], Loader=CSafeLoader) if end > 0 else None
    except yaml.YAMLError:
        return None  # MkDocs reports a broken front matter itself
    title = meta.get("title") if isinstance(meta, dict) else None
    return title if isinstance(title, str) else None


def _load_channels(run: _Loader) -> dict[str, Channel]:
    path = run.root / CHANNELS_FILE
    problem = link_problem(run.root, path)
    if problem or not path.exists():
        run.problems.append(problem or Problem(CHANNELS_FILE, 1, 1, "missing-file", "the channels file is missing",
                                               "restore it (git checkout -- data/channels.yml) or run this "
                                               "in the guide's root folder"))
        run.channels_unreadable = True
        return {}
    doc = run.document(path, "channels")
    if doc is None:
        run.channels_unreadable = True
        return {}
    channels: dict[str, Channel] = {}
    for index, data in enumerate(doc.data["channels"]):
        if data["id"] in channels:
            run.problems.append(doc.problem(("channels", index, "id"), "duplicate-id",
                                            f"the channel id {quote(data['id'])} is used twice", "give each channel its own id"))
            continue
        channels[data["id"]] = Channel.from_data(data)
    return channels


def _load_rules(run: _Loader, principles: list[str], channels: dict[str, Channel], paths: list[Path]) -> list[Rule]:
    rules: list[Rule] = []
    for path in paths:
        doc = run.document(path, "rule")
        if doc is None or not run.check_id_matches_file(doc, path):
            run.broken["rule"].add(path.stem)
            continue
        data = doc.data
        ok = run.reference(doc, ("principle",), data["principle"], principles, "principle")
        for index, channel_id in enumerate(data.get("channels", [])):
            ok = run.reference(doc, ("channels", index), channel_id, channels, "channel") and ok
        try:
            rule = compile_rule(data, doc.path, doc)
        except RuleError as err:
            run.broken["rule"].add(path.stem)
            line, column = doc.where_in_text(err.path, err.column_offset)
            run.problems.append(Problem(doc.path, line, column, "bad-rule", err.message, err.hint))
            continue
        if ok:
            rules.append(rule)
        else:
            run.broken["rule"].add(path.stem)
    return rules


def _check_rule_cases(run: _Loader, ruleset: Ruleset, channels: dict[str, Channel]) -> None:
    """Each rule's own cases: the messages it must flag and must pass."""
    for rule in ruleset.rules:
        doc = rule.doc
        for case in rule.cases:
            text, where = case.text, ("cases", case.group, case.index)
            if case.channel is not None and not run.reference(doc, where + ("channel",), case.channel, channels, "channel"):
                continue
            findings = [f for f in ruleset.evaluate(text, channels.get(case.channel), case.stage) if f.rule == rule.id]
            if case.should_fire and not findings:
                run.problems.append(doc.problem(where, "case-not-flagged",
                                                f"rule `{rule.id}` does not flag its case {quote(text)}"
                                                f" ({case.channel or 'any channel'}, {case.stage})",
                                                "change the detector so that it fires, or move the case under `pass`"))
            if not case.should_fire and findings:
                matched = ", ".join(quote(m) for f in findings for m in f.matches(text))
                run.problems.append(doc.problem(where, "case-flagged",
                                                f"rule `{rule.id}` flags its pass case {quote(text)} at {matched}",
                                                "narrow the detector, or move the case under `flag`"))


def _check_example_references(run: _Loader, doc: Document, principles: list[str],
                              channels: dict[str, Channel], ruleset: Ruleset) -> bool:
    """Check every reference that is written as text, even in a file with schema problems."""
    data = doc.data if isinstance(doc.data, dict) else {}
    ok = True
    for key, known, what in (("principle", principles, "principle"), ("channel", channels, "channel")):
        if isinstance(data.get(key), str):
            ok = run.reference(doc, (key,), data[key], known, what) and ok
    for key, known, what in (("former_principles", principles, "principle"), ("former_channels", channels, "channel")):
        values = data.get(key)
        for index, value in enumerate(values if isinstance(values, list) else []):
            if isinstance(value, str):
                ok = run.reference(doc, (key, index), value, known, what) and ok
                if value == data.get(what):
                    run.problems.append(doc.problem((key, index), "former-is-current",
                                                    f"`{key}` lists {quote(value)}, where the pair still is",
                                                    f"list only {what}s the pair has left"))
                    ok = False
    dont = data.get("dont")
    flags = dont.get("flags") if isinstance(dont, dict) else None
    for index, flag in enumerate(flags if isinstance(flags, list) else []):
        if isinstance(flag, str):
            ok = run.reference(doc, ("dont", "flags", index), flag, ruleset.by_id, "rule") and ok
    return ok


def _load_examples(run: _Loader, principles: list[str], channels: dict[str, Channel],
                   ruleset: Ruleset) -> dict[str, Example]:
    examples: dict[str, Example] = {}
    paths = _data_files(run, EXAMPLES_DIR)
    to_check: list[tuple[Example, Channel | None]] = []
    for path in paths:
        doc, valid = run.readable_document(path, "example", f"{EXAMPLES_DIR}/{path.name}")
        if doc is None:
            continue
        ok = _check_example_references(run, doc, principles, channels, ruleset)
        if not valid or not run.check_id_matches_file(doc, path):
            continue
        example = Example.from_document(doc)
        channel = channels.get(example.channel)
        if channel and example.stage not in channel.stages:
            run.problems.append(doc.problem(("stage",) if "stage" in doc.data else ("channel",), "stage-not-on-channel",
                                            f"{channel.title} has no {quote(example.stage)} stage",
                                            f"{channel.id} has: {', '.join(channel.stages)}"))
            ok = False
        examples[example.id] = example
        if ok:
            to_check.append((example, channel))
    for example, channel in to_check:
        keys = _check_example_semantics(run, example, channel, ruleset)
        run.do_shingles[example.id] = run.shingles(keys)
    return examples


def _check_example_semantics(run: _Loader, example: Example, channel: Channel | None,
                             ruleset: Ruleset) -> list[str]:
    """Check the pair against the ruleset; return the do text's folded words."""
    doc = example.doc
    found = run.dont_findings[example.id] = ruleset.evaluate(example.dont_text, channel, example.stage)
    found_ids = {finding.rule for finding in found}
    declared = set(example.flags)
    context = f"({example.channel}, {example.stage})"
    for rule_id in sorted(found_ids - declared):
        matches = ", ".join(quote(m) for f in found if f.rule == rule_id for m in f.matches(example.dont_text))
        run.problems.append(doc.problem(("dont", "flags"), "flags-missing",
                                        f"rule `{rule_id}` flags the don't text at {matches} {context}, "
                                        "but `dont.flags` does not list it",
                                        f"add {rule_id} to dont.flags (`connecting flags --write {doc.path}` "
                                        "does it for you), or reword the text"))
    for rule_id in sorted(declared - found_ids):
        index = example.flags.index(rule_id)
        run.problems.append(doc.problem(("dont", "flags", index), "flags-extra",
                                        f"`dont.flags` lists `{rule_id}`, but that rule finds nothing in the don't text {context}",
                                        f"remove {rule_id} from dont.flags, or make the text show that mistake"))
    if not found_ids - declared and passes(found):
        run.problems.append(doc.problem(("dont", "text"), "dont-passes",
                                        f"the don't text passes every rule {context}: it must show at least one "
                                        "mistake of level error or warning",
                                        "make the mistake clear, or propose a rule that catches it"))
    do_scan = ScannedText(example.do_text)
    for finding in ruleset.evaluate(do_scan, channel, example.stage):
        if finding.fails:
            matched = ", ".join(quote(m) for m in finding.matches(example.do_text))
            detail = f" ({finding.detail})" if finding.detail else ""
            run.problems.append(doc.problem(("do", "text"), "do-fails",
                                            f"the do text fails rule `{finding.rule}` ({finding.level}) at "
                                            f"{matched}{detail} {context}: {finding.message}",
                                            ruleset.by_id[finding.rule].instead))
    return do_scan.keys


def _check_former_ids(run: _Loader, examples: dict[str, Example]) -> None:
    """An old id must lead to one pair only: never a current id, never another pair's old id."""
    claimed: dict[str, Example] = {}
    for example in sorted(examples.values(), key=lambda example: example.path):
        for index, former in enumerate(example.former_ids):
            where = ("former_ids", index)
            if former in examples:
                other = examples[former]
                what = "this pair's own id" if other is example else f"the id of {other.path}"
                run.problems.append(example.doc.problem(where, "former-id-clash",
                                                        f"the former id {quote(former)} is {what}",
                                                        "an old id cannot be used again: remove it from former_ids, "
                                                        "or give the other pair a new id"))
            elif former in claimed:
                run.problems.append(example.doc.problem(where, "former-id-clash",
                                                        f"the former id {quote(former)} is also a former id of {claimed[former].path}",
                                                        "old links can lead to one pair only: keep it in one file"))
            else:
                claimed[former] = example


def _check_sameness(run: _Loader, examples: dict[str, Example]) -> None:
    ordered = sorted(examples.values(), key=lambda example: example.path)
    sets = [run.do_shingles.get(example.id) or run.shingles(ScannedText(example.do_text).keys)
            for example in ordered]
    for first, second, score in sameness.similar_pairs(sets):
        earlier, later = ordered[first], ordered[second]
        line, _ = earlier.doc.where(("do", "text"))
        run.problems.append(later.doc.problem(
            ("do", "text"), "same-message",
            f"this do text is {float(score):.2f} similar to the do text of {earlier.path}:{line} "
            f"(the limit is {float(sameness.THRESHOLD):.2f})",
            "the guide must not teach one message for everyone: make each do speak to its own situation"))


@contextmanager
def _no_cycle_collection():
    """Loading builds hundreds of thousands of small, acyclic containers, each
    of which would count towards a cyclic garbage collection; reference
    counting frees them all the same. Pausing the collector saves about a
    tenth of a large check. Its previous state is restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_guide(root: Path | str, rules_of: Guide | None = None) -> Guide:
    """Read and validate every data file under ``root``.

    ``rules_of``: a guide loaded from the same folder before, whose rule files have not
    changed since (a preview knows this from their stamps). If it had no problems and its
    principles and channels are the same as now, its ruleset, compiled and checked against
    its cases, is used again: a third of a preview's reloading."""
    with _no_cycle_collection():
        return _load_guide(Path(root).resolve(), rules_of)


def _load_guide(root: Path, rules_of: Guide | None = None) -> Guide:
    run = _Loader(root)
    guide = Guide(root)
    guide.principle_titles = _load_principles(run)
    guide.principles = sorted(guide.principle_titles)
    if not guide.principles:
        run.problems.append(Problem(PRINCIPLES_DIR, 1, 1, "missing-file", "there are no principle pages",
                                    "is this the guide's root folder?"))
    guide.channels = _load_channels(run)
    known = len(run.problems)
    rule_files = _data_files(run, RULES_DIR)  # listed every time: a new folder or bad link in rules/ is a problem
    if (rules_of is not None and rules_of.ok and rules_of.root == root and len(run.problems) == known
            and sorted(path.stem for path in rule_files) == sorted(rule.id for rule in rules_of.ruleset.rules)
            and rules_of.principles == guide.principles and rules_of.channels == guide.channels):
        guide.ruleset = rules_of.ruleset
    else:
        guide.ruleset = Ruleset(_load_rules(run, guide.principles, guide.channels, rule_files))
        _check_rule_cases(run, guide.ruleset, guide.channels)
    guide.examples = _load_examples(run, guide.principles, guide.channels, guide.ruleset)
    _check_former_ids(run, guide.examples)
    _check_sameness(run, guide.examples)
    run.problems.extend(page_problems(root, {
        "id": guide.examples.__contains__,
        "principle": guide.principle_titles.__contains__,
        "channel": guide.channels.__contains__,
    }))
    guide.problems = sorted(set(run.problems))
    guide._dont_findings = run.dont_findings
    return guide
