"""Progress on stderr: a redrawn bar on a terminal, plain lines (at most one every few seconds)
otherwise, nothing when disabled."""

from __future__ import annotations

import sys
import time
from typing import TextIO

BAR = 28
TTY_EVERY_S = 0.1
PLAIN_EVERY_S = 2.0


class Progress:
    def __init__(self, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = enabled and self.stream.isatty()
        self.label, self.total, self.done = "", 0, 0
        self.began = self.shown = 0.0

    def note(self, text: str) -> None:
        if self.enabled:
            print(text, file=self.stream, flush=True)

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self.began = time.monotonic()
        self.shown = 0.0
        self._show(force=True)

    def advance(self, rows: int) -> None:
        self.done += rows
        self._show()

    def finish(self) -> None:
        self._show(force=True)
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()

    def _show(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.shown < (TTY_EVERY_S if self.tty else PLAIN_EVERY_S):
            return
        self.shown = now
        rate = self.done / (now - self.began) if now > self.began else 0.0
        counts = f"{self.done:,}/{self.total:,} 行  {rate:,.0f} 行/秒"
        if self.tty:
            filled = BAR * self.done // self.total if self.total else BAR
            bar = "█" * filled + "░" * (BAR - filled)
            self.stream.write(f"\r{self.label} {bar} {counts}\x1b[K")
        else:
            self.stream.write(f"{self.label}：{counts}\n")
        self.stream.flush()
