"""Where does a preview rebuild's time go? A diagnostic for preview_reload.py, not a test.

It does in one process what ``mkdocs serve`` does after a save (load the
config again, then ``build``), on a temporary copy of the guide's inputs, after
each of N edits of one kind (a word of an example's ``why:``, or of a principle
page's Markdown, as preview_reload.py makes them), and prints the mean CPU
time (this process's user + sys: less swayed by a busy machine than wall time)
per rebuild of each MkDocs phase and plugin event, and of rendering each
kind of page (``populate``: Markdown, macros, the hook's cards; ``build_page``:
Material's template and the search plugin's indexing), with how many pages of
that kind were rendered. Phases overlap events (the search plugin's
``on_page_context`` runs inside ``build_page``), so the rows do not add up.

``--variant`` takes preview_reload.py's variants: their hooks are added to the
copy, and ``--dirty`` variants build as ``mkdocs serve --dirty`` does.

Usage: python benchmarks/rebuild_breakdown.py [--edits 6] [--variant stock fast]
"""

from __future__ import annotations

import argparse
import collections
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from preview_reload import PROTOTYPES, VARIANTS, Edits, copy_guide, load  # noqa: E402

import mkdocs.commands.build as mkdocs_build  # noqa: E402
import mkdocs.structure.files as mkdocs_files  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.plugins import PluginCollection  # noqa: E402

EVENTS = ["on_config", "on_pre_build", "on_files", "on_nav", "on_env", "on_page_markdown", "on_page_content",
          "on_page_context", "on_post_page", "on_post_build"]


class Timer:
    """Wraps MkDocs' functions to add up their wall time, per phase and per kind of page."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = collections.defaultdict(float)
        self.pages: collections.Counter[str] = collections.Counter()
        self.on = False

    def page_kind(self, page) -> str:
        uri = page.file.src_uri
        section = uri.split("/")[0] if "/" in uri else "top level"
        return f"{'made from data' if page.file.generated_by else 'docs'}: {section}"

    def wrap_page(self, name: str, function):
        def timed(page, *args, **kwargs):
            start = time.process_time()
            result = function(page, *args, **kwargs)
            spent = time.process_time() - start
            if self.on and spent > 0.0005:  # skipped in a dirty build: not rendered
                self.seconds[f"{name} ({self.page_kind(page)})"] += spent
                self.pages[f"{name} ({self.page_kind(page)})"] += 1
            return result
        return timed

    def wrap(self, name: str, function):
        def timed(*args, **kwargs):
            start = time.process_time()
            result = function(*args, **kwargs)
            if self.on:
                self.seconds[name] += time.process_time() - start
            return result
        return timed

    def install(self) -> None:
        mkdocs_build._populate_page = self.wrap_page("populate", mkdocs_build._populate_page)
        mkdocs_build._build_page = self.wrap_page("build_page", mkdocs_build._build_page)
        mkdocs_build._build_theme_template = self.wrap("theme templates (404.html, sitemap.xml)",
                                                       mkdocs_build._build_theme_template)
        mkdocs_files.Files.add_files_from_theme = self.wrap("listing the theme's files",
                                                            mkdocs_files.Files.add_files_from_theme)
        mkdocs_files.Files.copy_static_files = self.wrap("copying static files", mkdocs_files.Files.copy_static_files)
        mkdocs_build.get_navigation = self.wrap("navigation", mkdocs_build.get_navigation)
        for event in EVENTS:
            setattr(PluginCollection, event, self.wrap(f"event {event} (all plugins)", getattr(PluginCollection, event)))


def breakdown(variant: str, kind: str, edits: int, timer: Timer) -> list[float]:
    hooks, arguments = VARIANTS[variant]
    dirty = "--dirty" in arguments
    with tempfile.TemporaryDirectory(prefix="connecting-rebuild-") as tmp:
        root = copy_guide(Path(tmp) / "guide")
        site = Path(tmp) / "site"
        for hook in hooks:
            if hook != "inotify_watch.py":  # the watcher plays no part in a build
                shutil.copy2(PROTOTYPES / hook, root / "hooks" / f"bench_{hook}")
                config = root / "mkdocs.yml"
                config.write_text(config.read_text(encoding="utf-8").replace(
                    "hooks:\n", f"hooks:\n  - hooks/bench_{hook}\n", 1), encoding="utf-8")
        edit = Edits(root)
        os.chdir(root)
        url = "http://127.0.0.1:8000/"

        def get_config():  # as mkdocs serve's builder does
            config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site),
                                 **({"strict": False} if variant == "dirty" else {}))
            config.site_url = url
            return config

        config = get_config()
        config.plugins.on_startup(command="serve", dirty=dirty)
        mkdocs_build.build(config, serve_url=url, dirty=dirty)
        totals = []
        timer.on = True
        for number in range(edits):
            time.sleep(0.02)  # a newer modification time than the last output
            edit.edit_example(edit.word(number)) if kind == "example yml" else edit.edit_page(edit.word(number))
            start = time.process_time()
            mkdocs_build.build(timer.wrap("loading the config", get_config)(), serve_url=url, dirty=dirty)
            totals.append(time.process_time() - start)
        timer.on = False
        os.chdir(Path(__file__).resolve().parent)
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=6)
    parser.add_argument("--variant", nargs="+", default=["stock"], choices=list(VARIANTS))
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.ERROR)
    timer = Timer()
    timer.install()
    for variant in args.variant:
        for kind in ("example yml", "docs md"):
            timer.seconds.clear()
            timer.pages.clear()
            totals = breakdown(variant, kind, args.edits, timer)
            print(f"Rebuild after a {kind} edit, variant {variant}: median {statistics.median(totals):.2f} CPU s"
                  f" of {args.edits} ({load()}); mean CPU s per rebuild:", flush=True)
            for name, seconds in sorted(timer.seconds.items(), key=lambda item: -item[1]):
                if seconds / args.edits >= 0.005:
                    pages = f", {timer.pages[name] / args.edits:.0f} pages" if name in timer.pages else ""
                    print(f"  {seconds / args.edits:6.3f}  {name}{pages}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
