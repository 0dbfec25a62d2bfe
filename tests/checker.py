"""Independent checker of sanhu plans, on plain JSON-like dicts (SPEC §2-§3).

Imports nothing from ``models`` or ``matching``: it re-derives eligibility, costs, limits and
summaries from the day dict alone, so a plan that passes was not merely blessed by the code that
made it. :func:`check_plan` collects every violation and raises one ``AssertionError`` listing them.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from day_index import LIMIT_OWNERS, MILLION, RULES_ALL, STATUSES, DayIndex, round_cost

__all__ = ["DayIndex", "assignment_cost", "balance_value", "check_plan", "eligible",
           "fairness_value", "fillable_alone", "round_cost"]


def eligible(day: dict, need_id: str, k: int, resource_id: str, *, rules=RULES_ALL) -> bool:
    """Whether ``resource_id`` may fill requirement ``k`` of ``need_id`` under the given rules.

    Arcs, when the need has any, replace rules 2 and 3 (the skill is still required).
    """
    return DayIndex(day).eligible(need_id, k, resource_id, tuple(rules))


def assignment_cost(day: dict, need_id: str, resource_id: str, amount: float) -> float:
    """The SPEC cost of giving ``amount`` of the resource to the need, rounded to 0.01."""
    return DayIndex(day).cost(need_id, resource_id, amount)


def fillable_alone(day: dict, need_id: str, *, rules=RULES_ALL,
                   requirement: int | None = None) -> bool:
    """Whether the need alone can be filled under ``rules`` (one slot per resource, capacity)."""
    return DayIndex(day).fillable(need_id, tuple(rules), requirement)


def fairness_value(day: dict, plan: dict) -> float:
    """The fairness tier of the plan's assignments: ``floor(10**6 * min share) / 10**6``.

    Shares are covered weight over total weight of the needs in the subtree of each area at the
    fairness level that holds any need (SPEC §2); 1.0 when there is no such area. A need counts
    as covered when the assignments give every requirement ``count`` distinct resources.
    """
    index = DayIndex(day)
    return index.fairness_millionths(index.filled_needs(plan.get("assignments"))) / MILLION


def balance_value(day: dict, plan: dict) -> float:
    """The balance tier of the plan's assignments: ``ceil(10**6 * max used/capacity) / 10**6``."""
    index = DayIndex(day)
    return index.balance_millionths(index.used_cents(plan.get("assignments"))) / MILLION


# -- the plan checker ----------------------------------------------------------------------------
def check_plan(day: dict, plan: dict, *, tol: float = 1e-6) -> None:
    """Check a plan against the day and SPEC §2-§3; raise AssertionError listing every violation.

    Parameters
    ----------
    day : dict
        The day file as a dict.
    plan : dict
        The plan as a dict (``Plan`` JSON).
    tol : float
        Tolerance for comparing amounts, weights and costs.
    """
    index, problems = DayIndex(day), []
    if plan.get("status") not in STATUSES:
        problems.append(f"plan status {plan.get('status')!r} is not one of {STATUSES}")
    entries = _rows_by_id(plan.get("needs"), "needs", index.needs, problems)
    for nid, entry in entries.items():
        _check_need_entry(index, nid, entry, problems)
    valid = _check_assignments(index, plan, tol, problems)
    covered = {nid for nid, entry in entries.items() if entry.get("covered") is True}
    use = _usage(index, valid)
    _check_coverage(index, entries, valid, problems)
    _check_limits(index, use, tol, problems)
    _check_status_rules(index, plan, covered, problems)
    _check_rows(plan.get("resources"), "resources", index.resources, {
        rid: {"used": use["amount"][rid], "tasks": use["tasks"][rid],
              "capacity": resource["capacity"]} for rid, resource in index.resources.items()},
        tol, problems)
    _check_rows(plan.get("areas"), "areas", index.areas, _area_totals(index, covered), tol,
                problems)
    _check_objective(index, plan, covered, tol, problems)
    unjudged = (plan.get("stats") or {}).get("unjudged", 0)
    unproven = 0
    for nid, entry in entries.items():
        reason = entry.get("reason")
        if entry.get("covered") is not True and isinstance(reason, dict):
            unproven += reason.get("code") == "unproven"
            message = _reason_problem(index, plan, entries, valid, nid, reason, unjudged)
            if message:
                problems.append(f"need {nid!r} reason {reason.get('code')!r}: {message}")
    if unjudged > unproven:
        problems.append(f"stats say {unjudged} needs were left unjudged, but only {unproven} reasons are unproven")
    if problems:
        raise AssertionError(f"plan violates the SPEC ({len(problems)} problem(s)):\n- "
                             + "\n- ".join(problems))


