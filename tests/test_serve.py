"""`mkdocs serve` (what `make serve` runs) reports bad data on a rebuild and keeps serving the last good site."""

from __future__ import annotations

import os
import re
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path


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


def test_serve_shows_problems_and_keeps_the_last_good_site(guide_copy: Path) -> None:
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "-f", str(guide_copy / "mkdocs.yml")],
        cwd=guide_copy, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in server.stdout], daemon=True).start()
    try:
        wait_for(lines, "Serving on")
        url = f"http://127.0.0.1:{port}/principles/personal-touch/"
        status, good_page = fetch(url)
        assert status == 200 and 'class="cc-card"' in good_page

        broken = guide_copy / "examples" / "zz-broken.yml"
        broken.write_text("id: zz-broken\nprinciple: personal-touch\nchannel: emial\n", encoding="utf-8")
        seen = wait_for(lines, "examples/zz-broken.yml:3:10: `channel` names the channel 'emial'")
        wait_for(lines, "Reloading browsers")
        assert not any("Traceback" in line for line in seen)
        time.sleep(1)
        status, page = fetch(url)
        assert status == 200 and without_reload_script(page) == without_reload_script(good_page)

        broken.unlink()
        wait_for(lines, "Detected file changes")
        rebuilt = wait_for(lines, "Reloading browsers")
        assert not any("problem(s)" in line for line in rebuilt)
        status, page = fetch(url)
        assert status == 200 and 'class="cc-card"' in page

        # A page naming an example that does not exist: the preview shows where, and keeps running.
        about = guide_copy / "docs" / "about.md"
        about.write_text(about.read_text(encoding="utf-8") + '\n{{ example("no-such-pair") }}\n', encoding="utf-8")
        wait_for(lines, "names the example 'no-such-pair'")
        wait_for(lines, "Reloading browsers")
        status, page = fetch(f"http://127.0.0.1:{port}/about/")
        assert status == 200 and "No file examples/no-such-pair.yml exists" in page
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=20)
