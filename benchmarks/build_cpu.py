"""What does the guide's machinery cost a build of 1,000 pairs? A benchmark, not a test.

It writes a guide of N pairs into a temporary folder: the guide's own inputs
(``COPIED`` in tests/conftest.py, without urls.txt: a scratch guide publishes
no promise) and, beside the guide's own pairs, copies of them under new ids
whose do text, situation and why have some words swapped for words no other
text uses (check_speed's ``Writer.fresh_words``), so that no two do texts are
near-duplicates (at most 0.7 alike), and the don't texts keep their flags. `connecting check` must
say OK on it.

Then it builds that guide with ``mkdocs build`` (the hook, the macros, the
generated pages) and writes each built page's article (the HTML inside
Material's ``<article class="md-content__inner">``) into a plain docs tree,
``.md`` files holding that HTML at the same paths, with a baseline mkdocs.yml:
the same Material theme, features, Markdown extensions, CSS, JavaScript and nav,
the search plugin, and no hook, no macros, no redirects. It builds both, in
turn, each a fresh process, and measures the child's CPU time (user + sys,
from ``os.wait4``). The figure is the median of the guide/baseline ratios of
each turn, because the machine is shared and noisy. Target: at most 1.5.

Usage: python benchmarks/build_cpu.py [--pairs 1000] [--repeat 3] [--quick]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from conftest import copy_guide  # noqa: E402  (the tests' copy of the guide's inputs)

from connecting.engine.sameness import jaccard, shingles  # noqa: E402
from connecting.tools.new_pair import id_problem  # noqa: E402

TARGET = 1.5
MAX_SIMILARITY = 0.7  # between copies of one pair's do text (`connecting check` refuses 0.8)
SCHEMA_LINE = "# yaml-language-server: $schema=../connecting/schemas/example.schema.json\n"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")


def _check_speed():
    """check_speed.py's generator (its fresh words), loaded as the tests load it."""
    spec = importlib.util.spec_from_file_location("check_speed", REPO / "benchmarks" / "check_speed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_SWAPPABLE = re.compile(r"(?<![A-Za-z'])[a-z]{5,}(?![A-Za-z'])")


def vary(text: str, fresh, every: int, offset: int) -> str:
    """The text with every ``every``-th word of five letters or more swapped for a fresh word.

    A swapped word changes the three 3-shingles around it, and no other text has those.
    Short words (pronouns, "you", "I") and capitalised ones (names) stay, so the
    rules about who the message talks about see the same text.
    """
    words = _SWAPPABLE.findall(text)
    chosen = {index for index in range(len(words)) if index % every == offset % every}
    count = iter(range(len(words)))
    replacements = iter(fresh(len(chosen)))

    def swap(match: re.Match) -> str:
        return next(replacements) if next(count) in chosen else match[0]

    return _SWAPPABLE.sub(swap, text)


def distinct_do(text: str, fresh, offset: int, kin: list[frozenset]) -> tuple[str, frozenset]:
    """A variant of a do text at most 0.7 similar to each of ``kin`` (the original's other
    variants, and the original): words are swapped more densely until it is."""
    for every in (4, 3, 2, 1):
        varied = vary(text, fresh, every, offset)
        mine = shingles(varied)
        if all(jaccard(mine, other) <= MAX_SIMILARITY for other in kin):
            return varied, mine
    sys.exit(f"cannot vary the do text {text[:60]!r}... enough: it has too few long words")


class Copier:
    """Writes copies of the guide's pairs under new ids, with varied texts."""

    def __init__(self, folder: Path, seed: int = 7) -> None:
        self.examples = folder / "examples"
        self.fresh = _check_speed().Writer(self.examples, seed).fresh_words
        self.sources = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(self.examples.glob("*.yml"))]
        self.kin = [[shingles(data["do"]["text"])] for data in self.sources]  # each original's do, and its variants'
        self.made: dict[str, int] = {}  # copy id -> its number

    def write(self, number: int, attempt: int = 0) -> str:
        which = number % len(self.sources)
        data = self.sources[which]
        new_id = f"{data['id']}-{number // len(self.sources) + 1:03d}"
        if attempt == 0 and (problem := id_problem(self.examples.parent, new_id)):
            sys.exit(f"cannot write pair {new_id}: {problem}")
        copy = {key: value for key, value in data.items() if not key.startswith("former_")}
        copy["id"] = new_id
        offset = number + attempt
        do_text, do_shingles = distinct_do(data["do"]["text"], self.fresh, offset, self.kin[which])
        self.kin[which].append(do_shingles)
        copy["do"] = dict(data["do"], text=do_text)
        copy["situation"] = vary(data["situation"], self.fresh, 8, offset)
        copy["why"] = vary(data["why"], self.fresh, 8, offset)
        (self.examples / f"{new_id}.yml").write_text(
            SCHEMA_LINE + yaml.safe_dump(copy, sort_keys=False, allow_unicode=True, width=10_000), encoding="utf-8")
        self.made[new_id] = number
        return new_id


def make_guide(folder: Path, pairs: int, seed: int = 7) -> tuple[int, str]:
    """Write a guide of ``pairs`` pairs (at least the guide's own) that `connecting check`
    passes; return how many pairs it has and what the check said.

    A swapped word can take away what a rule needs in a do text (the word that
    discloses an affiliate link, say): such a copy is written again with other
    words swapped, until the check says OK.
    """
    copy_guide(folder)
    (folder / "urls.txt").unlink()
    copier = Copier(folder, seed)
    count = len(copier.sources)
    for number in range(max(0, pairs - count)):
        copier.write(number)
    for attempt in range(1, 6):
        said, failing = check(folder)
        if not failing:
            return count + len(copier.made), said
        if not failing <= copier.made.keys():
            break
        for pair_id in sorted(failing):
            copier.write(copier.made[pair_id], attempt)
    sys.exit(f"`connecting check` on the generated guide did not say OK:\n{said}")