def _close(value, expected, tol) -> bool:
    return isinstance(value, (int, float)) and abs(value - expected) <= tol


def _rows_by_id(rows, what: str, known, problems: list) -> dict:
    """The plan's rows for ``what`` by id; every known id exactly once, no other."""
    seen = Counter(row.get("id") for row in rows or [])
    for rid, times in seen.items():
        if rid not in known:
            problems.append(f"plan {what}: unknown id {rid!r}")
        elif times > 1:
            problems.append(f"plan {what}: {rid!r} appears {times} times")
    problems.extend(f"plan {what}: {rid!r} is missing" for rid in known if rid not in seen)
    rows_by_id: dict = {}
    for row in rows or []:
        if row.get("id") in known:
            rows_by_id.setdefault(row["id"], row)
    return rows_by_id


def _check_rows(rows, what: str, known, expected: dict, tol: float, problems: list) -> None:
    for rid, row in _rows_by_id(rows, what, known, problems).items():
        for field, value in expected[rid].items():
            if not _close(row.get(field), value, tol):
                problems.append(f"plan {what} {rid!r}: {field} {row.get(field)!r}, "
                                f"expected {value}")


def _check_need_entry(index: DayIndex, nid: str, entry: dict, problems: list) -> None:
    covered = entry.get("covered")
    if not isinstance(covered, bool):
        problems.append(f"need {nid!r}: covered must be true or false, got {covered!r}")
    complex_need = index.needs[nid].get("kind") == "complex"
    expected = ("clarified_today" if complex_need else "cleared_today") if covered else "unmet"
    if entry.get("outcome") != expected:
        problems.append(f"need {nid!r}: outcome {entry.get('outcome')!r}, expected {expected!r}")
    reason = entry.get("reason")
    if covered and reason is not None:
        problems.append(f"need {nid!r} is covered but has a reason {reason!r}")
    if not covered and not (isinstance(reason, dict) and reason.get("code")):
        problems.append(f"need {nid!r} is unmet without a reason dict with a code")


def _check_assignments(index: DayIndex, plan: dict, tol: float, problems: list) -> list:
    """Check each assignment alone; return those naming a known need, requirement, resource."""
    valid = []
    for i, a in enumerate(plan.get("assignments") or []):
        nid, k, rid = a.get("need"), a.get("requirement"), a.get("resource")
        where = f"assignment {i} ({nid!r}, requirement {k!r}, {rid!r})"
        if nid not in index.needs or rid not in index.resources or not isinstance(k, int) \
                or not 0 <= k < len(index.needs[nid]["requires"]):
            problems.append(f"{where}: unknown need, resource or requirement index")
            continue
        valid.append(a)
        why = index.ineligibility(nid, k, rid)
        if why is not None:
            problems.append(f"{where}: resource {rid!r} is not eligible for need {nid!r} "
                            f"requirement {k} ({why})")
        amount = index.pair_amount(nid, k, rid)
        cost = index.cost(nid, rid, amount)
        for field, value in (("amount", amount), ("cost", cost)):
            if not _close(a.get(field), value, tol):
                problems.append(f"{where}: {field} {a.get(field)!r}, expected {value}")
    return valid


