"""The `connecting` command: check the guide's data, lint one draft message, start a
new pair (`new`), bring pairs' flags in step with the ruleset (`flags`), add
published URLs to the manifest or drop never-published ones (`urls`), or measure
the ruleset against the labelled corpus under eval/ (`eval`).

Exit codes: 0 clean, 1 problems or a failing message, 2 bad usage.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import json
import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import Sequence

from connecting.data.guide import EXAMPLES_DIR, PRINCIPLES_DIR, RULES_DIR, load_guide
from connecting.data.model import passes
from connecting.data.problems import as_text, listing, more_line

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A command that cannot go on. Raised where the trouble is found; `main` prints
    each of its arguments as a line `connecting <command>: <line>` on stderr and
    exits with ``exit_code``."""

    exit_code = EXIT_PROBLEMS


class UsageError(CommandError):
    """Bad usage: a missing folder, an unknown channel, an unreadable draft
    (what argparse's `parser.error` does for the options' syntax)."""

    exit_code = EXIT_USAGE


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own exit code for bad usage is 2 as well
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _folder(given: str) -> Path:
    """The guide's folder a command was given, which must exist."""
    if not Path(given).is_dir():
        raise UsageError(f"{given} is not a folder")
    return Path(given).resolve()


def _find_root(start: Path) -> Path:
    """The folder with the guide's data: ``start`` or the nearest parent with rules/."""
    for folder in (start, *start.parents):
        if (folder / RULES_DIR).is_dir() and (folder / EXAMPLES_DIR).is_dir():
            return folder
    return start


# What makes a folder a guide that `lint` can judge a draft with: its rules and its channels.
CHANNELS_FILE = "data/channels.yml"


def _lint_root(given: str | None) -> Path:
    """The guide `lint` judges with: --root's folder or, without it, here; either one or a parent
    of it must hold rules/ and data/channels.yml."""
    if given is not None and not Path(given).is_dir():
        raise UsageError(f"--root {given} is not a folder; give the guide's folder, the one that holds "
                         f"{RULES_DIR}/ and {CHANNELS_FILE}")
    start = Path(given if given is not None else ".").resolve()
    for folder in (start, *start.parents):
        if (folder / RULES_DIR).is_dir() and (folder / CHANNELS_FILE).is_file():
            return folder
    needs = f"a {RULES_DIR}/ folder and {CHANNELS_FILE}"
    if given is not None:
        raise UsageError(f"--root {given} is not a guide's folder: neither it nor a parent holds {needs}; "
                         "give the guide's folder")
    raise UsageError(f"no guide here: neither {start} nor a parent holds {needs}; "
                     "run it inside the guide's folder, or name the guide with --root PATH")


# The home page holds the networking-event test: questions only the writer can answer.
EVENT_TEST_PAGE = "docs/index.md"
EVENT_TEST_HEADING = "## The networking-event test"


