"""How long the checker page's main-thread tasks take while a reader types into long drafts.

Builds the site into a scratch folder, serves it on 127.0.0.1, opens /checker/
in Chromium, and for each generated draft of 20,000 characters fills the text
box, types at its end, and prints every task longer than 50 ms (the browser's
"long task") that the page's PerformanceObserver saw. The target (issue 10): none.

    .venv/bin/python benchmarks/checker_long_tasks.py
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from test_browser import LONG_DRAFTS  # noqa: E402  the drafts the browser test uses

from connecting.site.ruleset_json import MAX_DRAFT_LENGTH  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> int:
    site = Path(tempfile.mkdtemp(prefix="checker-bench-"))
    try:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=REPO, check=True,
                       env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/checker/"
        with sync_playwright() as playwright:
            chromium = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
            browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page()
            page.add_init_script("window.longTasks = []; new PerformanceObserver((list) => { for (const entry of "
                                 "list.getEntries()) window.longTasks.push(Math.round(entry.duration)); })"
                                 ".observe({type: 'longtask', buffered: true});")
            page.goto(url)
            page.wait_for_selector("#checker[data-started=ready]")
            print(f"{'draft':14} {'tasks over 50 ms while filling and typing':45} result")
            worst = 0
            for name, draft in LONG_DRAFTS.items():
                page.evaluate("window.longTasks.length = 0")
                started = time.perf_counter()
                page.fill("#checker-input", draft[:MAX_DRAFT_LENGTH])
                page.press("#checker-input", "End")
                page.keyboard.type(" ok")
                page.wait_for_function("!document.querySelector('#checker').hasAttribute('data-checking')")
                elapsed = time.perf_counter() - started
                time.sleep(0.2)
                tasks = page.evaluate("window.longTasks")
                worst = max([worst, *tasks])
                print(f"{name:14} {str(tasks or 'none'):45} findings shown after {elapsed:.2f} s")
            browser.close()
        print(f"longest main-thread task: {worst} ms (target: none over 50 ms)")
        server.shutdown()
    finally:
        shutil.rmtree(site, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
