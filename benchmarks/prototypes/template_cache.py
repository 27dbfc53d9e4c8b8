"""Benchmark prototype, not part of the guide: compile Material's templates once per preview, not per rebuild.

Each rebuild under `mkdocs serve` loads the config again, and with it a new
Jinja environment, which compiles the theme's templates from scratch (base.html,
its partials, 404.html...) before the first page. A Jinja bytecode cache kept
in memory for the whole run hands the next environment the compiled code
(keyed by template name and source checksum, so an edited template compiles again).
"""

from __future__ import annotations

import jinja2


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self.store: dict[str, tuple[str, bytes]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.store.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.bytecode_from_string(found[1])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = (bucket.checksum, bucket.bytecode_to_string())


_CACHE = _MemoryBytecodeCache()


def on_env(env, config, files):
    env.bytecode_cache = _CACHE
    return env
