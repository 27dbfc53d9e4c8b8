"""Accessibility scans of the built site with axe-core, shared by tests/test_a11y.py
(one page of each kind and the interactive states, in `make test`) and its every-page
scan (`make a11y`).

axe-core is npm's, at the version package.json pins (the one the design audit used),
installed into node_modules by `make` (npm ci) and injected by axe-playwright-python's
runner: a scan asks no other host. Every rule axe runs by default counts, whatever its
impact.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from conftest import Watch

AXE_SCRIPT = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
if not AXE_SCRIPT.is_file():
    raise SystemExit(f"{AXE_SCRIPT} is missing: run the tests through make (make test, make a11y), "
                     "which installs package.json's pinned axe-core with npm ci.")
AXE = Axe(AXE_SCRIPT.read_text(encoding="utf-8"))

# Playwright's colour-scheme emulation -> the scheme Material applies: mkdocs.yml picks
# the palette by prefers-color-scheme, as a reader's system setting would.
THEMES = {"light": "default", "dark": "slate"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@contextmanager
def themed_page(browser: Browser, theme: str, viewport: dict[str, int] = DESKTOP) -> Iterator[Page]:
    """A fresh page (its own storage) in the light or the dark theme, watched like every browser test's."""
    context = browser.new_context(viewport=viewport, color_scheme=theme)
    page = context.new_page()
    page.watch = Watch(page)
    try:
        yield page
    finally:
        context.close()


def visit(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def scheme(page: Page) -> str:
    return page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")


def settle(page: Page) -> None:
    """Wait until no transition or animation runs, for a few frames in a row.

    A transition half-way (Material's back-to-top button fading in after a scroll) blends
    its colours with the page's and reads as low contrast (once, the button was caught at
    #a1a1a1). Such a transition starts a frame after the scroll that causes it, so one look
    at the running animations is not enough."""
    page.evaluate("""async () => {
        const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
        const running = () => document.getAnimations().filter((animation) => animation.effect
            && animation.effect.getComputedTiming().iterations !== Infinity && animation.playState !== "finished");
        for (let quiet = 0, tries = 0; quiet < 3 && tries < 100; tries++) {
            await frame();
            const now = running();
            quiet = now.length ? 0 : quiet + 1;
            await Promise.all(now.map((animation) => animation.finished.catch(() => null)));
        }
    }""")


def violations(page: Page, where: str) -> list[str]:
    """What axe finds on the page as it is now, one line per element: where, the theme,
    the rule, its impact, the element's selector and axe's first hint (what to fix)."""
    settle(page)
    shown = scheme(page)
    found = []
    for violation in AXE.run(page).response["violations"]:
        for node in violation["nodes"]:
            hints = [line.strip() for line in node.get("failureSummary", "").splitlines()[1:] if line.strip()]
            found.append(f"{where} [{shown}]: {violation['id']} ({violation['impact']}) at "
                         f"{' '.join(map(str, node['target']))}: {hints[0] if hints else violation['help']}")
    return found


def report(found: list[str], scanned: int) -> str:
    return f"{len(found)} accessibility violations in {scanned} page states:\n" + "\n".join(found)


def site_pages(site: Path) -> list[str]:
    """Every page of the built site, as URL paths relative to its root ("" is the home page).

    mkdocs-redirects' stubs for former pages are left out: they move on at once, to a page
    that is scanned itself.
    """
    pages = []
    for path in sorted(site.rglob("*.html")):
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8"):
            continue
        relative = path.relative_to(site).as_posix()
        pages.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return pages
