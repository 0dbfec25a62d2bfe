"""The CP-SAT model of a day: variables, constraint families and objective tiers.

Data → variables → constraints → tiers, all in hundredths (``matching.scaling``).

Variables
    ``cover[n]``: need ``n`` is covered; ``assign[p]``: pair ``p`` = (need ``n``,
    requirement ``k``, resource ``r``) is used, i.e. ``r`` fills a slot of ``k``.

Constraints (every limit of SPEC §2, all hard)
    slots        Σ_{p∈slot(n,k)} assign[p] = count_k · cover[n]      (all or nothing)
    one slot     Σ_{k} assign[n,k,r] ≤ 1                              (per need, resource)
    capacity     Σ_p amount_p · assign[p] ≤ capacity_r
    max_tasks    Σ_p assign[p] ≤ max_tasks_r                          (one slot per need)
    daily_cap    Σ_{r∈u} Σ_p amount_p · assign[p] ≤ daily_cap_u
    max_members  assign[p] ⇒ used[r];  Σ_{r∈u} used[r] ≤ max_members_u
    max_outbound Σ_{p: r inside a, n outside a} amount_p · assign[p] ≤ max_outbound_a
    required     cover[n] = 1

Tiers (lexicographic, see ``matching.tiers``)
    coverage  maximise Σ_n weight_n · cover[n]
    cost      minimise Σ_p cost_p · assign[p]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from matching.network import Network
from matching.scaling import to_hundredths

__all__ = ["Formulation", "Usage", "build_formulation", "usage_of", "coverable", "LIMIT_FAMILIES"]

LIMIT_FAMILIES = frozenset({"capacity", "max_tasks", "daily_cap", "max_members", "max_outbound"})

Relaxation = frozenset[str | tuple[str, int]]
"""Limits to leave out: a family name (``"daily_cap"``) or one instance (``("daily_cap", unit)``)."""


@dataclass(frozen=True)
class Usage:
    """What assignments outside the model already take from each limit, in hundredths."""

    amount: dict[int, int] = field(default_factory=dict)
    tasks: dict[int, int] = field(default_factory=dict)
    unit_amount: dict[int, int] = field(default_factory=dict)
    unit_members: dict[int, set[int]] = field(default_factory=dict)
    outbound: dict[int, int] = field(default_factory=dict)


def usage_of(network: Network, chosen: Iterable[int]) -> Usage:
    """Sum what the pairs ``chosen`` take from every resource, unit and area limit."""
    usage = Usage()
    limited = _outbound_areas(network)
    need_area = _need_areas(network)
    for p in chosen:
        resource, amount = int(network.pair_resource[p]), int(network.pair_amount[p])
        usage.amount[resource] = usage.amount.get(resource, 0) + amount
        usage.tasks[resource] = usage.tasks.get(resource, 0) + 1
        unit = int(network.resource_unit[resource])
        if unit >= 0:
            usage.unit_amount[unit] = usage.unit_amount.get(unit, 0) + amount
            usage.unit_members.setdefault(unit, set()).add(resource)
        for area in _outbound_of(network, limited, int(network.resource_area[resource]), need_area[int(network.pair_need[p])]):
            usage.outbound[area] = usage.outbound.get(area, 0) + amount
    return usage


@dataclass
class Formulation:
    """A built CP-SAT model and the variables the tiers and the plan read."""

    network: Network
    model: cp_model.CpModel
    cover: dict[int, cp_model.IntVar]
    assign: dict[int, cp_model.IntVar]
    required: list[int] = field(default_factory=list)
    relax: Relaxation = frozenset()
    usage: Usage = field(default_factory=Usage)

    def relaxed(self, family: str, index: int) -> bool:
        """Whether the limit ``family`` of resource, unit or area ``index`` is left out."""
        return family in self.relax or (family, index) in self.relax

    def tier(self, name: str) -> tuple[cp_model.LinearExprT, str]:
        """The expression of an objective tier and its sense (``"max"`` or ``"min"``)."""
        if name == "coverage":
            weight = self.network.weight
            return cp_model.LinearExpr.weighted_sum(
                list(self.cover.values()), [int(weight[n]) for n in self.cover]
            ), "max"
        if name == "cost":
            cost = self.network.pair_cost
            return cp_model.LinearExpr.weighted_sum(
                list(self.assign.values()), [int(cost[p]) for p in self.assign]
            ), "min"
        raise KeyError(name)

    def evaluate(self, name: str, chosen: np.ndarray, covered: np.ndarray) -> int:
        """A tier's value, in hundredths, for the chosen pairs and covered needs."""
        if name == "coverage":
            return int(self.network.weight[covered].sum())
        if name == "cost":
            return int(self.network.pair_cost[chosen].sum())
        raise KeyError(name)

    @property
    def variables(self) -> int:
        return len(self.model.proto.variables)


