"""In-process caches for the few rows every hot request reads and almost nothing writes
(API tokens, the catalog): a database round trip costs more than all the Python around
it (DESIGN, "Where the time goes"), so these are kept in memory, and kept honest:

- Only committed rows are learnt. A transaction that has changed rows behind a cache may
  see its own uncommitted rows and may yet roll back (which sends no signal), so until it
  ends its look-ups read through to the database and keep nothing.
- A change clears this process's entries at once and again when its transaction commits
  (a look-up in between would learn the old row), and publishes a new version in the
  shared cache (Django's cache: Redis in production). Other processes look at that
  version at most every `recheck` seconds; with the default per-process cache they
  cannot see it, and their entries simply expire after `ttl` seconds.
- A look-up that raced a change is not kept: every clear bumps a generation, and a value
  loaded under an older generation is returned but not stored.
- Only hits are kept, so a row created without a signal (bulk_create) is still found.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Hashable
from time import monotonic
from typing import Any

from django.core.cache import cache as shared_cache
from django.db import connection, transaction

_ALL: list[ProcessCache] = []


class ProcessCache:
    def __init__(self, name: str, *, ttl: float, recheck: float):
        self.version_key = f"onewindow:memo:{name}:version"
        self.ttl, self.recheck = ttl, recheck
        self._entries: dict[Hashable, tuple[float, Any]] = {}
        self._generation = 0
        self._seen_version: object = None
        self._recheck_at = float("-inf")
        self._lock = threading.Lock()
        self._local = threading.local()  # Django's connections are per thread, so is this
        _ALL.append(self)

    def get(self, key: Hashable, load: Callable[[], Any]) -> Any:
        """The value for `key`, from memory while fresh, else from `load()` (None = not found,
        never kept). The stored object is shared between threads: treat it as read-only."""
        now = monotonic()
        if now >= self._recheck_at:
            self._check_version(now)
        hit = self._entries.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        generation = self._generation
        value = load()
        if value is not None and not self._writing():
            with self._lock:
                if generation == self._generation:
                    self._entries[key] = (now + self.ttl, value)
        return value

    def clear(self) -> None:
        """Forgets this process's entries (nothing else)."""
        with self._lock:
            self._entries.clear()
            self._generation += 1

    def changed(self) -> None:
        """Call when a row behind the entries changes (a signal receiver does)."""
        self.clear()
        if connection.in_atomic_block:
            self._local.writing = True
        transaction.on_commit(self._publish)

    def _writing(self) -> bool:
        """Whether this thread is inside a transaction that changed rows behind the entries."""
        if not getattr(self._local, "writing", False):
            return False
        if connection.in_atomic_block:
            return True
        self._local.writing = False  # that transaction is over (committed or rolled back)
        return False

    def _publish(self) -> None:
        self._local.writing = False
        self.clear()
        version = uuid.uuid4().hex
        shared_cache.set(self.version_key, version, timeout=None)
        self._seen_version = version

    def _check_version(self, now: float) -> None:
        version = shared_cache.get(self.version_key)
        with self._lock:
            if version != self._seen_version:
                self._entries.clear()
                self._generation += 1
                self._seen_version = version
            self._recheck_at = now + self.recheck


def clear_all() -> None:
    """Every process cache forgets everything (tests do this around each test: their
    rolled-back transactions send no signal)."""
    for memo in _ALL:
        memo.clear()
        memo._local.writing = False
