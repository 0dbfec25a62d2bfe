"""Independent checker of sanhu plans, on plain JSON-like dicts (SPEC §2-§3).

Imports nothing from ``models`` or ``matching``: it re-derives eligibility, costs, limits and
summaries from the day dict alone, so a plan that passes was not merely blessed by the code that
made it. :func:`check_plan` collects every violation and raises one ``AssertionError`` listing them.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict

import networkx as nx

__all__ = [
    "DayIndex",
    "assignment_cost",
    "check_plan",
    "eligible",
    "fillable_alone",
    "round_cost",
]

DEFAULT_LEVELS = ("city", "street", "community", "grid", "micro")
WHOLE_DAY = ("00:00", "24:00")
STATUSES = ("optimal", "feasible", "infeasible", "unknown")
LIMIT_OWNERS = {"daily_cap": "unit", "max_members": "unit", "max_outbound": "area"}
RULES_ALL = (1, 2, 3)


def round_cost(x: float) -> float:
    """Round a cost to the nearest 0.01, halves up (the project's convention)."""
    return math.floor(x * 100 + 0.5) / 100


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _overlap_hours(a, b) -> float:
    return (min(_minutes(a[1]), _minutes(b[1])) - max(_minutes(a[0]), _minutes(b[0]))) / 60


def _or(value, default):
    return default if value is None else value


class DayIndex:
    """Lookups over one day dict (areas, units, resources, needs, arcs), built once.

    Parameters
    ----------
    day : dict
        A day in the SPEC §2 shape. It is never mutated.
    """

    def __init__(self, day: dict):
        self.day = day
        self.levels = list(day.get("levels") or DEFAULT_LEVELS)
        self.areas = {a["id"]: a for a in day.get("areas") or []}
        self.units = {u["id"]: u for u in day.get("units") or []}
        self.resources = {r["id"]: r for r in day.get("resources") or []}
        self.needs = {n["id"]: n for n in day.get("needs") or []}
        self.arcs: dict[str, dict[str, dict]] = defaultdict(dict)
        for arc in day.get("arcs") or []:
            self.arcs[arc["need"]][arc["resource"]] = arc
        settings = day.get("settings") or {}
        self.escalation_cost = _or(settings.get("escalation_cost"), 1.0)
        self.distance_cost = _or(settings.get("distance_cost"), 0.1)
        self.by_skill: dict[str, list[str]] = defaultdict(list)
        for rid, resource in self.resources.items():
            for skill in resource.get("skills") or []:
                self.by_skill[skill].append(rid)
        self._chains: dict[str, tuple[str, ...]] = {}
        self._roots: dict[str, tuple[str, ...]] = {}

    # -- the area tree -------------------------------------------------
    def chain(self, area_id: str) -> tuple[str, ...]:
        """The area and its ancestors, bottom up to the root."""
        if area_id not in self._chains:
            chain, current = [], area_id
            while current is not None and len(chain) <= len(self.areas):
                chain.append(current)
                current = self.areas[current].get("parent")
            self._chains[area_id] = tuple(chain)
        return self._chains[area_id]

    def depth(self, area_id: str) -> int:
        return len(self.chain(area_id)) - 1

    def in_subtree(self, area_id: str, root_id: str) -> bool:
        return root_id in self.chain(area_id)

    def level_index(self, area_id: str) -> int:
        return self.levels.index(self.areas[area_id]["level"])

    def xy(self, area_id: str):
        for aid in self.chain(area_id):
            if self.areas[aid].get("xy") is not None:
                return self.areas[aid]["xy"]
        return None

    def reach_roots(self, resource_id: str) -> tuple[str, ...]:
        """Every reach root of a resource (SPEC rule 2 and the project's convention)."""
        if resource_id not in self._roots:
            resource = self.resources[resource_id]
            area, reach = resource["area"], resource.get("reach")
            home = area
            if reach is not None and self.level_index(area) > self.levels.index(reach):
                cut = self.levels.index(reach)
                for aid in self.chain(area):
                    if self.level_index(aid) >= cut:
                        home = aid
            roots = [home, *(resource.get("extra_areas") or [])]
            unit = self.units.get(resource.get("unit"))
            if unit is not None:
                roots.extend(unit.get("partner_areas") or [])
            self._roots[resource_id] = tuple(roots)
        return self._roots[resource_id]

    def outbound_areas(self, resource_id: str, need_id: str) -> list[str]:
        """Areas with ``max_outbound`` holding the resource's base but not the need."""
        need_chain = self.chain(self.needs[need_id]["area"])
        return [aid for aid in self.chain(self.resources[resource_id]["area"])
                if self.areas[aid].get("max_outbound") is not None and aid not in need_chain]

    # -- needs and pairs -----------------------------------------------
    def requirement(self, need_id: str, k: int) -> dict:
        return self.needs[need_id]["requires"][k]

    def count(self, need_id: str, k: int) -> int:
        return _or(self.requirement(need_id, k).get("count"), 1)

    def weight(self, need_id: str) -> float:
        return _or(self.needs[need_id].get("weight"), 1)

    def pair_amount(self, need_id: str, k: int, resource_id: str) -> float:
        """The arc's amount for the pair when it gives one, else the requirement's amount."""
        arc = self.arcs.get(need_id, {}).get(resource_id)
        if arc is not None and arc.get("amount") is not None:
            return arc["amount"]
        return _or(self.requirement(need_id, k).get("amount"), 1)

    def time_ok(self, need_id: str, k: int, resource_id: str) -> bool:
        resource = self.resources[resource_id]
        window = self.needs[need_id].get("window") or WHOLE_DAY
        available = resource.get("available")
        windows = [WHOLE_DAY] if available is None else available
        overlaps = [_overlap_hours(w, window) for w in windows]
        if _or(resource.get("measure"), "hours") == "count":
            return any(h > 0 for h in overlaps)
        amount = _or(self.requirement(need_id, k).get("amount"), 1)
        return any(h >= amount - 1e-9 for h in overlaps)

    def ineligibility(self, need_id: str, k: int, resource_id: str, rules=RULES_ALL):
        """Why the resource may not fill requirement k of the need, or None when it may."""
        skill = self.requirement(need_id, k)["skill"]
        if 1 in rules and skill not in (self.resources[resource_id].get("skills") or []):
            return f"rule 1: no skill {skill!r}"
        if self.arcs.get(need_id):
            return None if resource_id in self.arcs[need_id] else "no arc for the pair"
        need_area = self.needs[need_id]["area"]
        if 2 in rules and not any(self.in_subtree(need_area, root)
                                  for root in self.reach_roots(resource_id)):
            return f"rule 2: area {need_area!r} outside reach {list(self.reach_roots(resource_id))}"
        if 3 in rules and not self.time_ok(need_id, k, resource_id):
            return "rule 3: no window overlap long enough"
        return None

    def eligible(self, need_id: str, k: int, resource_id: str, rules=RULES_ALL) -> bool:
        return self.ineligibility(need_id, k, resource_id, rules) is None

    def cost(self, need_id: str, resource_id: str, amount: float) -> float:
        """SPEC cost of an assignment (or the arc's cost), rounded to 0.01."""
        arc = self.arcs.get(need_id, {}).get(resource_id)
        if arc is not None and arc.get("cost") is not None:
            return round_cost(arc["cost"])
        need_area, resource_area = self.needs[need_id]["area"], self.resources[resource_id]["area"]
        resource_chain = self.chain(resource_area)
        lca = next(aid for aid in self.chain(need_area) if aid in resource_chain)
        levels_up = self.depth(need_area) - self.depth(lca)
        a, b = self.xy(need_area), self.xy(resource_area)
        km = 0.0 if a is None or b is None else math.dist(a, b)
        per_unit = _or(self.resources[resource_id].get("cost_per_unit"), 0)
        return round_cost(self.escalation_cost * levels_up + self.distance_cost * km
                          + per_unit * amount)

    def slot_candidates(self, need_id: str, k: int, rules=RULES_ALL) -> list[str]:
        """Resources eligible under ``rules`` whose capacity covers the pair's amount."""
        pool = self.by_skill.get(self.requirement(need_id, k)["skill"], []) if 1 in rules \
            else list(self.resources)
        return [rid for rid in pool if self.eligible(need_id, k, rid, rules)
                and self.resources[rid]["capacity"] >= self.pair_amount(need_id, k, rid) - 1e-9]

    def fillable(self, need_id: str, rules=RULES_ALL, requirement: int | None = None) -> bool:
        """Whether the need alone (every resource idle) can have all its slots filled.

        A bipartite max-flow of requirement slots to resources, each resource used for one slot.
        """
        ks = range(len(self.needs[need_id]["requires"])) if requirement is None else [requirement]
        graph, total = nx.DiGraph(), 0
        for k in ks:
            total += self.count(need_id, k)
            graph.add_edge("source", ("q", k), capacity=self.count(need_id, k))
            for rid in self.slot_candidates(need_id, k, rules):
                graph.add_edge(("q", k), ("r", rid), capacity=1)
                graph.add_edge(("r", rid), "sink", capacity=1)
        if total == 0:
            return True
        if "sink" not in graph:
            return False
        return nx.maximum_flow_value(graph, "source", "sink") >= total


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
    status = plan.get("status")
    if status not in STATUSES:
        problems.append(f"plan status {status!r} is not one of {STATUSES}")
    entries = _check_need_entries(index, plan, problems)
    valid = _check_assignments(index, plan, tol, problems)
    covered = {nid for nid, entry in entries.items() if entry.get("covered") is True}
    _check_coverage(index, entries, valid, problems)
    _check_limits(index, valid, tol, problems)
    _check_status_rules(index, plan, covered, problems)
    _check_resource_rows(index, plan, valid, tol, problems)
    _check_area_rows(index, plan, covered, tol, problems)
    _check_objective(index, plan, covered, tol, problems)
    _check_reasons(index, plan, entries, valid, problems)
    if problems:
        raise AssertionError(f"plan violates the SPEC ({len(problems)} problem(s)):\n- "
                             + "\n- ".join(problems))


def _check_need_entries(index: DayIndex, plan: dict, problems: list) -> dict:
    entries, seen = {}, Counter(e.get("id") for e in plan.get("needs") or [])
    for nid, times in seen.items():
        if nid not in index.needs:
            problems.append(f"plan needs: unknown need {nid!r}")
        elif times > 1:
            problems.append(f"need {nid!r} appears {times} times in plan needs")
    for nid in index.needs:
        if nid not in seen:
            problems.append(f"need {nid!r} is missing from plan needs")
    for entry in plan.get("needs") or []:
        nid = entry.get("id")
        if nid not in index.needs or nid in entries:
            continue
        entries[nid] = entry
        _check_one_entry(index, nid, entry, problems)
    return entries


def _check_one_entry(index: DayIndex, nid: str, entry: dict, problems: list) -> None:
    covered = entry.get("covered")
    if not isinstance(covered, bool):
        problems.append(f"need {nid!r}: covered must be true or false, got {covered!r}")
    kind = index.needs[nid].get("kind")
    expected = "unmet" if not covered else ("clarified_today" if kind == "complex"
                                            else "cleared_today")
    if entry.get("outcome") != expected:
        problems.append(f"need {nid!r}: outcome {entry.get('outcome')!r}, expected {expected!r}")
    reason = entry.get("reason")
    if covered and reason is not None:
        problems.append(f"need {nid!r} is covered but has a reason {reason!r}")
    if not covered and not (isinstance(reason, dict) and reason.get("code")):
        problems.append(f"need {nid!r} is unmet without a reason dict with a code")


def _check_assignments(index: DayIndex, plan: dict, tol: float, problems: list) -> list:
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
        if not _close(a.get("amount"), amount, tol):
            problems.append(f"{where}: amount {a.get('amount')!r}, expected {amount}")
        cost = index.cost(nid, rid, amount)
        if not _close(a.get("cost"), cost, tol):
            problems.append(f"{where}: cost {a.get('cost')!r}, expected {cost}")
    return valid


def _close(value, expected, tol) -> bool:
    return isinstance(value, (int, float)) and abs(value - expected) <= tol


def _check_coverage(index: DayIndex, entries: dict, valid: list, problems: list) -> None:
    slots: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for a in valid:
        slots[a["need"]][a["requirement"]].append(a["resource"])
    for nid, entry in entries.items():
        filled = slots.get(nid, {})
        everyone = [rid for rids in filled.values() for rid in rids]
        for rid, times in Counter(everyone).items():
            if times > 1:
                problems.append(f"need {nid!r}: resource {rid!r} fills {times} slots")
        if entry.get("covered") is True:
            for k in range(len(index.needs[nid]["requires"])):
                have, want = len(set(filled.get(k, []))), index.count(nid, k)
                if have != want or len(filled.get(k, [])) != want:
                    problems.append(f"need {nid!r} marked covered but requirement {k} has "
                                    f"{len(filled.get(k, []))} resources ({have} distinct), "
                                    f"count is {want} (partial coverage)")
        elif everyone:
            problems.append(f"need {nid!r} is not covered but has {len(everyone)} "
                            f"assignment(s) (all or nothing)")


def _usage(index: DayIndex, valid: list) -> dict:
    """Summed amounts and distinct users per resource, unit and outbound area."""
    use = {"amount": defaultdict(float), "needs": defaultdict(set), "unit_amount":
           defaultdict(float), "members": defaultdict(set), "outbound": defaultdict(float)}
    for a in valid:
        nid, rid, amount = a["need"], a["resource"], a.get("amount") or 0
        use["amount"][rid] += amount
        use["needs"][rid].add(nid)
        uid = index.resources[rid].get("unit")
        if uid is not None:
            use["unit_amount"][uid] += amount
            use["members"][uid].add(rid)
        for aid in index.outbound_areas(rid, nid):
            use["outbound"][aid] += amount
    return use


def _check_limits(index: DayIndex, valid: list, tol: float, problems: list) -> None:
    use = _usage(index, valid)
    for rid, resource in index.resources.items():
        if use["amount"][rid] > resource["capacity"] + tol:
            problems.append(f"resource {rid!r} capacity: uses {use['amount'][rid]} "
                            f"> capacity {resource['capacity']}")
        if resource.get("max_tasks") is not None and \
                len(use["needs"][rid]) > resource["max_tasks"]:
            problems.append(f"resource {rid!r} max_tasks: serves {len(use['needs'][rid])} "
                            f"needs > max_tasks {resource['max_tasks']}")
    for uid, unit in index.units.items():
        if unit.get("daily_cap") is not None and use["unit_amount"][uid] > unit["daily_cap"] + tol:
            problems.append(f"unit {uid!r} daily_cap: gives {use['unit_amount'][uid]} "
                            f"> daily_cap {unit['daily_cap']}")
        if unit.get("max_members") is not None and \
                len(use["members"][uid]) > unit["max_members"]:
            problems.append(f"unit {uid!r} max_members: uses {sorted(use['members'][uid])} "
                            f"> max_members {unit['max_members']}")
    for aid, area in index.areas.items():
        if area.get("max_outbound") is not None and \
                use["outbound"][aid] > area["max_outbound"] + tol:
            problems.append(f"area {aid!r} max_outbound: gives {use['outbound'][aid]} outside "
                            f"> max_outbound {area['max_outbound']}")


def _check_status_rules(index: DayIndex, plan: dict, covered: set, problems: list) -> None:
    status, assignments = plan.get("status"), plan.get("assignments") or []
    if status in ("infeasible", "unknown"):
        if assignments:
            problems.append(f"status {status!r} but the plan has {len(assignments)} assignments")
        return
    for nid, need in index.needs.items():
        if need.get("required") and nid not in covered:
            problems.append(f"required need {nid!r} is not covered (status {status!r})")


def _rows_by_id(rows, what: str, known, problems: list) -> dict:
    seen = Counter(row.get("id") for row in rows or [])
    for rid, times in seen.items():
        if rid not in known:
            problems.append(f"plan {what}: unknown id {rid!r}")
        elif times > 1:
            problems.append(f"plan {what}: {rid!r} appears {times} times")
    for rid in known:
        if rid not in seen:
            problems.append(f"plan {what}: {rid!r} is missing")
    return {row.get("id"): row for row in rows or [] if row.get("id") in known}


def _check_resource_rows(index: DayIndex, plan: dict, valid: list, tol: float,
                         problems: list) -> None:
    use = _usage(index, valid)
    rows = _rows_by_id(plan.get("resources"), "resources", index.resources, problems)
    for rid, row in rows.items():
        expected = {"used": use["amount"][rid], "tasks": len(use["needs"][rid]),
                    "capacity": index.resources[rid]["capacity"]}
        for field, value in expected.items():
            if not _close(row.get(field), value, tol):
                problems.append(f"plan resources {rid!r}: {field} {row.get(field)!r}, "
                                f"expected {value}")


def _check_area_rows(index: DayIndex, plan: dict, covered: set, tol: float,
                     problems: list) -> None:
    totals = {aid: {"needs": 0, "covered": 0, "weight": 0.0, "covered_weight": 0.0}
              for aid in index.areas}
    for nid, need in index.needs.items():
        for aid in index.chain(need["area"]):
            totals[aid]["needs"] += 1
            totals[aid]["weight"] += index.weight(nid)
            if nid in covered:
                totals[aid]["covered"] += 1
                totals[aid]["covered_weight"] += index.weight(nid)
    rows = _rows_by_id(plan.get("areas"), "areas", index.areas, problems)
    for aid, row in rows.items():
        for field, value in totals[aid].items():
            if not _close(row.get(field), value, tol):
                problems.append(f"plan areas {aid!r}: {field} {row.get(field)!r}, "
                                f"expected {value}")


def _check_objective(index: DayIndex, plan: dict, covered: set, tol: float,
                     problems: list) -> None:
    status, objective = plan.get("status"), plan.get("objective") or {}
    coverage = objective.get("coverage")
    if coverage is None:
        if status in ("optimal", "feasible"):
            problems.append(f"status {status!r} but objective has no coverage tier")
        return
    value = sum(index.weight(nid) for nid in covered)
    if not _close(coverage.get("value"), value, tol):
        problems.append(f"objective coverage value {coverage.get('value')!r}, expected {value}")
    cost = objective.get("cost")
    if cost is not None:
        spent = sum(a.get("cost") or 0 for a in plan.get("assignments") or [])
        if not _close(cost.get("value"), spent, tol):
            problems.append(f"objective cost value {cost.get('value')!r}, expected {spent}")
    _check_bound(status, coverage, tol, problems)


def _check_bound(status, coverage: dict, tol: float, problems: list) -> None:
    value, bound, gap = coverage.get("value"), coverage.get("bound"), coverage.get("gap")
    if status in ("optimal", "feasible") and (bound is None or gap is None):
        problems.append(f"status {status!r} but coverage bound or gap is missing")
        return
    if bound is not None and isinstance(value, (int, float)) and bound < value - tol:
        problems.append(f"objective coverage bound {bound} < value {value}")
    if gap is not None and gap < -tol:
        problems.append(f"objective coverage gap {gap} < 0")
    if status == "optimal" and not (_close(bound, value, tol) and _close(gap, 0, tol)):
        problems.append(f"status optimal but coverage bound {bound} / gap {gap} "
                        f"do not match value {value}")


def _check_reasons(index: DayIndex, plan: dict, entries: dict, valid: list,
                   problems: list) -> None:
    for nid, entry in entries.items():
        reason = entry.get("reason")
        if entry.get("covered") is True or not isinstance(reason, dict):
            continue
        message = _reason_problem(index, plan, entries, valid, nid, reason)
        if message:
            problems.append(f"need {nid!r} reason {reason.get('code')!r}: {message}")


def _reason_problem(index, plan, entries, valid, nid, reason) -> str | None:
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
        return _limit_problem(index, reason.get("limit"))
    elif code == "capacity_taken":
        return _capacity_taken_problem(index, entries, valid, nid, reason)
    elif code == "unproven":
        if plan.get("status") == "optimal":
            return "status is optimal, nothing can be unproven"
    elif code == "infeasible":
        if plan.get("status") != "infeasible":
            return f"plan status is {plan.get('status')!r}, not infeasible"
    else:
        return "unknown reason code"
    return None


def _limit_problem(index: DayIndex, limit) -> str | None:
    if not isinstance(limit, dict) or limit.get("kind") not in LIMIT_OWNERS:
        return f"limit must name a kind in {sorted(LIMIT_OWNERS)}, got {limit!r}"
    kind, owner_id = limit["kind"], limit.get("id")
    owners = index.units if LIMIT_OWNERS[kind] == "unit" else index.areas
    owner = owners.get(owner_id)
    if owner is None or owner.get(kind) is None:
        return f"{LIMIT_OWNERS[kind]} {owner_id!r} does not exist or has no {kind}"
    if not _close(limit.get("value"), owner[kind], 1e-9):
        return f"limit value {limit.get('value')!r} but {owner_id!r} {kind} is {owner[kind]}"
    if not isinstance(limit.get("used"), (int, float)):
        return f"limit used must be a number, got {limit.get('used')!r}"
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
    requires = range(len(index.needs[nid]["requires"]))
    for rid in resources:
        if rid not in index.resources:
            return f"named resource {rid!r} does not exist"
        if not any(rid in index.slot_candidates(nid, k) for k in requires):
            return f"named resource {rid!r} is not eligible for any requirement"
        if not any(a["resource"] == rid and a["need"] in takers for a in valid):
            return f"named resource {rid!r} is not used by any named need"
    return None