def _check_coverage(index: DayIndex, entries: dict, valid: list, problems: list) -> None:
    slots: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for a in valid:
        slots[a["need"]][a["requirement"]].append(a["resource"])
    for nid, entry in entries.items():
        filled = slots.get(nid, {})
        everyone = [rid for rids in filled.values() for rid in rids]
        problems.extend(f"need {nid!r}: resource {rid!r} fills {times} slots"
                        for rid, times in Counter(everyone).items() if times > 1)
        if entry.get("covered") is not True:
            if everyone:
                problems.append(f"need {nid!r} is not covered but has {len(everyone)} "
                                f"assignment(s) (all or nothing)")
            continue
        for k in range(len(index.needs[nid]["requires"])):
            given, want = filled.get(k, []), index.count(nid, k)
            if len(given) != want or len(set(given)) != want:
                problems.append(f"need {nid!r} marked covered but requirement {k} has "
                                f"{len(given)} resources ({len(set(given))} distinct), count is "
                                f"{want} (partial coverage)")


def _usage(index: DayIndex, valid: list) -> dict[str, dict]:
    """What the plan consumes, per limit: amounts and distinct needs or members."""
    amount, needs, unit_amount, members, outbound = (defaultdict(float), defaultdict(set),
                                                     defaultdict(float), defaultdict(set),
                                                     defaultdict(float))
    for a in valid:
        nid, rid, give = a["need"], a["resource"], a.get("amount") or 0
        amount[rid] += give
        needs[rid].add(nid)
        uid = index.resources[rid].get("unit")
        if uid is not None:
            unit_amount[uid] += give
            members[uid].add(rid)
        for aid in index.outbound_areas(rid, nid):
            outbound[aid] += give
    count = lambda sets: defaultdict(int, {key: len(s) for key, s in sets.items()})  # noqa: E731
    return {"amount": amount, "tasks": count(needs), "unit_amount": unit_amount,
            "members": count(members), "outbound": outbound}


def _check_limits(index: DayIndex, use: dict, tol: float, problems: list) -> None:
    limits = (("resource", index.resources, "capacity", use["amount"]),
              ("resource", index.resources, "max_tasks", use["tasks"]),
              ("unit", index.units, "daily_cap", use["unit_amount"]),
              ("unit", index.units, "max_members", use["members"]),
              ("area", index.areas, "max_outbound", use["outbound"]))
    for owner, table, field, used in limits:
        for oid, row in table.items():
            if row.get(field) is not None and used[oid] > row[field] + tol:
                problems.append(f"{owner} {oid!r} {field}: uses {used[oid]} > {row[field]}")


def _check_status_rules(index: DayIndex, plan: dict, covered: set, problems: list) -> None:
    status, assignments = plan.get("status"), plan.get("assignments") or []
    if status in ("infeasible", "unknown"):
        if assignments:
            problems.append(f"status {status!r} but the plan has {len(assignments)} assignments")
        return
    problems.extend(f"required need {nid!r} is not covered (status {status!r})"
                    for nid, need in index.needs.items()
                    if need.get("required") and nid not in covered)


def _area_totals(index: DayIndex, covered: set) -> dict[str, dict]:
    """Needs, covered needs and their weights over each area's whole subtree."""
    totals = {aid: {"needs": 0, "covered": 0, "weight": 0.0, "covered_weight": 0.0}
              for aid in index.areas}
    for nid, need in index.needs.items():
        for aid in index.chain(need["area"]):
            totals[aid]["needs"] += 1
            totals[aid]["weight"] += index.weight(nid)
            if nid in covered:
                totals[aid]["covered"] += 1
                totals[aid]["covered_weight"] += index.weight(nid)
    return totals


