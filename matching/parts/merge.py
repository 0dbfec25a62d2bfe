"""Merge the components' results into the day's solution.

Tiers are sums over needs, so the day's value and bound of each tier are the
sums over components; a tier is proven when it is proven in every component.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching.parts.tasks import ComponentResult
from matching.search.tiers import Solution, TierOutcome

__all__ = ["merge_results"]


def merge_results(results: Sequence[ComponentResult], tiers: Sequence[str]) -> Solution:
    """The day's solution from its components' results (in any order)."""
    statuses = {result.status for result in results}
    seconds = max((result.seconds for result in results), default=0.0)
    if "infeasible" in statuses:
        return Solution("infeasible", seconds=seconds)
    if "unknown" in statuses:
        return Solution("unknown", seconds=seconds)
    outcomes = []
    for position, name in enumerate(tiers):
        parts = [result.tiers[position] for result in results]
        sense = parts[0].sense if parts else ("max" if name == "coverage" else "min")
        outcomes.append(TierOutcome(name, sense, sum(p.value for p in parts), sum(p.bound for p in parts),
                                    all(p.proven for p in parts)))
    chosen = np.array(sorted(p for result in results for p in result.chosen), dtype=np.int64)
    covered = np.array(sorted(n for result in results for n in result.covered), dtype=np.int64)
    status = "optimal" if all(outcome.proven for outcome in outcomes) else "feasible"
    unproven = [n for result in results if not (result.tiers and result.tiers[0].proven) for n in result.needs]
    return Solution(status, outcomes, chosen, covered, seconds, unproven=np.array(sorted(unproven), dtype=np.int64))
