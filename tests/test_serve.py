"""`mkdocs serve` reports bad data on a rebuild and keeps serving the last good site; under `--dirty`
(what `make serve` runs) a save renders again only the pages it changed, and every page is as a full build makes it."""

from __future__ import annotations

import json
import os
import re
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import mkdocs_build

pytestmark = pytest.mark.slow

# What `make serve` adds to `mkdocs serve`: a save renders again only the pages it changed.
MAKE_SERVE = ("--dirty",)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


def without_reload_script(page: str) -> str:
    """The page without the live-reload script, whose numbers change per request."""
    return re.sub(r"<script>\s*var livereload.*?</script>", "", page, flags=re.DOTALL)


def wait_for(lines: queue.Queue, needle: str, seconds: float = 60) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if needle in line:
            return seen
    raise AssertionError(f"{needle!r} never appeared; saw:\n" + "".join(seen))


@contextmanager
def serving(root: Path, *arguments: str):
    """`mkdocs serve` on a free port: the base URL and a queue of its output lines."""
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "-f", str(root / "mkdocs.yml"),
         *arguments],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in server.stdout], daemon=True).start()
    try:
        wait_for(lines, "Serving on")
        yield f"http://127.0.0.1:{port}/", lines
        assert server.poll() is None, "the preview server stopped"
    finally:
        server.terminate()
        server.wait(timeout=20)


BANNER = re.compile(r'<div class="admonition failure cc-preview-problems".*?</div>', re.DOTALL)


@pytest.mark.parametrize("arguments", [(), MAKE_SERVE], ids=["mkdocs-serve", "make-serve"])
def test_serve_shows_problems_and_keeps_the_last_good_site(guide_copy: Path, arguments: tuple[str, ...]) -> None:
    with serving(guide_copy, *arguments) as (base, lines):
        url = base + "principles/personal-touch/"
        status, good_page = fetch(url)
        assert status == 200 and 'class="cc-card"' in good_page and "cc-preview-problems" not in good_page

        broken = guide_copy / "examples" / "zz-broken.yml"
        broken.write_text("id: zz-broken\nprinciple: personal-touch\nchannel: emial\n", encoding="utf-8")
        seen = wait_for(lines, "examples/zz-broken.yml:3:10: `channel` names the channel 'emial'")
        wait_for(lines, "Reloading browsers")
        assert not any("Traceback" in line for line in seen)
        time.sleep(1)
        status, page = fetch(url)
        # The last good version, under a notice with the list of problems.
        banner = BANNER.search(page)
        assert status == 200 and banner and "zz-broken.yml:3:10" in banner.group()
        assert without_reload_script(BANNER.sub("", page)) == without_reload_script(good_page)

        broken.unlink()
        wait_for(lines, "Detected file changes")
        rebuilt = wait_for(lines, "Reloading browsers")
        assert not any("problem(s)" in line for line in rebuilt)
        status, page = fetch(url)
        assert status == 200 and 'class="cc-card"' in page and "cc-preview-problems" not in page

        # A page naming an example that does not exist: the preview shows where, and keeps running.
        about = guide_copy / "docs" / "about.md"
        about.write_text(about.read_text(encoding="utf-8") + '\n{{ example("no-such-pair") }}\n', encoding="utf-8")
        wait_for(lines, "names the example 'no-such-pair'")
        wait_for(lines, "Reloading browsers")
        status, page = fetch(base + "about/")
        assert status == 200 and "No file examples/no-such-pair.yml exists" in page


def test_serve_started_on_broken_data_shows_the_problems_until_they_are_fixed(guide_copy: Path) -> None:
    broken = guide_copy / "examples" / "zz-broken.yml"
    broken.write_text("id: zz-broken\nprinciple: personal-touch\nchannel: emial\n", encoding="utf-8")
    with serving(guide_copy) as (base, lines):
        status, page = fetch(base)
        assert status == 200 and "nothing new can be shown yet" in page and "zz-broken.yml:3:10" in page
        broken.unlink()
        wait_for(lines, "Reloading browsers")
        time.sleep(1)
        status, page = fetch(base + "principles/personal-touch/")
        assert status == 200 and 'class="cc-card"' in page and "cc-preview-problems" not in page