def _check_objective(index: DayIndex, plan: dict, covered: set, tol: float,
                     problems: list) -> None:
    status, objective = plan.get("status"), plan.get("objective") or {}
    coverage, cost = objective.get("coverage"), objective.get("cost")
    _check_equity_tiers(index, plan, problems)
    if cost is not None:
        spent = sum(a.get("cost") or 0 for a in plan.get("assignments") or [])
        if not _close(cost.get("value"), spent, tol):
            problems.append(f"objective cost value {cost.get('value')!r}, expected {spent}")
        cost_bound = cost.get("bound")  # optional in SPEC §3; when given, on the cheap side and met when proven
        if cost_bound is not None and cost_bound > spent + tol:
            problems.append(f"objective cost bound {cost_bound} > value {spent}")
        proven = status == "optimal" or cost.get("proven")
        if cost_bound is not None and proven and not _close(cost_bound, spent, tol):
            problems.append(f"cost proven (status {status!r}) but its bound {cost_bound} is not its value {spent}")
    if status == "optimal":
        unproven = sorted(name for name, tier in objective.items() if isinstance(tier, dict)
                          and tier.get("proven") is False)
        if unproven:
            problems.append(f"status optimal but tier(s) {', '.join(unproven)} not proven")
    if coverage is None:
        if status in ("optimal", "feasible"):
            problems.append(f"status {status!r} but objective has no coverage tier")
        return
    value, bound, gap = coverage.get("value"), coverage.get("bound"), coverage.get("gap")
    weight = sum(index.weight(nid) for nid in covered)
    if not _close(value, weight, tol):
        problems.append(f"objective coverage value {value!r}, expected {weight}")
    if status in ("optimal", "feasible") and (bound is None or gap is None):
        problems.append(f"status {status!r} but coverage bound or gap is missing")
    if bound is not None and isinstance(value, (int, float)) and bound < value - tol:
        problems.append(f"objective coverage bound {bound} < value {value}")
    if gap is not None and gap < -tol:
        problems.append(f"objective coverage gap {gap} < 0")
    if status == "optimal" and not (_close(bound, value, tol) and _close(gap, 0, tol)):
        problems.append(f"status optimal but coverage bound {bound} / gap {gap} "
                        f"do not match value {value}")


_EQUITY = {"fairness": (fairness_value, 1), "balance": (balance_value, -1)}


def _check_equity_tiers(index: DayIndex, plan: dict, problems: list) -> None:
    """Fairness and balance: each reported value recomputed exactly, each bound on its side.

    A tier of the day's objective must be reported by a plan that has assignments to judge.
    """
    objective = plan.get("objective") or {}
    wanted = (index.day.get("settings") or {}).get("objective") or []
    for tier, (recompute, sense) in _EQUITY.items():
        row = objective.get(tier)
        if row is None:
            if tier in wanted and plan.get("status") in ("optimal", "feasible"):
                problems.append(f"status {plan.get('status')!r} but objective has no {tier} tier")
            continue
        value, bound, expected = row.get("value"), row.get("bound"), recompute(index.day, plan)
        if not _close(value, expected, 1e-9):
            problems.append(f"objective {tier} value {value!r}, expected {expected}")
        if bound is None or not isinstance(value, (int, float)):
            continue
        if not isinstance(bound, (int, float)):
            problems.append(f"objective {tier} bound {bound!r} is not a number")
        elif sense > 0 and bound < value - 1e-9:
            problems.append(f"objective {tier} bound {bound} < value {value} (it is maximised)")
        elif sense < 0 and bound > value + 1e-9:
            problems.append(f"objective {tier} bound {bound} > value {value} (it is minimised)")


