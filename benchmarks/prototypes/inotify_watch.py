"""Benchmark prototype, not part of the guide: how much of a preview's delay is the file watcher?

MkDocs' LiveReloadServer watches with watchdog's PollingObserver, which scans
every watched tree each 0.5 s, and then waits 0.1 s for more changes
(``build_delay``). This hook, added only to the benchmark's temporary copy,
swaps in watchdog's native (inotify) observer and a 0.05 s wait.

The native observer also reports files being opened and read, and MkDocs
rebuilds on any event: a build reads docs/, so it would set off the next
build, for ever. So only writes count here (created, modified, deleted, moved,
closed after writing).
"""

from __future__ import annotations

import os

import watchdog.events
import watchdog.observers

WRITES = {"created", "modified", "deleted", "moved", "closed"}


def on_serve(server, config, builder):
    watched = list(server._watched_paths)  # docs/ and mkdocs.yml so far; `watch:` comes after this event
    server.observer.unschedule_all()
    server.observer = watchdog.observers.Observer()
    server._watched_paths.clear()
    server._watch_refs.clear()

    def watch(path, func=None, *, recursive=True):
        path = os.path.abspath(path)
        if path in server._watched_paths:
            server._watched_paths[path] += 1
            return
        server._watched_paths[path] = 1

        def changed(event):
            if event.is_directory or event.event_type not in WRITES:
                return
            with server._rebuild_cond:
                server._want_rebuild = True
                server._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = changed
        server._watch_refs[path] = server.observer.schedule(handler, path, recursive=recursive)

    server.watch = watch
    for path in watched:
        watch(path)
    server.build_delay = 0.05
    return server
