"""Shared helpers: a private copy of the guide, and running the CLI and MkDocs on it."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect, sync_playwright

REPO = Path(__file__).resolve().parents[1]
# The readability test leaves its per-page scores here; the run's summary prints them.
READABILITY_SCORES = "readability_scores"
_readability_scores: list[str] = []
COPIED = ("mkdocs.yml", "docs", "examples", "rules", "data", "hooks", "macros", "urls.txt")


def copy_guide(target: Path) -> Path:
    """A copy of the guide's sources that a test may break without harm."""
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def run(*args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8", **(env or {}))
    return subprocess.run(args, cwd=cwd, input=stdin, capture_output=True, text=True, env=env, timeout=300)


def connecting(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "connecting", *args, cwd=cwd, stdin=stdin)


def problem_lines(root: Path) -> list[str]:
    """Every problem that loading the guide at ``root`` finds, as `connecting check` prints it."""
    from connecting.data.guide import load_guide

    return [str(problem) for problem in load_guide(root).problems]


def only_problem(root: Path) -> str:
    lines = problem_lines(root)
    assert len(lines) == 1, lines
    return lines[0]


def mkdocs_build(root: Path, site: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
               "-d", str(site), cwd=root, env=env)


@pytest.fixture
def guide_copy(tmp_path: Path) -> Path:
    return copy_guide(tmp_path / "guide")


@pytest.fixture(scope="session")
def built_site(served_site) -> Path:
    """The real guide, built once with --strict into a temporary folder (the one the browser tests serve)."""
    return served_site[1]


# Debian's chromium, as .ci/run installs it; elsewhere the browser that
# `playwright install chromium` downloads (where downloads are allowed).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the signature is http.server's
        pass


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory):
    """The guide built for, and served from, a free port on 127.0.0.1: (its URL, its folder).

    Built for that very address because Material's instant navigation only
    takes over links to pages its sitemap lists, port included.
    """
    site = tmp_path_factory.mktemp("served")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    result = mkdocs_build(REPO, site, env={"SITE_URL": url})
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url, site
    server.shutdown()


@pytest.fixture(scope="session")
def site_url(served_site) -> str:
    return served_site[0]


@pytest.fixture(scope="session")
def ruleset(served_site) -> dict:
    """The ruleset document the built site publishes: its rules, channels and examples."""
    from connecting.site.links import RULESET_PATH

    return json.loads((served_site[1] / RULESET_PATH).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        options = {"args": CHROMIUM_FLAGS}
        if CHROMIUM.exists():
            options["executable_path"] = str(CHROMIUM)
        launched = playwright.chromium.launch(**options)
        yield launched
        launched.close()


class Watch:
    """What a page did that it must not: requests off 127.0.0.1, console errors, dialogs."""

    def __init__(self, page: Page) -> None:
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", self._request)
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("dialog", self._dialog)

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about") and parts.hostname != "127.0.0.1":
            self.foreign.append(request.url)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_clean(self) -> None:
        assert not self.foreign, f"requests that left 127.0.0.1: {self.foreign}"
        assert not self.errors, f"console errors: {self.errors}"
        assert not self.dialogs, f"dialogs opened: {self.dialogs}"


def open_checker(page: Page, site_url: str, suffix: str = "") -> None:
    page.goto(site_url + "checker/" + suffix)
    expect(page.locator("[data-cc-checker]")).to_have_attribute("data-started", "ready")


# Runs that `make test` leaves out, each asked for by its own option (and its own make
# target): marker -> option.
ON_REQUEST = {"every_page": "--every-page", "screenshots": "--screenshots"}


def pytest_addoption(parser) -> None:
    parser.addoption("--every-page", action="store_true",
                     help="scan every page of the built site for accessibility (make a11y)")
    parser.addoption("--screenshots", metavar="DIR",
                     help="write screenshots of the main pages into DIR (make screenshots)")


def pytest_collection_modifyitems(config, items) -> None:
    unasked = [item for item in items
               if any(item.get_closest_marker(marker) and not config.getoption(option)
                      for marker, option in ON_REQUEST.items())]
    if unasked:
        config.hook.pytest_deselected(items=unasked)
        left_out = {item.nodeid for item in unasked}
        items[:] = [item for item in items if item.nodeid not in left_out]


def pytest_runtest_logreport(report) -> None:
    for name, value in report.user_properties:
        if name == READABILITY_SCORES and report.when == "call":
            _readability_scores[:] = value


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if _readability_scores:
        terminalreporter.section("Flesch reading ease per page (at least 60)")
        for line in _readability_scores:
            terminalreporter.write_line(line)
