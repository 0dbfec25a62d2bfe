"""The 0-1 linear model of a day: variables, constraint families and objective tiers.

Built once, engine-neutral, as integer sparse rows (``matching.scaling`` holds
every quantity in hundredths); ``matching.search.engines`` hands it to CP-SAT or to a
MIP solver.

Variables (all binary), laid out as ``[cover | assign | used]``
    ``cover[n]``: need ``n`` is covered; ``assign[p]``: pair ``p`` = (need ``n``,
    requirement ``k``, resource ``r``) is used; ``used[r]``: resource ``r`` of a
    unit with a binding ``max_members`` serves somebody.

Rows (every limit of SPEC §2, all hard; a row that cannot bind is left out)
    slot         Σ_{p∈slot(n,k)} assign[p] − count_k · cover[n] = 0    (all or nothing)
    cover_link   assign[p] − cover[n] ≤ 0        (slots with count ≥ 2; tightens the LP)
    one_slot     Σ_{k} assign[n,k,r] ≤ 1                               (per need, resource)
    capacity     Σ_p amount_p · assign[p] ≤ capacity_r
    tasks        Σ_p assign[p] ≤ max_tasks_r                           (one slot per need)
    daily_cap    Σ_{r∈u} Σ_p amount_p · assign[p] ≤ daily_cap_u
    member_link  assign[p] − used[r] ≤ 0
    members      Σ_{r∈u} used[r] ≤ max_members_u
    outbound     Σ_{p: r inside a, n outside a} amount_p · assign[p] ≤ max_outbound_a
    required     cover[n] ≥ 1 (a variable bound)

Tiers (lexicographic, see ``matching.search.tiers``)
    coverage  maximise Σ_n weight_n · cover[n]
    stability minimise the previous plan's pairs not kept, |P| − Σ_{p∈P} assign[p] (re-planning: P holds
              the undispatched pairs of the plan being replaced; the constant |P| is left out)
    cost      minimise Σ_p cost_p · assign[p]
    (coverage then cost as one: maximise coverage · M − cost, M · step > ``cost_ceiling()``)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from matching.model.equity import equity_rows
from matching.model.linear import LIMIT_FAMILIES, NO_BOUND, ROW_KINDS, LinearModel, Relaxation
from matching.network.pairs import Network
from matching.network.usage import Usage, outbound_pairs
from matching.scaling import to_hundredths

__all__ = ["LinearModel", "Relaxation", "ROW_KINDS", "LIMIT_FAMILIES", "build_formulation", "coverable"]

def coverable(network: Network, need: int) -> bool:
    """Whether each requirement of ``need`` has at least ``count`` candidate pairs."""
    record = network.problem.needs[need]
    return all(len(network.slot_pairs(need, k)) >= spec.count for k, spec in enumerate(record.requires))


class _Rows:
    """Accumulates sparse rows as COO pieces, then packs them as CSR."""

    def __init__(self) -> None:
        self.row_of: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.coefs: list[np.ndarray] = []
        self.lo: list[np.ndarray] = []
        self.hi: list[np.ndarray] = []
        self.kind: list[np.ndarray] = []
        self.count = 0

    def add(self, kind: str, local_row: np.ndarray, cols: np.ndarray, coefs: np.ndarray,
            lo: np.ndarray, hi: np.ndarray) -> None:
        """Rows ``0..len(lo)-1`` of one family; ``local_row`` says which row each entry is in."""
        if not len(lo):
            return
        self.row_of.append(self.count + np.asarray(local_row, dtype=np.int64))
        self.cols.append(np.asarray(cols, dtype=np.int64))
        self.coefs.append(np.asarray(coefs, dtype=np.int64))
        self.lo.append(np.asarray(lo, dtype=np.int64))
        self.hi.append(np.asarray(hi, dtype=np.int64))
        self.kind.append(np.full(len(lo), ROW_KINDS.index(kind), dtype=np.int8))
        self.count += len(lo)

    def packed(self) -> tuple[np.ndarray, ...]:
        join = lambda parts, dtype: np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)  # noqa: E731
        row_of = join(self.row_of, np.int64)
        order = np.argsort(row_of, kind="stable")
        row_start = np.zeros(self.count + 1, dtype=np.int64)
        np.cumsum(np.bincount(row_of, minlength=self.count), out=row_start[1:])
        return (row_start, join(self.cols, np.int64)[order], join(self.coefs, np.int64)[order],
                join(self.lo, np.int64), join(self.hi, np.int64), join(self.kind, np.int8))


def _groups(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stable grouping: (order, group id of each sorted element, key of each group)."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(keys) else np.zeros(0, dtype=np.int64)
    group = np.cumsum(np.r_[False, ordered[1:] != ordered[:-1]]) if len(keys) else np.zeros(0, dtype=np.int64)
    return order, group, ordered[starts]


def build_formulation(
    network: Network,
    *,
    needs: Iterable[int] | None = None,
    force: Iterable[int] = (),
    relax: Relaxation = frozenset(),
    usage: Usage | None = None,
    required: bool = True,
    tiers: Iterable[str] = (),
    previous: Iterable[int] = (),
) -> LinearModel:
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
    required : bool
        Whether required needs must be covered (False leaves them free, e.g. for
        infeasibility cores stated as assumptions).
    tiers : iterable of str
        The objective tiers to solve; ``fairness`` and ``balance`` add their rows
        and variables (``matching.model.equity``).
    previous : iterable of int
        Pairs of the plan being re-planned, for the ``stability`` tier (pairs of needs
        outside the model are ignored).
    """
    problem = network.problem
    chosen = range(len(problem.needs)) if needs is None else sorted(set(needs))
    forced = set(force)
    must = {n for n in chosen if (required and problem.needs[n].required) or n in forced}
    wanted = {n for n in chosen if problem.needs[n].required} | must
    modelled = np.array([n for n in chosen if n in wanted or coverable(network, n)], dtype=np.int64)
    pairs = _pairs_of(network, modelled)
    context = _Context(network, modelled, pairs, relax, usage or Usage())
    rows = _Rows()
    _slot_rows(context, rows)
    _cover_link_rows(context, rows)
    _one_slot_rows(context, rows)
    _resource_rows(context, rows)
    _daily_cap_rows(context, rows)
    members = _member_rows(context, rows)
    _outbound_rows(context, rows)
    extras = equity_rows(network, tuple(tiers), modelled, pairs, len(modelled) + len(pairs) + len(members), rows)
    lower = np.zeros(len(modelled) + len(pairs) + len(members) + len(extras), dtype=np.int64)
    lower[np.searchsorted(modelled, sorted(must))] = 1
    kept = np.asarray(sorted(set(previous)), dtype=np.int64)
    kept = kept[np.isin(kept, pairs)]
    return LinearModel(network, modelled, pairs, members, lower, *rows.packed(), extras=extras, previous=kept)


