"""Interrupts (SIGINT, SIGTERM) during a solve: engines stopped at once, the best plan so far kept.

While ``catching()`` is in force (``sanhu``'s command line for both signals, ``solve`` itself for SIGINT
when it runs in the main thread of a program that left Python's own SIGINT handler in place):

- a signal is recorded (``requested()``) and every engine search in progress is stopped through the
  function it registered with ``cancellable()``: a watcher thread does that at once, even while the main
  thread is inside an engine's own code, woken by the signal's number through ``signal.set_wakeup_fd``;
- inside ``graceful()`` (a solve's search, reasons and plan) nothing is raised: later searches get no
  time (``clip``) and ``solve`` raises ``models.Interrupted`` with the best plan so far once it has one;
- anywhere else, or on a second signal, ``models.Interrupted`` is raised at once.

Engines are told not to catch SIGINT themselves (CP-SAT's ``catch_sigint_signal``, SCIP's
``misc/catchctrlc``): one that did would swallow it, and SCIP would print on standard output.
"""

from __future__ import annotations

import itertools
import signal
import socket
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from models import Interrupted

__all__ = ["catching", "graceful", "cancellable", "tracked", "clip", "requested", "interrupt", "default_sigint",
           "stop_quietly", "SIGNALS", "RETRY_S"]

SIGNALS = (signal.SIGINT, signal.SIGTERM)
"""The signals sanhu's command line turns into an orderly stop."""
RETRY_S = 0.05
"""How often the watcher stops the engines again while any is still searching (one may not have started yet)."""

_lock = threading.RLock()  # the main thread's handler may run while that thread holds it
_state = {"signal": None, "handled": 0, "graceful": 0, "installed": 0, "quiet": False}
_cancels: dict[int, Callable[[], object]] = {}
_tokens = itertools.count()
_tracked: weakref.WeakSet = weakref.WeakSet()


def requested() -> int | None:
    """The signal that asked for a stop, if one did (while ``catching`` is in force)."""
    return _state["signal"]


def clip(seconds: float | None) -> float | None:
    """A search's time limit: ``seconds`` as given, or next to nothing once a stop was asked for."""
    return 0.001 if _state["signal"] is not None else seconds


def interrupt(signum: int) -> bool:
    """Record a stop asked for by ``signum`` and stop every engine search in progress; True for the first."""
    with _lock:
        first = _state["signal"] is None
        if first:
            _state["signal"] = signum
    _stop_engines()
    return first


def _stop_engines() -> None:
    with _lock:
        cancels = list(_cancels.values()) + [owner.cancelSolve for owner in list(_tracked)]
    for cancel in cancels:
        try:
            cancel()
        except Exception:  # noqa: BLE001 - an engine that has just finished may refuse; the next retry is harmless
            pass


@contextmanager
def cancellable(cancel: Callable[[], object]) -> Iterator[None]:
    """Register ``cancel`` (stops an engine's search from any thread) while the search runs.

    Register before taking the time limit from ``clip``, so that a stop asked for in between is not lost.
    """
    token = next(_tokens)
    with _lock:
        _cancels[token] = cancel
    try:
        yield
    finally:
        with _lock:
            del _cancels[token]


def tracked(owner):
    """Keep ``owner`` (a solver model with a ``cancelSolve()`` that stops its runs from any thread, as HiGHS has)
    to be stopped by a signal for as long as it lives; returns it. Stopped, it stays stopped (so does a solve)."""
    with _lock:
        _tracked.add(owner)
    if _state["signal"] is not None:
        owner.cancelSolve()
    return owner


@contextmanager
def graceful() -> Iterator[None]:
    """Within it, a first signal stops the engines and is recorded, not raised."""
    with _lock:
        _state["graceful"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["graceful"] -= 1


def _handle(signum: int, frame) -> None:  # noqa: ARG001 - the signal module's signature
    """Python's handler, in the main thread (the watcher may have recorded the signal already)."""
    interrupt(signum)
    _state["handled"] += 1
    if (_state["handled"] == 1 and _state["graceful"]) or _state["quiet"]:
        return
    raise Interrupted(signum)


def stop_quietly() -> None:
    """For the rest of this process (a pool's worker): signals stop the engines and are recorded, never raised."""
    _state["quiet"] = True
    context = catching()
    context.__enter__()  # in force until the process ends


@contextmanager
def catching(signals: tuple[int, ...] = SIGNALS) -> Iterator[bool]:
    """Turn ``signals`` into orderly stops while in force (yields whether it could: main thread only).

    A signal the process was started ignoring (a background job of a shell ignores SIGINT) stays ignored.
    Previous handlers and wake-up descriptor are restored afterwards; the recorded stop is forgotten
    when the outermost ``catching`` ends.
    """
    signals = tuple(number for number in signals if signal.getsignal(number) is not signal.SIG_IGN)
    if threading.current_thread() is not threading.main_thread() or not signals:
        yield False
        return
    previous = {number: signal.signal(number, _handle) for number in signals}
    reader, writer = socket.socketpair()
    reader.setblocking(True)
    writer.setblocking(False)
    old_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    watcher = threading.Thread(target=_watch, args=(reader,), name="sanhu-interrupts", daemon=True)
    watcher.start()
    with _lock:
        _state["installed"] += 1
    try:
        yield True
    finally:
        signal.set_wakeup_fd(old_fd)
        for number, handler in previous.items():
            signal.signal(number, handler)
        writer.close()  # the watcher's recv returns empty and it ends
        watcher.join(timeout=1.0)
        reader.close()
        with _lock:
            _state["installed"] -= 1
            if not _state["installed"]:
                _state["signal"], _state["handled"] = None, 0


def _watch(reader: socket.socket) -> None:
    """Stop the engines as soon as a signal arrives, then again while any is still searching."""
    while True:
        try:
            data = reader.recv(64)
        except OSError:
            return
        if not data:
            return
        for signum in data:
            if signum in SIGNALS:
                interrupt(signum)
        while _cancels and _state["signal"] is not None:
            time.sleep(RETRY_S)
            _stop_engines()


def default_sigint() -> bool:
    """Whether SIGINT has Python's own handler (a program that set its own keeps it during a solve)."""
    return signal.getsignal(signal.SIGINT) is signal.default_int_handler
