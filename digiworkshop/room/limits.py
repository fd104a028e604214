"""How much a phone may send, and the sliding-window counters that hold it to that.

The counters live in the server's memory: a restart forgets them, which is fine for limits measured in
a minute. Each counter keeps at most `max_keys` phones or addresses, so a flood of made-up phone ids
cannot grow it without bound.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """The room's limits. 0 turns a per-minute limit off (a load benchmark on loopback, where every
    simulated phone has the same address)."""

    # One request's body. A note is at most 1,000 characters: as a plain form (no script) 1,000 emoji are
    # 12 KB once percent-encoded, so 16 KB lets every allowed note through and nothing much bigger.
    body_bytes: int = 16 * 1024
    texts_per_phone: int = 30  # notes and answers a minute, per phone id
    texts_per_address: int = 30  # the same per network address (a phone that throws its cookie away)
    votes_per_phone: int = 30  # votes and unvotes a minute
    votes_per_address: int = 30
    wrong_codes_per_address: int = 5  # wrong room codes a minute before the address must wait
    wrong_codes_total: int = 50  # wrong room codes a minute from everywhere together
    streams_per_address: int = 20  # open event streams (a page each) from one network address
    window: float = 60.0  # seconds


class Counter:
    """Events per key in a sliding window."""

    def __init__(self, limit: int, window: float = 60.0, max_keys: int = 10_000) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        hits = self._hits.get(key)
        if hits is None:
            hits = self._hits[key] = deque()
            while len(self._hits) > self.max_keys:
                self._hits.popitem(last=False)
        else:
            self._hits.move_to_end(key)
        while hits and now - hits[0] >= self.window:
            hits.popleft()
        return hits

    def full(self, key: str) -> bool:
        """True when `key` has used its limit in the window (nothing is counted)."""
        if not self.limit:
            return False
        with self._lock:
            return len(self._recent(key, time.monotonic())) >= self.limit

    def add(self, key: str) -> None:
        """Count one event for `key`."""
        if not self.limit:
            return
        with self._lock:
            now = time.monotonic()
            self._recent(key, now).append(now)

    def take(self, key: str) -> bool:
        """Count one event if the limit allows it: True when allowed."""
        if not self.limit:
            return True
        with self._lock:
            now = time.monotonic()
            hits = self._recent(key, now)
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True