def _pairs_of(network: Network, needs: np.ndarray) -> np.ndarray:
    """Every pair of the given needs, sorted."""
    if not len(needs):
        return np.zeros(0, dtype=np.int64)
    slot_start, first_slot = network.slot_start, network.first_slot
    starts, ends = slot_start[first_slot[needs]], slot_start[first_slot[needs + 1]]
    sizes = ends - starts
    offsets = np.repeat(starts - np.r_[0, np.cumsum(sizes)[:-1]], sizes)
    return np.arange(int(sizes.sum()), dtype=np.int64) + offsets


@dataclass
class _Context:
    """What every row family reads: the network, the modelled needs and pairs, relaxations, usage."""

    network: Network
    needs: np.ndarray
    pairs: np.ndarray
    relax: Relaxation
    usage: Usage

    def __post_init__(self) -> None:
        network = self.network
        self.cover_var = np.full(len(network.problem.needs), -1, dtype=np.int64)
        self.cover_var[self.needs] = np.arange(len(self.needs))
        self.assign_var = len(self.needs) + np.arange(len(self.pairs), dtype=np.int64)
        self.resource = network.pair_resource[self.pairs].astype(np.int64)
        self.amount = network.pair_amount[self.pairs]

    def relaxed(self, family: str, index: int) -> bool:
        return family in self.relax or (family, index) in self.relax


def _slot_rows(context: _Context, rows: _Rows) -> None:
    network = context.network
    slots = np.concatenate([np.arange(network.first_slot[n], network.first_slot[n + 1]) for n in context.needs]
                           ) if len(context.needs) else np.zeros(0, dtype=np.int64)
    slot_row = np.full(len(network.slot_count), -1, dtype=np.int64)
    slot_row[slots] = np.arange(len(slots))
    pair_rows = slot_row[network.pair_slot[context.pairs]]
    cover_cols = context.cover_var[network.slot_need[slots]]
    rows.add("slot",
             np.r_[pair_rows, np.arange(len(slots))],
             np.r_[context.assign_var, cover_cols],
             np.r_[np.ones(len(context.pairs), dtype=np.int64), -network.slot_count[slots]],
             np.zeros(len(slots)), np.zeros(len(slots)))


def _cover_link_rows(context: _Context, rows: _Rows) -> None:
    network = context.network
    several = network.slot_count[network.pair_slot[context.pairs]] > 1
    positions = np.flatnonzero(several)
    links = len(positions)
    cover_cols = context.cover_var[network.pair_need[context.pairs[positions]]]
    rows.add("cover_link", np.repeat(np.arange(links), 2),
             np.column_stack([context.assign_var[positions], cover_cols]).ravel(),
             np.tile([1, -1], links), np.full(links, -NO_BOUND), np.zeros(links))


def _one_slot_rows(context: _Context, rows: _Rows) -> None:
    network = context.network
    need = network.pair_need[context.pairs].astype(np.int64)
    several = (network.first_slot[need + 1] - network.first_slot[need]) > 1
    if not several.any():
        return
    index = np.flatnonzero(several)
    keys = need[index] * (len(network.problem.resources) + 1) + context.resource[index]
    order, group, _ = _groups(keys)
    sizes = np.bincount(group)
    keep = sizes[group] > 1
    renumber = np.cumsum(sizes > 1) - 1
    members = index[order][keep]
    count = int((sizes > 1).sum())
    rows.add("one_slot", renumber[group[keep]], context.assign_var[members], np.ones(len(members)),
             np.full(count, -NO_BOUND), np.ones(count))


