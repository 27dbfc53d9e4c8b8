"""How long after a save does the open preview show the change? A benchmark, not a test.

It copies the guide's inputs (the files the tests copy, ``COPIED`` in
tests/conftest.py) into a temporary folder, starts ``mkdocs serve`` there on a
free port of 127.0.0.1, opens a principle page that shows an example card in
headless Chromium, and then, N times each:

- changes one word of the ``why:`` of an example that page shows (examples/*.yml);
- changes one word of that page's own Markdown (docs/principles/*.md);

and polls the open page until the new word is on screen. Nothing in the repo is touched.

For each edit it prints the wall time from the save to the change being visible,
and where it went, from the serve log (each line stamped when it arrives):

- watch:   save -> "Detected file changes" (MkDocs' file watcher noticing the save);
- debounce+build: -> "Reloading browsers" (MkDocs waits for more changes, then rebuilds);
  "build" alone is what MkDocs reports ("Documentation built in X seconds");
- browser: -> the change on screen (the live-reload poll answers, the page reloads;
  ``--verbose`` shows when the reload started and reached DOMContentLoaded);
- CPU: user+sys seconds of the serve process for the rebuild.

rebuild_breakdown.py splits the rebuild itself into MkDocs' phases and pages.

Target: the median and the max at most 1.5 s. There is no baseline to take a
ratio against: the figure is a wall time, so run it on a quiet machine, and
read the load average it prints next to it.

``--variant`` measures the same edits with prototypes of fixes, made only in
the temporary copy (hooks from benchmarks/prototypes/ added to its mkdocs.yml,
or serve flags):

- ``stock``:   the guide as `make serve` runs it, ``mkdocs serve --dirty`` (the default):
               the guide's hook renders again only the pages a save changed;
- ``full``:    plain ``mkdocs serve``: every save renders all pages;
- ``dirty``:   ``mkdocs serve --dirty --no-strict`` as MkDocs has it (strict: true
               fails on MkDocs' own warning about dirty builds);
- ``inotify``: watchdog's native watcher instead of MkDocs' 0.5 s polling scan,
               and a 0.05 s debounce instead of 0.1 s (prototypes/inotify_watch.py;
               not adopted yet: it saved 0.2-0.5 s when measured).

The template cache and the incremental rebuild that earlier prototypes here
measured are now the guide's own (connecting/site/preview.py).

Usage: python benchmarks/preview_reload.py [--edits 7] [--quick] [--verbose] [--variant stock full ...]
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from conftest import CHROMIUM, copy_guide  # noqa: E402  (the tests' copy of the guide's inputs)

TARGET = 1.5
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# Words that fit "... easy to <word>" and "... <word>." alike; one per edit, so each edit is told apart.
WORDS = ["read", "find", "use", "share", "save", "check", "follow", "trust", "answer", "follow up",
         "remember", "reread", "print", "forward", "pin", "note", "quote", "keep"]
EXAMPLE_ID = "aftercare-sheet-pasted-in-dm"  # any pair will do: its principle's page shows its card

# Prototypes of fixes (benchmarks/prototypes/), added to the temporary copy's hooks only.
PROTOTYPES = Path(__file__).resolve().parent / "prototypes"
VARIANTS = {  # name: (hooks to add, extra `mkdocs serve` arguments)
    "stock": ((), ("--dirty",)),  # as `make serve` runs it
    "full": ((), ()),  # plain `mkdocs serve`: every save renders every page
    "dirty": ((), ("--dirty", "--no-strict")),  # strict: true fails on MkDocs' own warning about dirty builds
    "inotify": (("inotify_watch.py",), ()),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """user+sys CPU seconds of a running process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class ServeLog:
    """The server's output, each line stamped with time.monotonic() on arrival."""

    process: subprocess.Popen
    lines: queue.Queue = field(default_factory=queue.Queue)
    everything: list[tuple[float, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            stamped = (time.monotonic(), line.rstrip("\n"))
            self.everything.append(stamped)
            self.lines.put(stamped)

    def drain(self) -> None:
        while not self.lines.empty():
            self.lines.get_nowait()

    def wait_for(self, needle: str, seconds: float = 60) -> list[tuple[float, str]]:
        """The lines up to the first that holds ``needle``, that one last."""
        seen = []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                stamp, line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            seen.append((stamp, line))
            if needle in line:
                return seen
        tail = "\n".join(line for _, line in self.everything[-30:])
        sys.exit(f"the server never printed {needle!r}; its last lines:\n{tail}")


def replace_last_word(text: str, word: str) -> str:
    """The text with its last word (before the closing full stop) replaced."""
    return re.sub(r"[\w-]+(?=\.\s*$)", word, text, count=1)


class Edits:
    """The two files the benchmark edits, each with the text to look for on the page."""

    def __init__(self, root: Path) -> None:
        self.example = root / "examples" / f"{EXAMPLE_ID}.yml"
        if not self.example.exists():  # renamed or gone: the first pair whose why ends in a word and a full stop
            self.example = next(path for path in sorted((root / "examples").glob("*.yml"))
                                if re.search(r"\w\.\s*$", str(yaml.safe_load(path.read_text(encoding="utf-8"))["why"])))
        data = yaml.safe_load(self.example.read_text(encoding="utf-8"))
        self.why = data["why"]
        self.page = root / "docs" / "principles" / f"{data['principle']}.md"
        self.url_path = f"principles/{data['principle']}/"
        # The page's first paragraph of prose: a line that starts with a letter and ends a sentence.
        source = self.page.read_text(encoding="utf-8")
        self.paragraph = next(line for line in source.splitlines()
                              if re.match(r"[A-Z]", line) and line.rstrip().endswith(".") and "{{" not in line)
        # One word per edit, never the word the text ends with now (that would change nothing).
        last = {re.search(r"([\w-]+)\.\s*$", text)[1] for text in (self.why, self.paragraph)}
        self.words = [word for word in WORDS if word not in last]

    def word(self, number: int) -> str:
        return self.words[number % len(self.words)]

    def edit_example(self, word: str) -> str:
        """Change the why's last word; return the text the page then shows."""
        new_why = replace_last_word(self.why, word)
        text = self.example.read_text(encoding="utf-8")
        text = re.sub(r"^why: .*$", lambda _: f"why: {yaml_string(new_why)}", text, count=1, flags=re.MULTILINE)
        self.example.write_text(text, encoding="utf-8")
        return new_why[-40:]

    def edit_page(self, word: str) -> str:
        new_paragraph = replace_last_word(self.paragraph, word)
        text = self.page.read_text(encoding="utf-8")
        # Keep the current paragraph's place: replace whatever version of it is there now.
        current = next(line for line in text.splitlines() if line.startswith(self.paragraph[:40]))
        self.page.write_text(text.replace(current, new_paragraph, 1), encoding="utf-8")
        return new_paragraph[-40:]


def yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wait_visible(page, needle: str, timeout: float = 15) -> float | None:
    """Poll the open page until its article shows ``needle``; return the time it did (None: never)."""
    script = "needle => { const a = document.querySelector('article') || document.body; return a.innerText.replace(/\\s+/g, ' ').includes(needle); }"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if page.evaluate(script, needle):
                return time.monotonic()
        except PlaywrightError:  # the page is reloading: its context went away mid-call
            pass
        time.sleep(0.01)
    return None


# When the open page's document started loading, and its DOMContentLoaded, in seconds since the epoch.
NAVIGATION = """() => { const n = performance.getEntriesByType('navigation')[0];
  return [performance.timeOrigin / 1000, (performance.timeOrigin + n.domContentLoadedEventEnd) / 1000]; }"""


@dataclass
class Timing:
    kind: str
    total: float | None  # None: the change never showed
    watch: float
    to_reload: float
    build: float
    browser: float | None
    cpu: float
    to_navigation: float | None = None  # "Reloading browsers" -> the page's reload starts
    to_dom: float | None = None  # -> its DOMContentLoaded


def measure(variant: str, edits: int, settle: float) -> list[Timing]:
    with tempfile.TemporaryDirectory(prefix="connecting-reload-") as tmp:
        root = copy_guide(Path(tmp) / "guide")
        command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml")]
        hooks, arguments = VARIANTS[variant]
        command += arguments
        if hooks:
            for hook in hooks:
                shutil.copy2(PROTOTYPES / hook, root / "hooks" / f"bench_{hook}")
            config = root / "mkdocs.yml"
            listed = "".join(f"  - hooks/bench_{hook}\n" for hook in hooks)
            config.write_text(config.read_text(encoding="utf-8").replace("hooks:\n", "hooks:\n" + listed, 1),
                              encoding="utf-8")
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        command += ["--dev-addr", f"127.0.0.1:{port}"]
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1", SITE_URL=url)
        server = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  env=env)
        log = ServeLog(server)
        timings: list[Timing] = []
        try:
            log.wait_for("Serving on", 180)
            edit = Edits(root)
            with sync_playwright() as playwright:
                options = {"args": CHROMIUM_ARGS, "headless": True}
                if CHROMIUM.exists():
                    options["executable_path"] = str(CHROMIUM)
                browser = playwright.chromium.launch(**options)
                page = browser.new_page()
                page.goto(url + edit.url_path, wait_until="load")
                page.wait_for_selector("article .cc-card")
                for number in range(2 * edits):
                    kind = "example yml" if number % 2 == 0 else "docs md"
                    time.sleep(settle)  # the page is idle, the livereload poll is waiting
                    log.drain()
                    cpu_before = cpu_seconds(server.pid)
                    word = edit.word(number)
                    saved = time.monotonic()  # the save starts
                    needle = edit.edit_example(word) if kind == "example yml" else edit.edit_page(word)
                    visible = wait_visible(page, needle)
                    seen = log.wait_for("Reloading browsers")
                    cpu = cpu_seconds(server.pid) - cpu_before
                    reloading = seen[-1][0]
                    detected = next(stamp for stamp, line in seen if "Detected file changes" in line)
                    built = [re.search(r"built in ([0-9.]+) seconds", line) for _, line in seen]
                    build = next((float(found[1]) for found in built if found), float("nan"))
                    timing = Timing(kind, visible and visible - saved, detected - saved, reloading - detected,
                                    build, visible and visible - reloading, cpu)
                    if visible is None:  # reload, so that the next edit starts from a page that is up to date
                        page.reload(wait_until="load")
                    else:
                        page.wait_for_load_state("domcontentloaded")  # the text can show before it
                        epoch = time.time() - time.monotonic()  # monotonic + epoch = seconds since the epoch
                        started, dom = page.evaluate(NAVIGATION)
                        timing.to_navigation = started - epoch - reloading
                        timing.to_dom = dom - epoch - reloading
                    timings.append(timing)
                browser.close()
        finally:
            server.send_signal(signal.SIGINT)  # MkDocs removes its temporary site folder on Ctrl-C
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        return timings


def summary(timings: list[Timing], kind: str) -> str:
    every = [t for t in timings if t.kind == kind]
    chosen = [t for t in every if t.total is not None]
    if not chosen:
        return (f"  {kind:<11} n={len(every)}: the change NEVER showed on the open page (waited 15 s each);"
                f" watch {statistics.median(t.watch for t in every):.2f} s,"
                f" build {statistics.median(t.build for t in every):.2f} s")

    def med(name: str) -> float:  # a figure the log lacked (nan) is left out
        values = [getattr(t, name) for t in chosen if getattr(t, name) == getattr(t, name)]
        return statistics.median(values) if values else float("nan")

    totals = [t.total for t in chosen]
    never = f" ({len(every) - len(chosen)} of {len(every)} NEVER showed)" if len(chosen) < len(every) else ""
    return (f"  {kind:<11} n={len(chosen)}{never}: save -> visible median {statistics.median(totals):.2f} s,"
            f" max {max(totals):.2f} s (target <= {TARGET}); medians: watch {med('watch'):.2f},"
            f" debounce+build {med('to_reload'):.2f} (build {med('build'):.2f}),"
            f" browser {med('browser'):.2f} s; rebuild CPU {med('cpu'):.2f} s")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=7, help="edits of each kind (default 7)")
    parser.add_argument("--quick", action="store_true", help="3 edits of each kind")
    parser.add_argument("--variant", nargs="+", default=["stock"], choices=list(VARIANTS))
    parser.add_argument("--settle", type=float, default=1.0, help="seconds of quiet before each edit")
    parser.add_argument("--verbose", action="store_true", help="print each edit's figures")
    args = parser.parse_args()
    edits = 3 if args.quick else args.edits
    for variant in args.variant:
        print(f"Preview reload, variant {variant} ({load()}):", flush=True)
        timings = measure(variant, edits, args.settle)
        if args.verbose:
            for t in timings:
                if t.total is None:
                    print(f"    {t.kind:<11} never showed; watch {t.watch:.2f}, build {t.build:.2f}")
                    continue
                print(f"    {t.kind:<11} {t.total:.2f} s = watch {t.watch:.2f} + debounce+build {t.to_reload:.2f}"
                      f" (build {t.build:.2f}) + browser {t.browser:.2f} (reload starts at +{t.to_navigation:.2f},"
                      f" DOMContentLoaded at +{t.to_dom:.2f}); CPU {t.cpu:.2f} s")
        for kind in ("example yml", "docs md"):
            print(summary(timings, kind), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