def event_test_questions(root: Path) -> list[str]:
    """The networking-event test's questions in the home page's own words; none if the page lacks them."""
    try:
        text = (root / EVENT_TEST_PAGE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    start = text.find(EVENT_TEST_HEADING)
    if start < 0:
        return []
    section = text[start + len(EVENT_TEST_HEADING):]
    following = section.find("\n## ")
    return re.findall(r"^\d+\. (.+?)\s*$", section if following < 0 else section[:following], re.MULTILINE)


def cmd_check(args: argparse.Namespace) -> int:
    guide = load_guide(_folder(args.root))
    if guide.ok:  # a pair's URLs: the promise CI's manifest test holds every pair to
        from connecting.site.url_manifest import unlisted_pair_urls
        guide.problems.extend(unlisted_pair_urls(guide))
    if args.format == "json":
        shown, more = listing(guide.problems)
        items = [problem.as_dict() for problem in shown]
        if more:  # still a list of problems: the last item counts the ones left out
            items.append({"path": "", "line": 0, "column": 0, "code": "more-problems", "count": more,
                          "message": more_line(more), "hint": ""})
        print(json.dumps(items, indent=2, ensure_ascii=False))
    else:
        if guide.problems:
            print(as_text(guide.problems))
            print(f"{len(guide.problems)} problem(s) found.", file=sys.stderr)
        else:
            print(f"OK: {len(guide.examples)} example pairs, {len(guide.ruleset.rules)} rules, "
                  f"{len(guide.channels)} channels, {len(guide.principles)} principles.")
    return EXIT_PROBLEMS if guide.problems else EXIT_OK


# The most a draft may hold: far above any channel's limit, and a bound on what
# `lint` reads, so that `lint /dev/zero` ends.
MAX_DRAFT_BYTES = 1_000_000
SHOWN_PLACES = 3  # places quoted per finding in lint's text output (JSON lists them all)


# Characters that show nothing on their own: spaces, line breaks, controls and format
# characters (zero-width spaces and joiners, direction marks, the byte-order mark).
_INVISIBLE = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})


def is_blank(text: str) -> bool:
    """True for a draft with nothing a reader would see: no verdict can be given on it."""
    return all(unicodedata.category(ch) in _INVISIBLE for ch in text)


def _read_draft(source: str) -> str:
    """The draft as text: at most MAX_DRAFT_BYTES of UTF-8, and not empty."""
    where = "standard input" if source == "-" else source
    try:
        if source == "-":
            if sys.stdin is None or sys.stdin.closed:
                raise UsageError("nothing to check: standard input is closed")
            raw = sys.stdin.buffer.read(MAX_DRAFT_BYTES + 1)
        else:
            with open(source, "rb") as handle:
                raw = handle.read(MAX_DRAFT_BYTES + 1)
    except (OSError, ValueError) as err:
        raise UsageError(f"cannot read {where}: {getattr(err, 'strerror', None) or err}") from None
    if len(raw) > MAX_DRAFT_BYTES:
        raise UsageError(f"{where} holds more than {MAX_DRAFT_BYTES:,} bytes; a message to check is far shorter")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise UsageError(f"{where} is not UTF-8 text: byte {err.start} (0x{raw[err.start]:02X}) cannot be read; "
                         "save the draft as UTF-8") from None
    if not text.strip():
        raise UsageError(f"nothing to check: {where} is empty")
    if is_blank(text):
        raise UsageError(f"nothing to check: {where} holds only spaces and invisible characters")
    binary = next((i for i, ch in enumerate(text) if ch < " " and ch not in "\t\n\r"), None)
    if binary is not None:
        raise UsageError(f"{where} holds a control character (U+{ord(text[binary]):04X}) at character {binary + 1}: "
                         "a draft is plain text, not a binary file")
    return text


def _shown(matched: str, limit: int = 60) -> str:
    """The matched text for one line of output; a whole message is shortened."""
    return repr(matched if len(matched) <= limit else matched[: limit - 1] + "…")


def _ruleset_ready(guide) -> None:
    """A draft can be judged while an example is half written; not with a broken rule or channel."""
    blocking = [p for p in guide.problems if p.path.startswith((f"{RULES_DIR}/", "data/", PRINCIPLES_DIR))]
    if blocking or not guide.ruleset.rules:
        here = Path(".").resolve()
        check = "connecting check" + ("" if guide.root == here else f" {guide.root}")
        if not blocking:
            raise UsageError(f"{guide.root / RULES_DIR} holds no rules, so no draft can be judged; "
                             f"run `{check}` to see what is wrong")
        raise UsageError(f"the rules or channels have {len(blocking)} problem(s); run `{check}` to see them")


