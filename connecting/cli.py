"""The `connecting` command: check the guide's data, lint one draft message, or add URLs to the manifest.

Exit codes: 0 clean, 1 problems or a failing message, 2 bad usage.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from .guide import load_guide
from .model import passes

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own exit code for bad usage is 2 as well
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _find_root(start: Path) -> Path:
    """The folder with the guide's data: ``start`` or the nearest parent with rules/."""
    for folder in (start, *start.parents):
        if (folder / "rules").is_dir() and (folder / "examples").is_dir():
            return folder
    return start


def cmd_check(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    if not root.is_dir():
        print(f"connecting check: {args.root} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    guide = load_guide(root)
    if args.format == "json":
        print(json.dumps([problem.as_dict() for problem in guide.problems], indent=2, ensure_ascii=False))
    else:
        for problem in guide.problems:
            print(problem)
        if guide.problems:
            print(f"{len(guide.problems)} problem(s) found.", file=sys.stderr)
        else:
            print(f"OK: {len(guide.examples)} example pairs, {len(guide.ruleset.rules)} rules, "
                  f"{len(guide.channels)} channels, {len(guide.principles)} principles.")
    return EXIT_PROBLEMS if guide.problems else EXIT_OK


def _read_draft(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    return Path(source).read_text(encoding="utf-8-sig")


def _shown(matched: str, limit: int = 60) -> str:
    """The matched text for one line of output; a whole message is shortened."""
    return repr(matched if len(matched) <= limit else matched[: limit - 1] + "…")


def cmd_lint(args: argparse.Namespace) -> int:
    guide = load_guide(_find_root(Path(args.root).resolve()))
    # A draft can be judged while an example is half written; not with a broken rule or channel.
    blocking = [p for p in guide.problems if p.path.startswith(("rules/", "data/", "docs/principles"))]
    if blocking or not guide.ruleset.rules:
        print(f"connecting lint: the rules or channels have {len(blocking)} problem(s); "
              "run `connecting check` to see them", file=sys.stderr)
        return EXIT_USAGE
    channel = None
    if args.channel:
        channel = guide.channels.get(args.channel)
        if channel is None:
            print(f"connecting lint: unknown channel {args.channel!r}; valid channels: "
                  f"{', '.join(sorted(guide.channels))}", file=sys.stderr)
            return EXIT_USAGE
    stage = "reply" if args.reply else "first"
    if channel and stage not in channel.stages:
        print(f"connecting lint: {channel.title} has no {stage} stage", file=sys.stderr)
        return EXIT_USAGE
    try:
        text = _read_draft(args.file)
    except (OSError, UnicodeDecodeError) as err:
        print(f"connecting lint: cannot read {args.file}: {err}", file=sys.stderr)
        return EXIT_USAGE
    if args.file == "-" or text.endswith("\n"):
        text = text[:-1] if text.endswith("\n") else text  # the newline an editor or echo adds
    findings = guide.ruleset.evaluate(text, channel, stage)
    if args.format == "json":
        print(json.dumps({"channel": channel.id if channel else None, "stage": stage, "passes": passes(findings),
                          "findings": [finding.as_dict(text) for finding in findings]},
                         indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            detail = f" ({finding.detail})" if finding.detail else ""
            print(f"{finding.level}: {finding.rule} at {finding.start}-{finding.end} "
                  f"{_shown(text[finding.start:finding.end])}: {finding.message}{detail}")
        verdict = "passes" if passes(findings) else "fails"
        print(f"This message {verdict} the networking-event test "
              f"({channel.id if channel else 'any channel'}, {stage} message).")
    return EXIT_OK if passes(findings) else EXIT_PROBLEMS


def cmd_urls(args: argparse.Namespace) -> int:
    from . import manifest  # only this command reads built sites

    root = Path(args.root).resolve()
    if not root.is_dir():
        print(f"connecting urls: {args.root} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    if args.example:
        try:
            new = manifest.add_example_urls(root, args.example)
        except KeyError as err:
            print(f"connecting urls: {err.args[0]}", file=sys.stderr)
            return EXIT_PROBLEMS
    else:
        site_dir = Path(args.site)
        if not (site_dir / "index.html").is_file():
            print(f"connecting urls: {args.site} holds no built site; run `mkdocs build -d {args.site}` first, "
                  "or `make urls`", file=sys.stderr)
            return EXIT_USAGE
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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="connecting", description="Collecting or Connecting? The guide's data tools.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="validate every example, rule and channel")
    check.add_argument("root", nargs="?", default=".", help="the guide's folder (default: here)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(run=cmd_check)

    lint = commands.add_parser("lint", help="check one draft message against the ruleset")
    lint.add_argument("file", nargs="?", default="-", help="a file holding the draft, or - for standard input")
    lint.add_argument("--channel", help="the channel id, such as linkedin-invite")
    lint.add_argument("--reply", action="store_true", help="judge it as a reply, not a first message")
    lint.add_argument("--format", choices=("text", "json"), default="text")
    lint.add_argument("--root", default=".", help="the guide's folder (default: here or a parent)")
    lint.set_defaults(run=cmd_lint)

    urls = commands.add_parser("urls", help="add published URLs to the manifest (urls.txt); it never loses one")
    source = urls.add_mutually_exclusive_group(required=True)
    source.add_argument("--site", help="a built site (mkdocs build -d DIR): add every URL it publishes")
    source.add_argument("--example", metavar="ID", help="add the URLs of one pair, from its data file")
    urls.add_argument("--check", action="store_true",
                      help="with --site: change nothing, list manifest URLs that no longer land and URLs it lacks")
    urls.add_argument("root", nargs="?", default=".", help="the guide's folder (default: here)")
    urls.set_defaults(run=cmd_urls)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # A short-lived process whose data has no reference cycles worth
    # collecting: switching the cycle collector off for good (not only while
    # loading) spares the full collection that re-enabling it would start.
    gc.disable()
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a bug of ours, not a mistake of the contributor's
        if os.environ.get("CONNECTING_DEBUG"):
            raise
        print(f"connecting: internal error ({type(err).__name__}: {err}). This is a bug in the tool, not in your "
              "files: please report it with the file you changed. Set CONNECTING_DEBUG=1 to see the traceback.",
              file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
