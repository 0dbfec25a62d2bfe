"""Starting plans for the exact search: greedy, and greedy guided by the LP relaxation.

On large components the LP relaxation is solved first (by column generation,
``matching.search.relaxation``): its optimum bounds coverage, and its solution ranks
needs (by covered weight in the LP) and candidates (by LP use) for a second
greedy pass, which lands close to the bound (under 1% on the metro tier's largest
component, against 3% for plain greedy). When the LP is not solved in time,
Lagrangian prices (``matching.search.bounds``) give a weaker bound and guide instead.
The better plan starts the search; the guide's weight per need stays with it, for
``matching.search.neighbourhoods`` to see where the start falls short of the relaxation.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from matching.model.formulation import LinearModel, build_formulation
from matching.network.pairs import Network
from matching.network.usage import usage_of
from matching.search.bounds import lagrangian
from matching.search.engines.mip import MipEngine
from matching.search.greedy import greedy
from matching.search.relaxation import solve_relaxation
from matching.search.tiers import solve_tiers
from models import SanhuError

__all__ = ["Start", "warm_start", "repaired"]

WHOLE = 0.999
"""An LP value at least this counts as 1 when a repair keeps the LP's whole assignments."""


@dataclass(frozen=True)
class Start:
    """A feasible-by-construction start: its 0-1 vector, coverage, and a proven coverage bound if any."""

    values: np.ndarray
    coverage: int
    covers_required: bool
    bound: int | None = None
    promise: np.ndarray | None = None
    """Per modelled need, the weight the relaxation covers (hundredths), when one was solved."""


def _start(network: Network, model: LinearModel, needs: list[int], **scores) -> Start:
    chosen, covered = greedy(network, needs, **scores)
    required = {n for n in needs if network.problem.needs[n].required}
    return Start(model.values_of(chosen, covered), int(network.weight[covered].sum()), required <= set(covered))


def _guided(network: Network, model: LinearModel, needs: list[int], plain: Start, need_values: np.ndarray,
            pair_values: np.ndarray, bound: int | None, promise: np.ndarray) -> Start:
    """The better of ``plain`` and a greedy start ranking the model's needs and pairs by the given values."""
    need_score = np.zeros(len(network.problem.needs))
    need_score[model.needs] = need_values
    pair_score = np.zeros(network.pairs)
    pair_score[model.pairs] = pair_values
    guided = _start(network, model, needs, need_score=need_score, pair_score=pair_score)
    best = guided if (guided.covers_required, guided.coverage) > (plain.covers_required, plain.coverage) else plain
    return Start(best.values, best.coverage, best.covers_required, bound, promise)


def warm_start(network: Network, model: LinearModel, needs: list[int], *, lp_seconds: float | None) -> Start:
    """The greedy start, improved by a guided one when ``lp_seconds`` allows.

    The LP relaxation gets nine tenths of the time: its bound and its guide are
    the best at hand, even when column generation was stopped before the last
    round (its restricted LP is still an LP solution, its bound still valid).
    When not even the first restricted LP is solved, the rest of the time goes to
    Lagrangian prices, a weaker bound and guide that any time buys.
    """
    plain = _start(network, model, needs)
    if not lp_seconds or lp_seconds <= 0:
        return plain
    started = time.perf_counter()
    relaxed = solve_relaxation(model, plain.values, seconds=0.9 * lp_seconds)
    if relaxed is None:
        left = lp_seconds - (time.perf_counter() - started)
        bound, price, gain = lagrangian(model, plain.coverage, seconds=max(left, 1.0))
        weight = network.weight[model.needs]
        return _guided(network, model, needs, plain, gain, -price, bound, np.where(gain > 0, weight, 0))
    x, first_pair = relaxed.values, len(model.needs)
    covered = x[:first_pair] * network.weight[model.needs]
    return _guided(network, model, needs, plain, covered, x[first_pair: first_pair + len(model.pairs)],
                   relaxed.bound, covered)


def repaired(network: Network, model: LinearModel, needs: list[int], start: Start, *,
             seconds: float | None) -> Start:
    """A start that covers every required need, when ``start`` does not and one is found in ``seconds``;
    or a cheaper one with the same coverage, when ``start``'s coverage already meets its proven bound.

    On tight days (every need required, little spare capacity: generalized
    assignment) the greedy start misses some required need, and a MIP engine
    without a start may spend the whole time limit on poor plans. The cheapest
    LP solution assigns nearly every need whole (a basic solution splits at most
    as many needs as there are binding limits): those assignments are kept, and
    the required needs left over are solved exactly against what remains of
    every limit (as ``matching.search.neighbourhoods`` does), cheapest first. The result
    is checked against every bound and row of the model (an LP value of 0.9995
    kept as 1 may overrun a limit by a hair); when it fails, or no LP or small
    model is solved in ``seconds``, ``start`` is returned.
    """
    settled = (start.covers_required and start.bound is not None and start.coverage >= start.bound
               and model.every_need_required)  # the cost LP drops optional needs
    if (start.covers_required and not settled) or (seconds is not None and seconds <= 0.1):
        return start
    try:
        candidate = _repair(network, model, needs, seconds)
    except SanhuError:  # HiGHS could not solve the LP or the small model: keep the start
        return start
    if candidate is None or not model.satisfies(candidate.values):  # e.g. an LP value of 0.9995 taken as 1
        return start
    cost, _ = model.objective("cost")
    if settled and (candidate.coverage < start.coverage or cost @ candidate.values >= cost @ start.values):
        return start
    return Start(candidate.values, candidate.coverage, True, start.bound, start.promise)


def _repair(network: Network, model: LinearModel, needs: list[int], seconds: float | None) -> Start | None:
    """The LP's whole assignments plus the left required needs solved exactly; None when either fails."""
    started = time.perf_counter()
    engine = MipEngine(model, seed=0, relaxed=True)
    objective, sense = model.objective("cost")
    if engine.optimize(objective, sense, time_limit=None if seconds is None else seconds / 2).status != "optimal":
        return None
    x = engine.lp_values()
    first = len(model.needs)
    taken = model.pairs[x[first: first + len(model.pairs)] >= WHOLE]
    per_need = np.bincount(network.pair_need[taken], minlength=len(network.problem.needs))
    problem = network.problem
    whole = {int(n) for n, value in zip(model.needs.tolist(), x[:first])
             if value >= WHOLE and per_need[n] == sum(spec.count for spec in problem.needs[n].requires)}
    kept = [int(p) for p in taken if int(network.pair_need[p]) in whole]
    left = [n for n in needs if problem.needs[n].required and n not in whole]
    chosen, covered = list(kept), set(whole)
    if left:
        sub = build_formulation(network, needs=left, usage=usage_of(network, kept), tiers=("coverage", "cost"))
        limit = None if seconds is None else max(seconds - (time.perf_counter() - started), 0.1)
        result = solve_tiers(sub, ("coverage", "cost"), engine="highs", time_limit=limit, workers=1, seed=0)
        if result.status not in ("optimal", "feasible") or not set(left) <= set(result.covered.tolist()):
            return None
        chosen += result.chosen.tolist()
        covered |= set(result.covered.tolist())
    return Start(model.values_of(chosen, covered), int(network.weight[sorted(covered)].sum()), True)