def _channel(guide, given: str):
    """The channel named by --channel; an unknown one is refused with the nearest ids."""
    channel = guide.channels.get(given)
    if channel is not None:
        return channel
    ids = sorted(guide.channels)
    near = difflib.get_close_matches(given.strip().lower(), ids, n=3)
    guess = f" (did you mean {' or '.join(near)}?)" if near else ""
    raise UsageError(f"unknown channel {given!r}{guess}; valid channels: {', '.join(ids)}")


def _stage(args: argparse.Namespace) -> str:
    """--stage, or reply for --reply (its older spelling); first by default."""
    if args.reply and args.stage == "first":
        raise UsageError("--reply and --stage first ask for different stages; give one of them")
    return "reply" if args.reply else args.stage or "first"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def lint_summary(findings, where: str) -> str:
    """What the rules know of a draft: the red flags they found, or that they found none."""
    red_flags = sum(1 for finding in findings if finding.fails)
    if red_flags:
        return f"{_plural(red_flags, 'red flag')} found ({where}): fix {'it' if red_flags == 1 else 'them'} before you send it."
    suggestions = len(findings)
    aside = f"; {_plural(suggestions, 'suggestion')} above" if suggestions else ""
    return f"No red flags found ({where}{aside})."


def cmd_lint(args: argparse.Namespace) -> int:
    root = _lint_root(args.root)
    guide = load_guide(root)
    _ruleset_ready(guide)
    channel = _channel(guide, args.channel) if args.channel else None
    stage = _stage(args)
    if channel and stage not in channel.stages:
        raise UsageError(f"{channel.title} has no {stage} stage; give --stage {' or '.join(channel.stages)}")
    text = _read_draft(args.file)
    if args.file == "-" or text.endswith("\n"):
        text = text[:-1] if text.endswith("\n") else text  # the newline an editor or echo adds
    findings = guide.ruleset.evaluate(text, channel, stage)
    clean = passes(findings)
    where = f"{channel.id if channel else 'any channel'}, {stage} message"
    summary = lint_summary(findings, where)
    # With no red flags the rules have said all they can: the test's questions are the writer's to answer.
    questions = event_test_questions(root) if clean else []
    if args.format == "json":
        print(json.dumps({"channel": channel.id if channel else None, "stage": stage, "passes": clean,
                          "summary": summary, "questions": questions,
                          "findings": [{**finding.as_dict(text), "instead": guide.ruleset.by_id[finding.rule].instead}
                                       for finding in findings]},
                         indent=2, ensure_ascii=False))
    else:
        for finding in findings:  # one per rule, with every place it found
            detail = f" ({finding.detail})" if finding.detail else ""
            spans = finding.spans
            places = ", ".join(f"{start}-{end} {_shown(text[start:end])}" for start, end in spans[:SHOWN_PLACES])
            if len(spans) > SHOWN_PLACES:
                places += f" and {len(spans) - SHOWN_PLACES} more"
            print(f"{finding.level}: {finding.rule} at {places}: {finding.message}{detail}")
            print(f"  Instead: {guide.ruleset.by_id[finding.rule].instead}")
        print(summary)
        if clean and questions:
            print(f"The rules cannot tell whether it connects. Answer the networking-event test ({EVENT_TEST_PAGE}) "
                  "yourself, yes or no:")
            for number, question in enumerate(questions, 1):
                print(f"  {number}. {question}")
            print("If any answer is no, pause and rewrite.")
        elif clean:
            print("The rules cannot tell whether it connects: ask yourself the networking-event test's questions "
                  "before you send it.")
    return EXIT_OK if clean else EXIT_PROBLEMS


def _is_terminal() -> bool:
    return sys.stdin.isatty()