def test_an_undefined_variable_shows_in_its_page_and_every_other_page_answers(guide_copy: Path, tmp_path: Path) -> None:
    about = guide_copy / "docs" / "about.md"
    with serving(guide_copy) as (base, lines):
        about.write_text(about.read_text(encoding="utf-8") + "\n{{ undefined_thing }}\n", encoding="utf-8")
        wait_for(lines, "undefined_thing")
        wait_for(lines, "Reloading browsers")
        status, page = fetch(base + "about/")
        assert status == 200 and "undefined_thing" in page
        status, page = fetch(base + "principles/personal-touch/")
        assert status == 200 and 'class="cc-card"' in page
    built = mkdocs_build(guide_copy, tmp_path / "site")  # a real build stays strict
    assert built.returncode != 0 and "undefined_thing" in built.stdout + built.stderr


def rebuilt(lines: queue.Queue) -> None:
    """Wait for the rebuild a save sets off."""
    wait_for(lines, "Detected file changes")
    wait_for(lines, "Reloading browsers")


def replace(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, new, text, count=1, flags=re.MULTILINE)
    assert changed != text, (path, pattern)
    path.write_text(changed, encoding="utf-8")


def assert_served_as_built(base: str, root: Path, site: Path) -> None:
    """Every page and JSON file (the checker's ruleset, the search index) the preview serves is
    what a full `mkdocs build` of the same files writes."""
    built = mkdocs_build(root, site, env={"SITE_URL": base})
    assert built.returncode == 0, built.stderr
    differ = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".json"):
            continue
        rel = path.relative_to(site).as_posix()
        status, served = fetch(base + rel.removesuffix("index.html"))
        if rel == "search/search_index.json":  # the same entries, in any order
            entries = [sorted(json.dumps(entry, sort_keys=True) for entry in json.loads(text)["docs"])
                       for text in (served, path.read_text(encoding="utf-8"))]
            same = entries[0] == entries[1]
        else:
            same = without_reload_script(served).strip() == path.read_text(encoding="utf-8").strip()
        if status != 200 or not same:
            differ.append(rel)
    assert not differ, f"served differently from a full build: {differ}"


def test_make_serve_shows_each_save_everywhere_as_a_full_build_would(guide_copy: Path, tmp_path: Path) -> None:
    pair = guide_copy / "examples" / "aftercare-sheet-pasted-in-dm.yml"
    principle = re.search(r"^principle: (\S+)", pair.read_text(encoding="utf-8"), re.MULTILINE)[1]
    with serving(guide_copy, *MAKE_SERVE) as (base, lines):
        # A changed example shows on every page that shows it.
        replace(pair, r"^(why: .*?)\.(\"?)$", r"\1 and zebra-striped.\2")
        rebuilt(lines)
        for url in (f"principles/{principle}/", "examples/", "examples/aftercare-sheet-pasted-in-dm/"):
            status, page = fetch(base + url)
            assert status == 200 and "zebra-striped" in page, url
        assert_served_as_built(base, guide_copy, tmp_path / "site1")

        # A docs page's edit shows on it.
        about = guide_copy / "docs" / "about.md"
        replace(about, r"^([A-Z][^\n]*)\.$", r"\1 and quince-coloured.")
        rebuilt(lines)
        status, page = fetch(base + "about/")
        assert status == 200 and "quince-coloured" in page

        # A pair moved to another principle leaves one page for the other; a page's new title shows
        # in every page's navigation.
        replace(pair, r"^principle: \S+", "principle: personal-touch" if principle != "personal-touch"
                else "principle: be-transparent")
        rebuilt(lines)
        replace(guide_copy / "docs" / "coaches" / "checklist.md", r"^title: .*$", "title: A checklist in tangerine")
        rebuilt(lines)
        assert "A checklist in tangerine" in fetch(base + "quiz/")[1]
        assert_served_as_built(base, guide_copy, tmp_path / "site2")