def _at_most(context: _Context, rows: _Rows, kind: str, keys: np.ndarray, weights: np.ndarray,
             members: np.ndarray, limit_of) -> None:
    """Rows Σ weight · assign ≤ limit per key, for the keys whose rows can bind."""
    if not len(members):
        return
    order, group, key_of_group = _groups(keys)
    totals = np.bincount(group, weights=weights[order]).astype(np.int64)
    limits = np.array([limit_of(int(key)) for key in key_of_group], dtype=np.int64)
    binding = totals > limits
    if not binding.any():
        return
    renumber = np.cumsum(binding) - 1
    keep = binding[group]
    rows.add(kind, renumber[group[keep]], context.assign_var[members[order][keep]], weights[order][keep],
             np.full(int(binding.sum()), -NO_BOUND), limits[binding])


_UNLIMITED = 1 << 40


def _resource_rows(context: _Context, rows: _Rows) -> None:
    network, usage = context.network, context.usage
    everyone = np.arange(len(context.pairs))
    capacity = lambda r: (_UNLIMITED if context.relaxed("capacity", r)  # noqa: E731
                          else int(network.capacity[r]) - usage.amount.get(r, 0))
    _at_most(context, rows, "capacity", context.resource, context.amount, everyone, capacity)
    limited = network.max_tasks[context.resource] >= 0
    tasks = lambda r: (_UNLIMITED if context.relaxed("max_tasks", r)  # noqa: E731
                       else int(network.max_tasks[r]) - usage.tasks.get(r, 0))
    _at_most(context, rows, "tasks", context.resource[limited], np.ones(int(limited.sum()), dtype=np.int64),
             np.flatnonzero(limited), tasks)


def _daily_cap_rows(context: _Context, rows: _Rows) -> None:
    network, usage = context.network, context.usage
    units = network.problem.units
    unit = network.resource_unit[context.resource].astype(np.int64)
    capped = np.array([u >= 0 and units[u].daily_cap is not None for u in range(-1, len(units))])[unit + 1]

    def cap(u: int) -> int:
        if context.relaxed("daily_cap", u):
            return _UNLIMITED
        return to_hundredths(units[u].daily_cap) - usage.unit_amount.get(u, 0)

    _at_most(context, rows, "daily_cap", unit[capped], context.amount[capped], np.flatnonzero(capped), cap)


def _member_rows(context: _Context, rows: _Rows) -> np.ndarray:
    """``used`` variables and their rows for units whose member limit can bind; returns their resources."""
    network, usage = context.network, context.usage
    units = network.problem.units
    first_used = context.assign_var[-1] + 1 if len(context.pairs) else len(context.needs)
    used_resources: list[int] = []
    link_rows, link_cols, link_coefs = [], [], []
    limit_rows, limit_cols, limit_hi = [], [], []
    by_resource: dict[int, list[int]] = {}
    for position, resource in enumerate(context.resource):
        by_resource.setdefault(int(resource), []).append(position)
    serving: dict[int, list[int]] = {}
    for resource in sorted(by_resource):
        unit = int(network.resource_unit[resource])
        if unit >= 0 and units[unit].max_members is not None and not context.relaxed("max_members", unit):
            serving.setdefault(unit, []).append(resource)
    for unit, resources in serving.items():
        already = usage.unit_members.get(unit, set())
        fresh = [r for r in resources if r not in already]
        left = units[unit].max_members - len(already)
        if len(fresh) <= left:
            continue
        limit_row = len(limit_hi)
        for resource in fresh:
            used = first_used + len(used_resources)
            used_resources.append(resource)
            for position in by_resource[resource]:
                link_rows += [len(link_rows) // 2] * 2
                link_cols += [int(context.assign_var[position]), used]
                link_coefs += [1, -1]
            limit_rows.append(limit_row)
            limit_cols.append(used)
        limit_hi.append(left)
    links = len(link_rows) // 2
    rows.add("member_link", np.array(link_rows), np.array(link_cols), np.array(link_coefs),
             np.full(links, -NO_BOUND), np.zeros(links))
    rows.add("members", np.array(limit_rows), np.array(limit_cols), np.ones(len(limit_cols)),
             np.full(len(limit_hi), -NO_BOUND), np.array(limit_hi))
    return np.array(used_resources, dtype=np.int64)


def _outbound_rows(context: _Context, rows: _Rows) -> None:
    network, usage = context.network, context.usage
    areas, positions = outbound_pairs(network, context.pairs)

    def left(a: int) -> int:
        if context.relaxed("max_outbound", a):
            return _UNLIMITED
        return to_hundredths(network.problem.areas[a].max_outbound) - usage.outbound.get(a, 0)

    _at_most(context, rows, "outbound", areas, context.amount[positions], positions, left)