def check(folder: Path) -> tuple[str, set[str]]:
    """What `connecting check` said, and the ids of the pairs it found problems in."""
    result = subprocess.run([sys.executable, "-m", "connecting", "check", str(folder)], capture_output=True,
                            text=True, env=ENV)
    said = (result.stdout + result.stderr).strip()
    failing = set(re.findall(r"^examples/([a-z0-9-]+)\.yml:", result.stdout, flags=re.MULTILINE))
    if result.returncode == 0 and said.startswith("OK"):
        return said, set()
    return "\n".join(said.splitlines()[:20]), failing or {"(not a pair)"}


def cpu_of(command: list[str], cwd: Path) -> tuple[float, float]:
    """Run ``command``; return its CPU seconds (user + sys) and wall seconds. Exits on failure."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{stderr.decode('utf-8', 'replace')[-3000:]}")
    return usage.ru_utime + usage.ru_stime, wall


def build_command(root: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(root / "mkdocs.yml"), "-d", str(site)]


# --- the baseline: the built articles as plain pages ----------------------------------------------

_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">')
_TAG = re.compile(r"<(/?)article\b[^>]*>")


def article_of(html: str) -> str | None:
    """The inner HTML of Material's article (cards are <article>s too: count nesting)."""
    start = _ARTICLE.search(html)
    if start is None:
        return None
    depth = 1
    for tag in _TAG.finditer(html, start.end()):
        depth += -1 if tag[1] else 1
        if depth == 0:
            return html[start.end():tag.start()]
    raise ValueError("an <article> is never closed")


def source_path(built: Path, site: Path, docs: Path) -> str:
    """The docs path (src_uri) a page built at ``built`` came from (use_directory_urls)."""
    folder = built.parent.relative_to(site).as_posix()
    if folder == ".":
        return "index.md"
    if (docs / folder / "index.md").exists():
        return f"{folder}/index.md"
    return f"{folder}.md"


def env_tag(loader, node):  # mkdocs.yml's !ENV [NAME, default]: the baseline takes the default
    value = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    return value[-1] if len(value) > 1 else None


def make_baseline(guide: Path, site: Path, folder: Path) -> int:
    """A plain MkDocs project whose pages hold the guide's built articles; return the page count."""
    docs = folder / "docs"
    pages = 0
    for built in sorted(site.rglob("index.html")):
        article = article_of(built.read_text(encoding="utf-8"))
        if article is None:  # a redirect page: no article
            continue
        target = docs / source_path(built, site, guide / "docs")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(article, encoding="utf-8")
        pages += 1
    # The same static files: the scripts, the styles and the checker's ruleset (made by the hook).
    for name in ("javascripts", "stylesheets"):
        shutil.copytree(guide / "docs" / name, docs / name)
    for data in site.rglob("*.json"):
        relative = data.relative_to(site)
        if relative.parts[0] != "search":
            (docs / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(data, docs / relative)
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_constructor("!ENV", env_tag)
    config = yaml.load((guide / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)
    config.pop("hooks", None)
    config.pop("watch", None)
    config["plugins"] = ["search"]
    config["strict"] = False  # links inside raw HTML are not checked either way
    config["validation"] = {"omitted_files": "ignore"}  # the example pages are in no nav, as in the guide
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return pages


def measure(pairs: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="connecting-build-cpu-") as tmp:
        tmp_path = Path(tmp)
        guide, baseline = tmp_path / "guide", tmp_path / "baseline"
        made, said = make_guide(guide, pairs)
        guide_cpu, baseline_cpu, ratios, pages = [], [], [], 0
        for turn in range(repeat):  # alternate, so both see the same machine; a fresh site folder each time
            figures = {}
            for name in ("guide", "baseline") if turn % 2 == 0 else ("baseline", "guide"):
                root = guide if name == "guide" else baseline
                site = tmp_path / f"site-{name}-{turn}"
                figures[name], _ = cpu_of(build_command(root, site), root)
                if turn == 0 and name == "guide":  # the first build's pages make the baseline
                    pages = make_baseline(guide, site, baseline)
                shutil.rmtree(site)
            guide_cpu.append(figures["guide"])
            baseline_cpu.append(figures["baseline"])
            ratios.append(figures["guide"] / figures["baseline"])
        return {"pairs": made, "check": said, "pages": pages, "guide": guide_cpu, "baseline": baseline_cpu,
                "ratios": ratios}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="builds of each, alternated (at least 3)")
    parser.add_argument("--quick", action="store_true", help="300 pairs, 3 builds of each")
    args = parser.parse_args()
    pairs = 300 if args.quick else args.pairs
    one, five, fifteen = os.getloadavg()
    print(f"Build CPU at {pairs} pairs (load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores):",
          flush=True)
    figures = measure(pairs, max(3, args.repeat))
    print(f"  generated guide: {figures['check']}")
    print(f"  baseline: {figures['pages']} pages holding the built articles; Material, search, no hook, no macros")
    print("  CPU s (user+sys) per build, in turn: guide " + ", ".join(f"{c:.2f}" for c in figures["guide"])
          + "; baseline " + ", ".join(f"{c:.2f}" for c in figures["baseline"]))
    ratio = statistics.median(figures["ratios"])
    print(f"  guide {statistics.median(figures['guide']):.2f} CPU s, baseline {statistics.median(figures['baseline']):.2f}"
          f" CPU s (medians); ratio per turn " + ", ".join(f"{r:.2f}" for r in figures["ratios"])
          + f"; median ratio {ratio:.2f} (target <= {TARGET})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