def _ask(question: str, problem, choices: list[tuple[str, str]] | None = None, default: str | None = None) -> str:
    """Ask until the answer is acceptable; a number picks from ``choices``."""
    if choices:
        for number, (value, title) in enumerate(choices, 1):
            print(f"  {number:>2}. {value}" + (f"  ({title})" if title and title != value else ""))
    while True:
        try:
            answer = input(f"{question}{f' [{default}]' if default else ''}: ").strip()
        except EOFError:  # the contributor left the question without an answer
            print(file=sys.stderr)  # end the question's line
            raise UsageError("cancelled; nothing was written") from None
        if not answer and default:
            answer = default
        if choices and answer.isdigit() and 1 <= int(answer) <= len(choices):
            answer = choices[int(answer) - 1][0]
        why_not = problem(answer) if answer else "an answer is needed"
        if why_not is None:
            return answer
        print(f"  {why_not}")


def cmd_new(args: argparse.Namespace) -> int:
    from connecting.tools import new_pair as scaffold  # here, not at the top: `connecting check` is timed from a cold start

    root = _find_root(Path(args.root).resolve())
    guide = load_guide(root)
    if not guide.principles or not guide.channels:
        raise UsageError(f"{root} has no principle pages or no readable data/channels.yml; "
                         "run it in the guide's folder, and `connecting check` to see what is wrong")
    checks = {
        "id": lambda value: scaffold.id_problem(root, value),
        "principle": lambda value: scaffold.principle_problem(guide, value),
        "channel": lambda value: scaffold.channel_problem(guide, value),
    }
    given = {"id": args.example_id, "principle": args.principle, "channel": args.channel}
    # Refuse a bad option before asking anything else.
    for name, value in given.items():
        _refuse(name, checks[name](value) if value is not None else None)
    if args.stage is not None and args.channel is not None:
        _refuse("stage", scaffold.stage_problem(guide.channels[args.channel], args.stage))
    missing = [name for name, value in given.items() if value is None]
    if missing and not _is_terminal():
        listing = {"id": "a slug such as hello-there-cold-invite",
                   "principle": f"one of {', '.join(guide.principles)}",
                   "channel": f"one of {', '.join(sorted(guide.channels))}"}
        raise UsageError(*(f"--{name} is missing (the input is not a terminal, so it cannot be asked for); "
                           f"give {listing[name]}" for name in missing))
    if given["id"] is None:
        print("A short id for the pair: lower-case words joined by hyphens, such as hello-there-cold-invite.")
        given["id"] = _ask("Id", checks["id"])
    if given["principle"] is None:
        print("Which principle does the pair teach?")
        given["principle"] = _ask("Principle (number or id)", checks["principle"],
                                  [(p, guide.principle_titles[p]) for p in guide.principles])
    if given["channel"] is None:
        print("Where is the message sent?")
        given["channel"] = _ask("Channel (number or id)", checks["channel"],
                                [(c, guide.channels[c].title) for c in sorted(guide.channels)])
    channel = guide.channels[given["channel"]]
    stage = args.stage
    # The stage has a default: it is asked for only along with other questions.
    if stage is None and missing and len(channel.stages) > 1:
        stage = _ask(f"Stage ({' or '.join(channel.stages)})", lambda value: scaffold.stage_problem(channel, value),
                     default=scaffold.default_stage(channel))
    stage = stage or scaffold.default_stage(channel)
    _refuse("stage", scaffold.stage_problem(channel, stage))
    try:
        path = scaffold.create_example(guide, given["id"], given["principle"], given["channel"], stage)
    except FileExistsError:
        raise UsageError(f"--id: {scaffold.id_problem(root, given['id'])}") from None
    except OSError as err:
        raise UsageError(f"cannot write {EXAMPLES_DIR}/{given['id']}.yml: {err.strerror}") from None
    rel = scaffold.shown_path(path)
    print(f"Created {rel}.")
    # The new pair's URLs go into urls.txt now, so that the manifest test passes without another step.
    try:
        note = scaffold.add_to_url_manifest(root, given["id"])
    except Exception as err:  # the pair is written already: say what is left to do, and go on
        failure = f"{rel} was written, but its URLs were not added to urls.txt ({err}): " \
                  f"run `connecting urls --example {given['id']}`"
    else:
        failure = None
        if note:
            print(note)
    print(f'Next: replace each "{scaffold.UNFILLED} ..." text in it with your own words, then run '
          "`connecting check` and fix what it lists (CONTRIBUTING.md explains each field).")
    if failure:
        raise CommandError(failure)
    return EXIT_OK


