"""`connecting eval`: measure the ruleset against the labelled corpus under eval/.

Each eval file (connecting/schemas/eval.schema.json) holds messages labelled
`collect` (the ruleset should flag them) or `connect` (it should pass them).
A message is flagged when any finding has level error or warning, the same
test `connecting lint` applies. The report gives recall on collect messages
and the share of connect messages passed, overall and per category, channel
and stage; how often each rule fails a connect message (false alarms); and
every miss.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from connecting.data.problems import Problem
from connecting.data.schema import schema_problems
from connecting.data.yamlfile import load_yaml

EVAL_DIR = "eval"
SCHEMA = "eval"

# The 15 collecting categories, in the order of eval/WRITERS.md and eval/CATEGORIES.md.
COLLECTING_CATEGORIES = (
    "cold-pitch", "hook-then-pitch", "meeting-ask", "sequence-follow-up", "urgency", "income-claim",
    "mass-audience", "stranger-ask", "prospecting-others", "comment-pitch", "mass-invite", "merge-field",
    "auto-thanks", "undisclosed-affiliate", "shouting",
)


@dataclass(frozen=True)
class Message:
    file: str  # relative to the guide's root, with forward slashes
    line: int  # where the message's id is written
    split: str
    id: str
    label: str  # collect or connect
    category: str
    channel: str
    stage: str
    text: str


@dataclass
class Result:
    message: Message
    fired: list[str]  # rules with a finding of level error or warning, in order, each once
    suggestions: list[str]  # rules with only a finding that does not fail the message

    @property
    def flagged(self) -> bool:
        return bool(self.fired)

    @property
    def correct(self) -> bool:
        return self.flagged == (self.message.label == "collect")


@dataclass
class Corpus:
    files: list[str] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _rel(root: Path, path: Path) -> str:
    """The path to show: from the guide's root, else from the current folder, else as given."""
    for base in (root, Path.cwd().resolve()):
        try:
            return path.resolve().relative_to(base).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def eval_files(root: Path, paths: list[str]) -> tuple[list[Path] | None, str | None]:
    """The eval files to read: every *.yml under each folder given, or under root/eval/; or a usage error."""
    if not paths:
        folder = root / EVAL_DIR
        if not folder.is_dir():
            return None, f"{folder} does not exist"
        return sorted(folder.rglob("*.yml")), None
    chosen: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            chosen += sorted(path.rglob("*.yml"))
        elif path.is_file():
            chosen.append(path)
        else:
            return None, f"{given} does not exist"
    unique = list({p.resolve(): p for p in chosen}.values())
    if not unique:
        return None, f"no *.yml eval files in {', '.join(paths)}"
    return unique, None


def load_corpus(root: Path, paths: list[Path], channels: dict) -> Corpus:
    """Read and check every file; a file with a problem adds no message."""
    corpus = Corpus()
    first_seen: dict[str, str] = {}
    for path in paths:
        rel = _rel(root, path)
        corpus.files.append(rel)
        doc, problems = load_yaml(path, rel)
        if doc is not None and not problems:
            problems = schema_problems(doc, SCHEMA)
        if doc is None or problems:
            corpus.problems.extend(problems)
            continue
        own: list[Message] = []
        for index, data in enumerate(doc.data["messages"]):
            channel = channels.get(data["channel"])
            if channel is None:
                problems.append(doc.problem(("messages", index, "channel"), "unknown-channel",
                                            f"`messages[{index + 1}].channel` is {data['channel']!r}, not a channel",
                                            f"the channels are: {', '.join(sorted(channels))}"))
            elif data["stage"] not in channel.stages:
                problems.append(doc.problem(("messages", index, "stage"), "wrong-stage",
                                            f"`messages[{index + 1}].stage` is {data['stage']!r}, "
                                            f"which {channel.id} does not have",
                                            f"{channel.id} has: {', '.join(channel.stages)}"))
            is_genuine = data["category"].startswith("genuine-")
            if is_genuine != (data["label"] == "connect"):
                problems.append(doc.problem(("messages", index, "category"), "label-category",
                                            f"`messages[{index + 1}].category` {data['category']!r} does not go "
                                            f"with the label {data['label']!r}",
                                            "collect messages take a collecting category, connect messages "
                                            "genuine-<kind>"))
            if data["id"] in first_seen:
                problems.append(doc.problem(("messages", index, "id"), "duplicate-id",
                                            f"the id {data['id']!r} is already used in {first_seen[data['id']]}",
                                            "give each message its own id"))
            else:
                first_seen[data["id"]] = rel
            own.append(Message(rel, doc.where(("messages", index, "id"))[0], doc.data["split"], data["id"], data["label"], data["category"],
                               data["channel"], data["stage"], data["text"]))
        if problems:
            corpus.problems.extend(problems)
        else:
            corpus.messages.extend(own)
    corpus.problems.sort()
    return corpus


