"""Run ``sanhu`` in a child process that says on stderr when it reaches a phase, for the interrupt tests.

``python tests/signal_child.py PHASE sanhu-arguments...``: just before PHASE begins the child writes
``PHASE <name>`` on stderr. For phases of Python code (``load``, ``network``, ``reasons``, ``write``) it then
waits, inside the phase, for the signal the test sends (at most 10 s), so that the signal lands there; for
``search`` it goes straight on into the engine, where the signal must stop a search running in the engine's
own code. Nothing else is changed: the real command runs, with the real solver.
"""

from __future__ import annotations

import functools
import importlib
import sys
import time


def _announce(name: str, wait: bool):
    def wrap(function):
        @functools.wraps(function)
        def announced(*args, **kwargs):
            sys.stderr.write(f"PHASE {name}\n")
            sys.stderr.flush()
            if wait:
                from matching import interrupts

                ends = time.monotonic() + 10
                while interrupts.requested() is None and time.monotonic() < ends:
                    time.sleep(0.01)
            return function(*args, **kwargs)
        return announced
    return wrap


def _hook(phase: str) -> None:
    solve_module = importlib.import_module("matching.solve")
    commands = importlib.import_module("matching.cli.commands")
    if phase == "load":
        import models

        models.Problem.load = classmethod(_announce("load", True)(models.Problem.load.__func__))
    elif phase == "network":
        solve_module.build_network = _announce("network", True)(solve_module.build_network)
    elif phase == "reasons":
        solve_module.unmet_reasons = _announce("reasons", True)(solve_module.unmet_reasons)
    elif phase == "write":
        commands.write_atomic = _announce("write", True)(commands.write_atomic)
    elif phase == "search":
        for module, name in (("matching.search.engines.scip", "ScipEngine"),
                             ("matching.search.engines.cpsat", "CpSatEngine"),
                             ("matching.search.engines.mip", "MipEngine")):
            engine = getattr(importlib.import_module(module), name)
            engine.optimize = _announce("search", False)(engine.optimize)
    else:
        raise SystemExit(f"unknown phase {phase!r}")


if __name__ == "__main__":
    _hook(sys.argv[1])
    from matching.cli.commands import main

    sys.exit(main(sys.argv[2:]))