def _refuse(option: str, why_not: str | None) -> None:
    """Stop at an option `connecting new` cannot take, naming it."""
    if why_not:
        raise UsageError(f"--{option}: {why_not}")


def _example_paths(root: Path, paths: list[str]) -> list[str]:
    """The example files named (relative to root)."""
    examples = (root / EXAMPLES_DIR).resolve()
    if not paths:
        return sorted(f"{EXAMPLES_DIR}/{p.name}" for p in examples.glob("*.yml"))
    chosen: list[str] = []
    for given in paths:
        path = Path(given).resolve()
        if path.is_dir() and (path == examples or path == root):
            chosen += [f"{EXAMPLES_DIR}/{p.name}" for p in sorted(examples.glob("*.yml"))]
        elif path.is_file() and path.parent == examples and path.suffix == ".yml":
            chosen.append(f"{EXAMPLES_DIR}/{path.name}")
        elif not path.exists():
            raise UsageError(f"{given} does not exist")
        else:
            raise UsageError(f"{given} is not an example file: give files such as {EXAMPLES_DIR}/<id>.yml, "
                             "or the folder")
    return list(dict.fromkeys(chosen))


def cmd_flags(args: argparse.Namespace) -> int:
    from connecting.tools import flag_sync as flagsync  # here, not at the top: `connecting check` is timed from a cold start

    start = args.root or (args.paths[0] if args.paths else ".")
    root = _find_root(Path(start).resolve())
    selected = _example_paths(root, args.paths)
    guide = load_guide(root)
    _ruleset_ready(guide)
    by_path = {example.path: example for example in guide.examples.values()}
    differing, skipped, failed = 0, [], 0
    for rel in selected:
        example = by_path.get(rel)
        if example is None or not flagsync.can_judge(guide, example):
            skipped.append(rel)
            continue
        diff = flagsync.difference(guide, example)
        if diff is None:
            continue
        differing += 1
        line, column = example.doc.where(("dont", "flags"))
        context = f"({example.channel}, {example.stage})"
        print(f"{rel}:{line}:{column}: `dont.flags` is [{', '.join(example.flags)}]; "
              f"the ruleset finds [{', '.join(diff.expected)}] {context}")
        for rule_id in diff.added:
            level = guide.ruleset.by_id[rule_id].level
            found = ", ".join(_shown(match) for match in diff.matches(rule_id))
            print(f"  + {rule_id} ({level}) at {found}")
        for rule_id in diff.removed:
            why = "is not a rule" if rule_id not in guide.ruleset.by_id else "finds nothing in the don't text"
            print(f"  - {rule_id}: {why}")
        if args.write:
            try:
                flagsync.write_flags(root / rel, diff.expected)
            except (flagsync.RewriteError, OSError, UnicodeDecodeError, ValueError) as err:
                failed += 1
                print(f"connecting flags: {rel}: not rewritten: {err}", file=sys.stderr)
                continue
            print(f"  updated: flags: [{', '.join(diff.expected)}]")
    for rel in skipped:
        print(f"connecting flags: {rel}: skipped, its problems come first (run `connecting check` to see them)",
              file=sys.stderr)
    judged = len(selected) - len(skipped)
    if not differing:
        print(f"OK: the flags of {judged} pair(s) match the ruleset.", file=sys.stderr)
    elif args.write:
        print(f"Updated the flags of {differing - failed} pair(s); review the change with `git diff`.", file=sys.stderr)
    else:
        print(f"{differing} pair(s) differ from the ruleset; `connecting flags --write` updates their flags.",
              file=sys.stderr)
    if skipped or failed or (differing and not args.write):
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_urls(args: argparse.Namespace) -> int:
    from connecting.site import url_manifest as manifest  # only this command reads built sites

    root = _folder(args.root)
    if args.check and not args.site:
        raise UsageError("--check goes with --site")
    if args.drop_unpublished:
        return _drop_unpublished(manifest, root)
    if args.example:
        try:
            new = manifest.add_example_urls(root, args.example)
        except KeyError as err:
            raise CommandError(err.args[0]) from None
    else:
        site_dir = Path(args.site)
        if not (site_dir / "index.html").is_file():
            raise UsageError(f"{args.site} holds no built site; run `mkdocs build -d {args.site}` first, "
                             "or `make urls`")
        if args.check:
            broken, missing = manifest.check(site_dir, root)
            for line in broken:
                print(line)
            for url in missing:
                print(f"{url} is published but not in {manifest.MANIFEST}: run `make urls`")
            return EXIT_PROBLEMS if broken or missing else EXIT_OK
        new = manifest.add(root, manifest.published(manifest.read_site(site_dir)))
    for url in new:
        print(f"added {url}")
    print(f"{len(new)} new URL(s) in {manifest.MANIFEST}; {len(manifest.read(root))} in all.")
    return EXIT_OK


