"""Where a request's GraphQL runs: on the server's own event loop when its query text is known to be
quick, on the worker's (fupin/worker.py) otherwise.

The worker keeps a long query (thousands of objects built and encoded) from holding the server's
loop, which must go on reading requests and answering `/healthz`. Handing a request over and its
answer back wakes a loop in another thread twice: about 0.3 ms, of a 3 ms household page as of a
20 ms coverage list (bench/README.md, the peer harness's runs of 2026-12-07). What holds a loop is the
CPU its thread spends, not the time spent waiting on Neo4j, so a run is measured by the CPU time of
its loop's thread meanwhile (an overestimate when other requests run beside it on that loop, which
errs towards the worker). A text whose last run took at most `FUPIN_QUICK_MS` of it cannot hold the
loop long, so it runs where it arrived; a text not seen yet, or whose last run was slow on either
loop, goes to the worker. What a text costs depends on its variables too (a page size, a scope): one
slow run sends it back.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

# Texts remembered, least recently run forgotten first.
TEXTS = 2048


class Lanes:
    """The last run time of each query text this process ran. Safe to share between threads."""

    def __init__(self, quick: float, texts: int = TEXTS) -> None:
        self.quick_seconds, self.texts = quick, texts
        self._last: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def quick(self, text: str | None) -> bool:
        """True when `text`'s last run took at most `quick_seconds`."""
        if text is None:
            return False
        with self._lock:
            seconds = self._last.get(text)
        return seconds is not None and seconds <= self.quick_seconds and self.quick_seconds > 0

    def ran(self, text: str | None, seconds: float) -> None:
        if text is None:
            return
        with self._lock:
            self._last[text] = seconds
            self._last.move_to_end(text)
            while len(self._last) > self.texts:
                self._last.popitem(last=False)
