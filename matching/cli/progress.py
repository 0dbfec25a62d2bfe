"""The terminal display of a solve's progress events (``matching.events``).

``TerminalProgress`` keeps one status line up to date on a terminal (the clock
ticks between events) and stays quiet when its stream is not a terminal (a log
file, a pipe, CI). Its words come from ``models.messages``, in the language asked.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

from matching.cli.tables import width
from matching.events import ProgressEvent, describe
from models.messages import language, message

__all__ = ["TerminalProgress"]


class TerminalProgress:
    """One updating status line on a terminal, in ``lang`` (default ``SANHU_LANG``, else English); silent when
    ``stream`` is not a terminal."""

    def __init__(self, stream: TextIO | None = None, *, every: float = 0.5, lang: str | None = None) -> None:
        self.lang = language(lang)
        self.stream = stream or sys.stderr
        self.active = bool(getattr(self.stream, "isatty", lambda: False)())
        self.every = every
        self.started = time.perf_counter()
        self.latest: ProgressEvent | None = None
        self.width = 0
        self.lock = threading.Lock()
        self.ticker: threading.Thread | None = None
        self.finished = threading.Event()

    def __call__(self, event: ProgressEvent) -> None:
        if not self.active:
            return
        with self.lock:
            self.latest = event
            if event.done == event.total and not event.stage:
                self.finished.set()
                self._clear()
                return
            self._draw()
        if self.ticker is None:
            self.ticker = threading.Thread(target=self._tick, daemon=True)
            self.ticker.start()

    def _tick(self) -> None:
        while not self.finished.wait(self.every):
            with self.lock:
                self._draw()

    def _draw(self) -> None:
        event = self.latest
        if event is None:
            return
        stage = describe(event, self.lang)
        line = "  " + message("progress.line", self.lang, done=event.done, total=event.total,
                              coverage=event.coverage, bound=event.bound,
                              stage=message("progress.stage", self.lang, stage=stage) if stage else "",
                              seconds=time.perf_counter() - self.started)
        self.stream.write("\r" + line + " " * max(self.width - width(line), 0))
        self.width = width(line)
        self.stream.flush()

    def _clear(self) -> None:
        self.stream.write("\r" + " " * self.width + "\r")
        self.stream.flush()
