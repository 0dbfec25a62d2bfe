"""Infeasibility cores: required needs, resources and limits that cannot all hold together.

1. Needs: the required needs' ``cover`` literals become assumptions; CP-SAT (one
   worker, as its assumption cores need) names a sufficient subset, which a
   deletion pass shrinks: no need can be dropped without the rest becoming feasible.
2. Limits: every limit the core needs' candidates answer to (resource capacity and
   ``max_tasks``, unit ``daily_cap`` and ``max_members``, area ``max_outbound``) is
   a candidate; a deletion pass keeps only those without which the needs fit.
   When the needs fail even with every limit lifted, the pool of candidates is too
   small (too few resources reach them in time, one slot each): the core names
   that pool and no limit.

Each step stops when its time runs out, keeping what it has (still infeasible,
maybe not minimal).
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import numpy as np

from matching.model.formulation import build_formulation
from matching.network.pairs import Network
from matching.network.usage import outbound_pairs
from matching.outcome.sentences import core_detail
from matching.search.engines.cpsat import CpSatEngine
from models import Core, Limit
from models.messages import language

__all__ = ["required_core", "LimitKey"]

LimitKey = tuple[str, int]
"""A limit: (family, index of its resource, unit or area)."""

_DELETION_LIMIT = 30
"""Needs cores up to this size are shrunk by trying to drop each need in turn."""


def _infeasible(network: Network, needs: list[int], seconds: float, relax: frozenset = frozenset()) -> bool:
    model = build_formulation(network, needs=needs, force=needs, relax=relax)
    nothing = np.zeros(model.variables, dtype=np.int64)
    return CpSatEngine(model, workers=1, seed=0).optimize(nothing, "max", time_limit=seconds).status == "infeasible"


def _needs_core(network: Network, required: list[int], deadline: float) -> list[int]:
    model = build_formulation(network, needs=required, required=False)
    engine = CpSatEngine(model, workers=1, seed=0)
    by_variable = {model.cover_var(n): n for n in required}
    nothing = np.zeros(model.variables, dtype=np.int64)
    result = engine.optimize(nothing, "max", time_limit=max(deadline - time.perf_counter(), 0.1),
                             assumptions=list(by_variable))
    core = required
    if result.status == "infeasible":
        core = sorted(by_variable[v] for v in engine.core() if v in by_variable) or required
    if len(core) <= _DELETION_LIMIT:
        for need in list(core):
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            rest = [n for n in core if n != need]
            if rest and _infeasible(network, rest, left):
                core = rest
    return core


def _limit_keys(network: Network, needs: list[int]) -> list[LimitKey]:
    """Every limit the needs' candidate pairs answer to, resources first."""
    problem = network.problem
    pairs = np.concatenate([np.arange(r.start, r.stop) for r in map(network.need_pairs, needs)])
    resources = sorted(set(network.pair_resource[pairs].tolist()))
    keys: list[LimitKey] = [("capacity", r) for r in resources]
    keys += [("max_tasks", r) for r in resources if problem.resources[r].max_tasks is not None]
    units = sorted({int(network.resource_unit[r]) for r in resources} - {-1})
    keys += [("daily_cap", u) for u in units if problem.units[u].daily_cap is not None]
    keys += [("max_members", u) for u in units if problem.units[u].max_members is not None]
    areas, _ = outbound_pairs(network, pairs)
    keys += [("max_outbound", a) for a in sorted(set(areas.tolist()))]
    return keys


def _limits_core(network: Network, needs: list[int], deadline: float) -> list[LimitKey] | None:
    """A minimal set of limits that, kept alone, still make the needs fail; None if they fail without any."""
    keys = _limit_keys(network, needs)
    if _infeasible(network, needs, max(deadline - time.perf_counter(), 0.1), frozenset(keys)):
        return None
    kept = list(keys)
    for key in keys:
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        trial = [k for k in kept if k != key]
        if _infeasible(network, needs, left, frozenset(keys) - set(trial)):
            kept = trial
    return kept


def _limit(network: Network, key: LimitKey) -> Limit:
    family, index = key
    problem = network.problem
    if family in ("capacity", "max_tasks"):
        resource = problem.resources[index]
        value = resource.capacity if family == "capacity" else resource.max_tasks
        return Limit(kind=family, id=resource.id, value=value, used=0)
    if family == "max_outbound":
        area = problem.areas[index]
        return Limit(kind=family, id=area.id, value=area.max_outbound, used=0)
    unit = problem.units[index]
    return Limit(kind=family, id=unit.id, value=getattr(unit, family), used=0)


def required_core(network: Network, needs: Iterable[int] | None = None, *, seconds: float = 10.0,
                  lang: str | None = None) -> Core:
    """A small set of required needs, resources and limits that cannot all hold, as a ``Core``.

    Parameters
    ----------
    needs : iterable of int, optional
        Where to look (e.g. the needs of the infeasible components); default all.
    seconds : float
        Time for the whole search; the deletion passes stop when it runs out.
    lang : str, optional
        The language of its ``detail`` (``models.messages.language``: else ``SANHU_LANG``, else English).
    """
    lang = language(lang)
    deadline = time.perf_counter() + seconds
    problem = network.problem
    pool = range(len(problem.needs)) if needs is None else needs
    core = _needs_core(network, sorted(n for n in pool if problem.needs[n].required), deadline)
    limits = _limits_core(network, core, deadline)
    ids = tuple(problem.needs[n].id for n in core)
    if limits is None:
        pairs = [p for n in core for p in network.need_pairs(n)]
        resources = tuple(sorted({problem.resources[int(network.pair_resource[p])].id for p in pairs}))
        return Core(needs=ids, resources=resources, detail=core_detail(problem, ids, len(resources), (), lang))
    named = [_limit(network, key) for key in limits]
    resources = tuple(sorted({limit.id for limit in named if limit.kind in ("capacity", "max_tasks")}))
    return Core(needs=ids, resources=resources, limits=tuple(named),
                detail=core_detail(problem, ids, len(resources), named, lang))