def _drop_unpublished(manifest, root: Path) -> int:
    result = manifest.drop_unpublished(root)
    if result.why_not:
        raise CommandError(f"dropped nothing: {result.why_not}; so {len(result.gone)} line(s) of pairs that are "
                           "gone stay, as they may have been published")
    for url in result.dropped:
        print(f"dropped {url}")
    for url, where in result.kept:
        print(f"kept {url}: its pair is gone, but it was published ({', '.join(where)})")
    print(f"{len(result.dropped)} never-published URL(s) of gone pairs dropped from {manifest.MANIFEST}, "
          f"{len(result.kept)} published one(s) kept; {len(manifest.read(root))} in all.")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from connecting.tools import eval as evaluation  # here, not at the top: `connecting check` is timed from a cold start

    root = _find_root(_folder(args.root) if args.root else Path(".").resolve())
    paths, usage = evaluation.eval_files(root, args.paths)
    if usage:
        raise UsageError(usage)
    guide = load_guide(root)
    _ruleset_ready(guide)
    corpus = evaluation.load_corpus(root, paths, guide.channels)
    if corpus.problems:
        if args.format == "json":
            print(json.dumps({"problems": [problem.as_dict() for problem in corpus.problems]},
                             indent=2, ensure_ascii=False))
        else:
            for problem in corpus.problems:
                print(problem)
        print(f"{len(corpus.problems)} problem(s) in the eval files; nothing was measured.", file=sys.stderr)
        return EXIT_PROBLEMS
    data = evaluation.report(guide, corpus, evaluation.judge(guide, corpus.messages))
    if args.format == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(evaluation.format_text(data))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="connecting", description="Collecting or Connecting? The guide's data tools.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="validate every example, rule and channel")
    check.add_argument("root", nargs="?", default=".", help="the guide's folder (default: here)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(run=cmd_check)

    lint = commands.add_parser("lint", help="check one draft message against the ruleset",
                               description="List the red flags the rules find in a draft, each with what to "
                                           "write instead. With none found, it prints the networking-event "
                                           "test's questions for you to answer. Exit 0: no red flags; 1: red "
                                           "flags; 2: bad usage.")
    lint.add_argument("file", nargs="?", default="-", help="a file holding the draft, or - for standard input")
    lint.add_argument("--channel", help="where the message is sent (an id in data/channels.yml), such as "
                                        "linkedin-invite")
    lint.add_argument("--stage", choices=("first", "reply"), help="first (the default) or reply")
    lint.add_argument("--reply", action="store_true", help="the same as --stage reply")
    lint.add_argument("--format", choices=("text", "json"), default="text")
    lint.add_argument("--root", help="the guide's folder (default: here or a parent): the one holding "
                                     "rules/ and data/channels.yml")
    lint.set_defaults(run=cmd_lint)

    new = commands.add_parser("new", help="start a new do/don't pair: writes examples/<id>.yml to fill in",
                              description="Write examples/<id>.yml with a comment on each field and a "
                                          "placeholder for each text to write. Options left out are asked "
                                          "for when run in a terminal.")
    new.add_argument("--id", dest="example_id", help="the pair's id, such as hello-there-cold-invite")
    new.add_argument("--principle", help="the principle it teaches (a page under docs/principles/)")
    new.add_argument("--channel", help="where the message is sent (an id in data/channels.yml)")
    new.add_argument("--stage", help="first (the default) or reply")
    new.add_argument("--root", default=".", help="the guide's folder (default: here or a parent)")
    new.set_defaults(run=cmd_new)

    flags = commands.add_parser("flags", help="compare each pair's dont.flags with what the ruleset finds",
                                description="List the pairs whose dont.flags differ from what the ruleset finds, "
                                            "with the matched text; --write rewrites only their flags.")
    flags.add_argument("paths", nargs="*", metavar="PATH", help="example files or folders (default: every example)")
    flags.add_argument("--write", action="store_true", help="rewrite the flags of the pairs that differ")
    flags.add_argument("--root", help="the guide's folder (default: found from PATH or here)")
    flags.set_defaults(run=cmd_flags)

    urls = commands.add_parser("urls", help="add published URLs to the manifest (urls.txt), or drop the lines of "
                                            "gone pairs that were never published; it never loses a published one")
    source = urls.add_mutually_exclusive_group(required=True)
    source.add_argument("--site", help="a built site (mkdocs build -d DIR): add every URL it publishes")
    source.add_argument("--example", metavar="ID", help="add the URLs of one pair, from its data file")
    source.add_argument("--drop-unpublished", action="store_true",
                        help="remove the lines of pairs that are gone (no id or former id) and were never "
                             "published: in neither main's urls.txt (fetched from origin) nor any tag's")
    urls.add_argument("--check", action="store_true",
                      help="with --site: change nothing, list manifest URLs that no longer land and URLs it lacks")
    urls.add_argument("root", nargs="?", default=".", help="the guide's folder (default: here)")
    urls.set_defaults(run=cmd_urls)

    evaluate = commands.add_parser("eval", help="measure the ruleset against the labelled messages under eval/",
                                   description="Run the ruleset on every labelled message: recall on collecting "
                                               "messages, share of connecting messages passed, false alarms per "
                                               "rule, and every miss.")
    evaluate.add_argument("paths", nargs="*", metavar="PATH",
                          help="eval files or folders (default: every *.yml under eval/)")
    evaluate.add_argument("--format", choices=("text", "json"), default="text")
    evaluate.add_argument("--root", help="the guide's folder (default: here or a parent)")
    evaluate.set_defaults(run=cmd_eval)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # A short-lived process whose data has no reference cycles worth
    # collecting: switching the cycle collector off for good (not only while
    # loading) spares the full collection that re-enabling it would start.
    gc.disable()
    try:
        return args.run(args)
    except CommandError as err:
        for line in err.args:
            print(f"connecting {args.command}: {line}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Whoever read the output stopped early (`connecting eval | head`): nothing is wrong
        # with the files, so say nothing; point stdout at nothing so that the flush at exit
        # cannot fail a second time (the recipe in Python's signal documentation).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as err:  # a bug of ours, not a mistake of the contributor's
        if os.environ.get("CONNECTING_DEBUG"):
            raise
        print(f"connecting: internal error ({type(err).__name__}: {err}). This is a bug in the tool, not in your "
              "files: please report it with the file you changed. Set CONNECTING_DEBUG=1 to see the traceback.",
              file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
