"""Wall-clock checks that stay true on a shared machine.

``Clock`` measures wall and process time. ``within(seconds)`` holds when the wall time is within ``seconds``,
or, when other processes kept this one waiting for a processor for over a second (wall time well above the
process's own), when its own work (process time, all threads) is: the code cannot be blamed for time it was
not given, and an overrun of its own still shows in its process time.
"""

from __future__ import annotations

import time

__all__ = ["Clock"]


class Clock:
    """``with Clock() as clock: ...``; then ``clock.wall``, ``clock.cpu`` and ``clock.within(seconds)``."""

    def __enter__(self) -> "Clock":
        self.started, self.cpu_started = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self.started
        self.cpu = time.process_time() - self.cpu_started

    def within(self, seconds: float) -> bool:
        starved = self.wall - self.cpu > 1.0
        return self.wall <= seconds or (starved and self.cpu <= seconds)

    def __repr__(self) -> str:
        return f"Clock(wall={self.wall:.2f} s, cpu={self.cpu:.2f} s)"