def coverable(network: Network, need: int) -> bool:
    """Whether each requirement of ``need`` has at least ``count`` candidate pairs."""
    record = network.problem.needs[need]
    return all(len(network.slot_pairs(need, k)) >= spec.count for k, spec in enumerate(record.requires))


def build_formulation(
    network: Network,
    *,
    needs: Iterable[int] | None = None,
    force: Iterable[int] = (),
    relax: Relaxation = frozenset(),
    usage: Usage | None = None,
    assume_required: bool = False,
) -> Formulation:
    """Build the model of a day, or of the needs ``needs`` only.

    Parameters
    ----------
    needs : iterable of int, optional
        Need indices to model (default: every need).
    force : iterable of int
        Needs that must be covered, beside the required ones.
    relax : frozenset
        Limits to leave out: families (``LIMIT_FAMILIES``) or ``(family, index)`` instances.
    usage : Usage, optional
        What other, fixed assignments already take; subtracted from every limit.
    assume_required : bool
        State ``cover[n]`` of required needs as assumptions instead of constraints,
        so that an infeasible model yields a core of required needs.
    """
    problem = network.problem
    chosen = range(len(problem.needs)) if needs is None else sorted(set(needs))
    forced = set(force)
    must = [n for n in chosen if problem.needs[n].required or n in forced]
    model = cp_model.CpModel()
    modelled = [n for n in chosen if coverable(network, n) or n in must]
    cover = {n: model.new_bool_var(f"cover[{n}]") for n in modelled}
    assign = {p: model.new_bool_var("") for n in modelled for p in network.need_pairs(n)}
    form = Formulation(network, model, cover, assign, required=must, relax=relax, usage=usage or Usage())
    _add_slots(form)
    _add_one_slot_per_resource(form)
    by_resource = _pairs_by_resource(form)
    _add_capacity(form, by_resource)
    _add_max_tasks(form, by_resource)
    _add_daily_cap(form, by_resource)
    _add_max_members(form, by_resource)
    _add_max_outbound(form)
    _add_required(form, assumptions=assume_required)
    return form


def _add_slots(form: Formulation) -> None:
    network = form.network
    for need, cover in form.cover.items():
        for k, spec in enumerate(network.problem.needs[need].requires):
            chosen = [form.assign[p] for p in network.slot_pairs(need, k)]
            form.model.add(sum(chosen) == spec.count * cover)


def _add_one_slot_per_resource(form: Formulation) -> None:
    network = form.network
    for need in form.cover:
        if len(network.problem.needs[need].requires) < 2:
            continue
        slots: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for p in network.need_pairs(need):
            slots[int(network.pair_resource[p])].append(form.assign[p])
        for chosen in slots.values():
            if len(chosen) > 1:
                form.model.add_at_most_one(chosen)


def _pairs_by_resource(form: Formulation) -> dict[int, list[int]]:
    by_resource: dict[int, list[int]] = defaultdict(list)
    for p in form.assign:
        by_resource[int(form.network.pair_resource[p])].append(p)
    return by_resource


def _amounts(form: Formulation, pairs: list[int]) -> tuple[list[cp_model.IntVar], list[int]]:
    amount = form.network.pair_amount
    return [form.assign[p] for p in pairs], [int(amount[p]) for p in pairs]