def judge(guide, messages: list[Message]) -> list[Result]:
    results = []
    for message in messages:
        findings = guide.ruleset.evaluate(message.text, guide.channels.get(message.channel), message.stage)
        fired = list(dict.fromkeys(finding.rule for finding in findings if finding.fails))
        others = [rule for rule in dict.fromkeys(finding.rule for finding in findings) if rule not in fired]
        results.append(Result(message, fired, others))
    return results


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _figures(results: list[Result]) -> dict[str, object]:
    collect = [r for r in results if r.message.label == "collect"]
    connect = [r for r in results if r.message.label == "connect"]
    flagged = sum(r.flagged for r in collect)
    passed = sum(not r.flagged for r in connect)
    return {"collect": len(collect), "flagged": flagged, "recall": _share(flagged, len(collect)),
            "connect": len(connect), "passed": passed, "pass_share": _share(passed, len(connect))}


def _grouped(results: list[Result], key) -> dict[str, dict[str, object]]:
    groups: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        groups[key(result.message)].append(result)
    return {name: _figures(groups[name]) for name in sorted(groups)}


def report(guide, corpus: Corpus, results: list[Result]) -> dict[str, object]:
    """The figures, as `--format json` prints them."""
    order = {name: n for n, name in enumerate(COLLECTING_CATEGORIES)}
    by_category = _grouped(results, lambda m: m.category)
    by_category = dict(sorted(by_category.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))
    on_connect: Counter[str] = Counter()
    on_collect: Counter[str] = Counter()
    for result in results:
        (on_connect if result.message.label == "connect" else on_collect).update(result.fired)
    rules = {rule.id: {"level": rule.level, "false_alarms": on_connect[rule.id], "on_collect": on_collect[rule.id]}
             for rule in sorted(guide.ruleset.rules, key=lambda rule: rule.id)}
    misses = [{"file": r.message.file, "line": r.message.line, "id": r.message.id, "label": r.message.label,
               "category": r.message.category, "channel": r.message.channel, "stage": r.message.stage,
               "rules": r.fired, "suggestions": r.suggestions}
              for r in results if not r.correct]
    return {
        "files": corpus.files,
        "splits": sorted({r.message.split for r in results}),
        "messages": len(results),
        "overall": _figures(results),
        "by_category": by_category,
        "by_channel": _grouped(results, lambda m: m.channel),
        "by_stage": _grouped(results, lambda m: m.stage),
        "rules": rules,
        "misses": misses,
    }


def _percent(value: float | None) -> str:
    return "   n/a" if value is None else f"{value * 100:5.1f}%"


def _table(title: str, groups: dict[str, dict[str, object]]) -> list[str]:
    width = max([len(title)] + [len(name) for name in groups])
    lines = [f"{title:<{width}}  {'recall':>15}  {'connect passed':>15}"]
    for name, f in groups.items():
        recall = f"{_percent(f['recall'])} {f['flagged']:>3}/{f['collect']:<3}" if f["collect"] else ""
        passed = f"{_percent(f['pass_share'])} {f['passed']:>3}/{f['connect']:<3}" if f["connect"] else ""
        lines.append(f"{name:<{width}}  {recall:>15}  {passed:>15}")
    return lines


def format_text(data: dict[str, object]) -> str:
    overall = data["overall"]
    lines = [f"{data['messages']} messages in {len(data['files'])} file(s) ({', '.join(data['splits'])}).",
             f"Recall on collect messages: {_percent(overall['recall']).strip()} "
             f"({overall['flagged']}/{overall['collect']} flagged)",
             f"Connect messages passed:    {_percent(overall['pass_share']).strip()} "
             f"({overall['passed']}/{overall['connect']})", ""]
    for title, key in (("category", "by_category"), ("channel", "by_channel"), ("stage", "by_stage")):
        lines += _table(title, data[key]) + [""]
    lines.append("Rules (messages where the rule fails the message, error or warning):")
    width = max(len(rule) for rule in data["rules"]) if data["rules"] else 4
    lines.append(f"  {'rule':<{width}}  {'level':<10} {'false alarms':>12} {'on collect':>10}")
    for rule, counts in data["rules"].items():
        lines.append(f"  {rule:<{width}}  {counts['level']:<10} {counts['false_alarms']:>12} {counts['on_collect']:>10}")
    lines.append("")
    missed = [m for m in data["misses"] if m["label"] == "collect"]
    alarms = [m for m in data["misses"] if m["label"] == "connect"]
    lines.append(f"Collect messages not flagged ({len(missed)}):")
    lines += [f"  {m['file']}:{m['line']}: {m['id']} ({m['category']}, {m['channel']}, {m['stage']})"
              + (f"; suggestions only: {', '.join(m['suggestions'])}" if m["suggestions"] else "") for m in missed]
    lines.append(f"Connect messages flagged ({len(alarms)}):")
    lines += [f"  {m['file']}:{m['line']}: {m['id']} ({m['category']}, {m['channel']}, {m['stage']}): "
              f"{', '.join(m['rules'])}"
              for m in alarms]
    return "\n".join(lines)