def _reason_problem(index, plan, entries, valid, nid, reason, unjudged: int = 0) -> str | None:
    """What is wrong with an unmet need's reason (SPEC §3), or None.

    ``unproven`` in an optimal plan is right only for a need whose reason the time limit left
    unjudged (``stats.unjudged`` counts them).
    """
    code, k = reason.get("code"), reason.get("requirement")
    if not isinstance(reason.get("detail"), str):
        return "detail must be a sentence (a string)"
    if k is not None and (not isinstance(k, int)
                          or not 0 <= k < len(index.needs[nid]["requires"])):
        return f"requirement {k!r} is not an index into requires"
    if code == "no_skill_in_reach":
        if index.fillable(nid, (1, 2)) or (k is not None and index.fillable(nid, (1, 2), k)):
            return "the need (or the named requirement) is fillable alone under rules 1+2"
    elif code == "no_time_overlap":
        if not index.fillable(nid, (1, 2)):
            return "not fillable alone even ignoring windows (should be no_skill_in_reach)"
        if index.fillable(nid, RULES_ALL) or (k is not None and index.fillable(nid, RULES_ALL, k)):
            return "the need (or the named requirement) is fillable alone within windows"
    elif code == "limit":
        return (_limit_problem(index, reason.get("limit"))
                or _limits_problem(index, reason)
                or _limit_evidence_problem(index, valid, nid, reason))
    elif code == "capacity_taken":
        return _capacity_taken_problem(index, entries, valid, nid, reason)
    elif code == "unproven" and plan.get("status") == "optimal" and not unjudged:
        return "status is optimal and every reason was judged, nothing can be unproven"
    elif code == "infeasible" and plan.get("status") != "infeasible":
        return f"plan status is {plan.get('status')!r}, not infeasible"
    elif code not in ("unproven", "infeasible"):
        return "unknown reason code"
    return None


def _limit_problem(index: DayIndex, limit) -> str | None:
    if not isinstance(limit, dict) or limit.get("kind") not in LIMIT_OWNERS:
        return f"limit must name a kind in {sorted(LIMIT_OWNERS)}, got {limit!r}"
    kind, owner_id = limit["kind"], limit.get("id")
    owner = (index.units if LIMIT_OWNERS[kind] == "unit" else index.areas).get(owner_id)
    if owner is None or owner.get(kind) is None:
        return f"{LIMIT_OWNERS[kind]} {owner_id!r} does not exist or has no {kind}"
    if not _close(limit.get("value"), owner[kind], 1e-9):
        return f"limit value {limit.get('value')!r} but {owner_id!r} {kind} is {owner[kind]}"
    if not isinstance(limit.get("used"), (int, float)):
        return f"limit used must be a number, got {limit.get('used')!r}"
    return None


def _limits_problem(index: DayIndex, reason: dict) -> str | None:
    limits = reason.get("limits")
    if limits is None:
        return None
    if not limits or limits[0] != reason.get("limit"):
        return "limits must list the named limit first"
    return next((problem for limit in limits if (problem := _limit_problem(index, limit))), None)


_MAX_FILLS = 4000


def _limit_evidence_problem(index: DayIndex, valid: list, nid: str, reason: dict) -> str | None:
    """The need does not fit in the plan, and it does once the named limits give way.

    Checked by enumerating the need's fills (skipped when there are too many).
    """
    from brute import Limits, fills

    options = fills(index, nid)
    if len(options) > _MAX_FILLS:
        return None
    named = frozenset((limit["kind"], limit["id"]) for limit in (reason.get("limits") or [reason["limit"]]))
    strict, relaxed = Limits(index), Limits(index, ignore=named)
    in_plan = strict.state_of(valid)
    if any(strict.add(in_plan, nid, fill) for fill in options):
        return "the need fits in the plan's leftover capacity and limits"
    if not any(relaxed.add(state, nid, fill) for fill in options for state in (relaxed.empty(), in_plan)):
        return f"the need cannot be covered even when {sorted(named)} give way"
    return None


def _capacity_taken_problem(index, entries, valid, nid, reason) -> str | None:
    if not index.fillable(nid, RULES_ALL):
        return "the need is not fillable alone"
    resources, takers = reason.get("resources") or [], reason.get("needs") or []
    if not resources or not takers:
        return "resources and needs must be non-empty lists"
    for other in takers:
        if other not in entries or entries[other].get("covered") is not True:
            return f"named need {other!r} is not covered"
    for rid in resources:
        if rid not in index.resources:
            return f"named resource {rid!r} does not exist"
        if not any(rid in index.slot_candidates(nid, k)
                   for k in range(len(index.needs[nid]["requires"]))):
            return f"named resource {rid!r} is not eligible for any requirement"
        if not any(a["resource"] == rid and a["need"] in takers for a in valid):
            return f"named resource {rid!r} is not used by any named need"
    return None