def _at_most(form: Formulation, pairs: list[int], limit: int) -> None:
    """Σ amount · assign ≤ limit over ``pairs``, left out when it cannot bind."""
    chosen, amounts = _amounts(form, pairs)
    if sum(amounts) > limit:
        form.model.add(cp_model.LinearExpr.weighted_sum(chosen, amounts) <= limit)


def _add_capacity(form: Formulation, by_resource: dict[int, list[int]]) -> None:
    for resource, pairs in by_resource.items():
        if not form.relaxed("capacity", resource):
            left = int(form.network.capacity[resource]) - form.usage.amount.get(resource, 0)
            _at_most(form, pairs, left)


def _add_max_tasks(form: Formulation, by_resource: dict[int, list[int]]) -> None:
    resources = form.network.problem.resources
    for resource, pairs in by_resource.items():
        limit = resources[resource].max_tasks
        if limit is None or form.relaxed("max_tasks", resource):
            continue
        left = limit - form.usage.tasks.get(resource, 0)
        if len(pairs) > left:
            form.model.add(sum(form.assign[p] for p in pairs) <= left)


def _unit_members(form: Formulation, by_resource: dict[int, list[int]]) -> dict[int, list[int]]:
    members: dict[int, list[int]] = defaultdict(list)
    for resource in sorted(by_resource):
        unit = int(form.network.resource_unit[resource])
        if unit >= 0:
            members[unit].append(resource)
    return members


def _add_daily_cap(form: Formulation, by_resource: dict[int, list[int]]) -> None:
    units = form.network.problem.units
    for unit, members in _unit_members(form, by_resource).items():
        if units[unit].daily_cap is None or form.relaxed("daily_cap", unit):
            continue
        pairs = [p for resource in members for p in by_resource[resource]]
        _at_most(form, pairs, to_hundredths(units[unit].daily_cap) - form.usage.unit_amount.get(unit, 0))


def _add_max_members(form: Formulation, by_resource: dict[int, list[int]]) -> None:
    units = form.network.problem.units
    model = form.model
    for unit, members in _unit_members(form, by_resource).items():
        limit = units[unit].max_members
        if limit is None or form.relaxed("max_members", unit):
            continue
        already = form.usage.unit_members.get(unit, set())
        fresh = [resource for resource in members if resource not in already]
        left = limit - len(already)
        if len(fresh) <= left:
            continue
        used = []
        for resource in fresh:
            member_used = model.new_bool_var(f"used[{resource}]")
            for p in by_resource[resource]:
                model.add_implication(form.assign[p], member_used)
            used.append(member_used)
        model.add(sum(used) <= left)


def _outbound_areas(network: Network) -> dict[int, float]:
    return {a: area.max_outbound for a, area in enumerate(network.problem.areas) if area.max_outbound is not None}


def _need_areas(network: Network) -> list[int]:
    return [network.grid.index[need.area] for need in network.problem.needs]


def _outbound_of(network: Network, limited: dict[int, float], home: int, target: int) -> list[int]:
    """Areas with ``max_outbound`` that a resource based at ``home`` leaves to serve ``target``."""
    grid = network.grid
    return [area for area in grid.ancestors(home) if area in limited and not grid.contains(area, target)]


def _add_max_outbound(form: Formulation) -> None:
    network = form.network
    limited = _outbound_areas(network)
    if not limited:
        return
    need_area = _need_areas(network)
    outbound: dict[int, list[int]] = defaultdict(list)
    for p in form.assign:
        home = int(network.resource_area[network.pair_resource[p]])
        for area in _outbound_of(network, limited, home, need_area[int(network.pair_need[p])]):
            outbound[area].append(p)
    for area, pairs in outbound.items():
        if not form.relaxed("max_outbound", area):
            _at_most(form, pairs, to_hundredths(limited[area]) - form.usage.outbound.get(area, 0))


def _add_required(form: Formulation, *, assumptions: bool) -> None:
    for need in form.required:
        if assumptions:
            form.model.add_assumption(form.cover[need])
        else:
            form.model.add(form.cover[need] == 1)
