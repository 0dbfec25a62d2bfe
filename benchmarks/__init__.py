"""sanhu's benchmarks: the generator tiers against baselines, and the OR-Library GAP instances.

Run from the repository root::

    python -m benchmarks tiers --tier city --seeds 1 2 3 --time-limit 120 --out city.json
    python -m benchmarks gap /path/to/data/gap --time-limit 60 --out gap.json

Every timed run happens in its own child process (``benchmarks.child``), so its
wall time and peak memory are its own; see ``benchmarks/README.md``.
"""

from __future__ import annotations

__all__ = ["gap", "tiers", "runner", "report", "child"]
