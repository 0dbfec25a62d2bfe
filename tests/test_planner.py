"""The re-planning ``Planner``: events, replans, candidates, journal; every plan through the checker."""

from __future__ import annotations

import copy
import json
import random
import threading
import warnings

import pytest
from brute_replan import brute_force_replan
from checker import check_plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import days

from matching import Planner, generate_day, solve
from matching.replan.diff import between
from matching.replan.journal import read_journal
from models import InvalidProblem, Problem


def _problem(day: dict) -> Problem:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Problem.from_data(day)


def _day_of(planner: Planner) -> dict:
    return json.loads(planner.problem.to_json())


def _checked(planner: Planner, plan) -> None:
    check_plan(_day_of(planner), plan.model_dump(mode="json"))


def _keys(plan) -> set[tuple[str, int, str]]:
    return {(a.need, a.requirement, a.resource) for a in plan.assignments}


@st.composite
def _event(draw, day: dict):
    """One event on a tiny day: a new need like an existing one, a resource's capacity cut, or a need cancelled."""
    kind = draw(st.sampled_from(["add_need", "cut", "cancel"]))
    if kind == "add_need":
        model = copy.deepcopy(draw(st.sampled_from(day["needs"])))
        model["id"] = "n-new"
        model["weight"] = draw(st.sampled_from([1, 2, 5]))
        return kind, model
    if kind == "cut":
        resource = draw(st.sampled_from(day["resources"]))
        return kind, (resource["id"], max(0.5, round(resource["capacity"] / 2, 2)))
    return kind, draw(st.sampled_from(day["needs"]))["id"]


def _apply(planner: Planner, event) -> None:
    kind, data = event
    if kind == "add_need":
        planner.add_need(data)
    elif kind == "cut":
        planner.update_resource(data[0], capacity=data[1])
    else:
        planner.cancel_need(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), day=days(max_needs=4, max_resources=4))
def test_a_replan_matches_the_brute_force_optimum_of_coverage_stability_and_cost(data, day):
    problem = _problem(day)
    morning = solve(problem)
    if morning.status != "optimal":
        return
    event = data.draw(_event(day))
    before = {key for key in _keys(morning) if event != ("cancel", key[0])}  # a cancelled need's go with it
    for full in (False, True):
        planner = Planner(problem, morning)
        _apply(planner, event)
        best = brute_force_replan(_day_of(planner), before)
        plan, diff = planner.replan(full=full)
        _checked(planner, plan)
        if diff.released:  # required needs nothing can cover any more: judged on the day without their flag
            assert best is None
            best = brute_force_replan(_day_of(planner), before)
        if best is None:
            assert plan.status == "infeasible"
            return
        coverage = plan.objective["coverage"]
        assert coverage.value <= best["coverage"] + 1e-9 <= coverage.bound + 1e-9  # a true bound, always
        if full:
            assert plan.status == "optimal"
            assert coverage.value == pytest.approx(best["coverage"])
            assert plan.objective["stability"].value == best["stability"]
            assert plan.objective["cost"].value == pytest.approx(best["cost"])


def _events_on(day: dict, seed: int, count: int):
    """A random day of events on a generated day: needs in, needs out, resources changing, work dispatched."""
    draw = random.Random(seed)
    areas = [a["id"] for a in day["areas"] if a["level"] in ("grid", "micro")]
    skills = sorted({s for r in day["resources"] for s in r["skills"]})
    for step in range(count):
        kind = draw.choice(["add_need"] * 5 + ["cancel_need", "cut", "out", "add_resource", "dispatch"])
        if kind == "add_need":
            yield kind, {"id": f"new-{step}", "area": draw.choice(areas), "weight": draw.choice([1, 2, 3]),
                         "requires": [{"skill": draw.choice(skills), "amount": draw.choice([0.5, 1, 2])}]}
        elif kind == "add_resource":
            yield kind, {"id": f"extra-{step}", "area": draw.choice(areas), "skills": draw.sample(skills, 2),
                         "capacity": 3, "reach": "community"}
        else:
            yield kind, draw.random()


def _feed(planner: Planner, kind: str, data) -> bool:
    """Apply one scripted event; False when it does not apply to the day as it is."""
    problem, plan = planner.problem, planner.plan
    if kind == "add_need":
        planner.add_need(data)
    elif kind == "add_resource":
        planner.add_resource(data)
    elif kind == "cancel_need":
        open_needs = [n.id for n in problem.needs if not any(key[0] == n.id for key in planner.dispatched)]
        planner.cancel_need(open_needs[int(data * len(open_needs))])
    elif kind in ("cut", "out"):
        busy = sorted({a.resource for a in plan.assignments} - {key[2] for key in planner.dispatched})
        if not busy:
            return False
        resource = busy[int(data * len(busy))]
        if kind == "out":
            planner.update_resource(resource, available=[])
        else:
            record = problem.resources[problem.resource_index[resource]]
            planner.update_resource(resource, capacity=max(0.5, round(record.capacity / 2, 2)))
    else:
        open_ = [a for a in plan.assignments if (a.need, a.requirement, a.resource) not in planner.dispatched]
        if not open_:
            return False
        chosen = open_[int(data * len(open_))]
        planner.dispatch(chosen.need, chosen.requirement, chosen.resource)
    return True


@pytest.mark.parametrize("seed", [1, 2])
def test_every_plan_of_a_day_of_events_is_checked_and_bounded(seed):
    day = generate_day("demo", seed)
    planner = Planner(_problem(day))
    for number, (kind, data) in enumerate(_events_on(day, seed, 24)):
        if not _feed(planner, kind, data):
            continue
        if number % 3 == 2:
            planner.advance(f"{9 + number // 3:02d}:00")
        plan, diff = planner.replan()
        _checked(planner, plan)
        truth = solve(planner.problem)  # the best coverage of the day as it is now
        coverage = plan.objective["coverage"]
        assert coverage.value <= truth.objective["coverage"].value + 1e-9 <= coverage.bound + 1e-9
        assert {key for key in planner.dispatched} <= _keys(plan)  # dispatched work stays
        assert diff.changed == plan.objective["stability"].value


@pytest.mark.parametrize("seed", [2, 5])
def test_each_diff_is_the_diff_of_the_whole_plans(seed):
    """A replan's diff looks at the needs it re-solved only: it is the diff of the two whole plans."""
    day = generate_day("demo", seed)
    planner = Planner(_problem(day))
    for number, (kind, data) in enumerate(_events_on(day, seed, 30)):
        before = planner.plan
        if not _feed(planner, kind, data):
            continue
        if number % 5 == 4:
            planner.advance(f"{9 + number // 5:02d}:00")
        plan, diff = planner.replan()
        assert diff == between(before, plan, diff.cancelled, diff.released), (number, kind)


def test_a_need_that_competes_with_nothing_moves_nothing():
    planner = Planner(_problem(generate_day("demo", 3)))
    before = planner.plan
    area = next(a for a in planner.problem.areas if a.level == "micro").id
    planner.add_resource({"id": "v-new", "area": area, "skills": ["knitting"], "capacity": 2})
    planner.add_need({"id": "n-knit", "area": area, "requires": [{"skill": "knitting"}]})
    plan, diff = planner.replan()
    _checked(planner, plan)
    assert diff.covered == ("n-knit",) and diff.changed == 0 and not diff.dropped
    assert _keys(before) <= _keys(plan)


def test_bad_events_are_refused_whole_and_change_nothing(tmp_path):
    journal = tmp_path / "day.journal"
    planner = Planner(_problem(generate_day("demo", 1)), journal=journal)
    problem, plan = planner.problem, planner.plan
    resource = problem.resources[0].id
    cases = [
        (lambda: planner.add_need({"id": "x", "area": "nowhere", "requires": [{"skill": "repair"}]}), "need.area"),
        (lambda: planner.add_need({"id": problem.needs[0].id, "area": problem.needs[0].area,
                                   "requires": [{"skill": "repair"}]}), "need.id"),
        (lambda: planner.add_need({"id": "y", "area": problem.needs[0].area, "requires": []}), "need.requires"),
        (lambda: planner.cancel_need("no-such-need"), "need"),
        (lambda: planner.update_resource(resource, capacity=-2), "changes.capacity"),
        (lambda: planner.update_resource("no-such-resource", capacity=2), "resource"),
        (lambda: planner.update_unit("no-such-unit", daily_cap=2), "unit"),
        (lambda: planner.add_resource({"id": "z", "area": "nowhere", "skills": ["x"], "capacity": 1}),
         "resource.area"),
        (lambda: planner.dispatch(problem.needs[0].id, 0, "no-such-resource"), "dispatch"),
        (lambda: planner.advance("25:00"), "now"),
    ]
    for call, path in cases:
        with pytest.raises(InvalidProblem, match=path.replace(".", r"\.")):
            call()
        assert planner.problem is problem and planner.plan is plan
    assert read_journal(journal) == ([], None)  # nothing refused reached the journal
    planner.advance("12:00")
    with pytest.raises(InvalidProblem, match="time does not go back"):
        planner.advance("11:00")


def test_dispatched_work_stays_when_its_resource_goes_out_and_is_spent_when_its_need_is_cancelled():
    planner = Planner(_problem(generate_day("demo", 2)))
    first = planner.plan.assignments[0]
    planner.dispatch(first.need, first.requirement, first.resource)
    planner.update_resource(first.resource, available=[])
    plan, _ = planner.replan()
    _checked(planner, plan)
    assert (first.need, first.requirement, first.resource) in _keys(plan)
    with pytest.raises(InvalidProblem, match="already dispatched"):
        planner.update_resource(first.resource, capacity=round(first.amount / 2, 2))
    capacity = planner.problem.resources[planner.problem.resource_index[first.resource]].capacity
    planner.cancel_need(first.need)
    left = planner.problem.resources[planner.problem.resource_index[first.resource]]
    assert left.capacity == pytest.approx(capacity - first.amount) or left.available == ()
    plan, diff = planner.replan()
    _checked(planner, plan)
    assert first.need in diff.cancelled and first.need not in {n.id for n in plan.needs}


def test_candidates_price_each_resource_as_a_forced_re_solve_would():
    day = generate_day("demo", 4)
    planner = Planner(_problem(day))
    covered = planner.plan.objective["coverage"].value
    need = {"id": "n-walk-in", "area": day["needs"][0]["area"], "weight": 1,
            "requires": [dict(day["needs"][0]["requires"][0], count=1)]}
    found = planner.candidates(need, top=50)
    assert planner.problem.need_index.get("n-walk-in") is None  # asking changes nothing
    assert found and all(c.requirement == 0 for c in found)
    for candidate in found[:4]:
        forced = copy.deepcopy(day)
        forced["needs"].append({**need, "required": True})
        forced["arcs"] = [*forced.get("arcs", []), {"need": "n-walk-in", "resource": candidate.resource}]
        best = solve(_problem(forced))
        if not candidate.feasible:
            assert best.status == "infeasible"
            continue
        check_plan(forced, best.model_dump(mode="json"))
        lost = covered - (best.objective["coverage"].value - 1)
        assert candidate.weight_lost == pytest.approx(lost)
    ranks = [(not c.feasible, c.weight_lost, c.moved, c.cost) for c in found]
    assert ranks == sorted(ranks)


def test_calls_from_many_threads_are_serialised():
    day = generate_day("demo", 5)
    planner = Planner(_problem(day))
    area = day["needs"][0]["area"]
    skill = day["needs"][0]["requires"][0]["skill"]

    def caller(worker: int) -> None:
        for i in range(4):
            planner.add_need({"id": f"t{worker}-{i}", "area": area, "requires": [{"skill": skill}]})
            planner.replan()

    threads = [threading.Thread(target=caller, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    plan, _ = planner.replan()
    _checked(planner, plan)
    assert {f"t{w}-{i}" for w in range(4) for i in range(4)} <= {n.id for n in plan.needs}


def test_a_planner_rebuilt_from_its_journal_has_the_same_plan(tmp_path):
    day = generate_day("demo", 6)
    journal = tmp_path / "events.jsonl"
    planner = Planner(_problem(day), journal=journal)
    for kind, data in _events_on(day, 6, 10):
        if _feed(planner, kind, data):
            planner.replan()
    rebuilt, note = Planner.recover(_problem(day), journal)
    assert note is None
    assert rebuilt.plan.model_dump(exclude={"stats"}) == planner.plan.model_dump(exclude={"stats"})
    with open(journal, "a", encoding="utf-8") as stream:
        stream.write('{"event": "add_need", "data": {"need": {"id": "half')  # a crash mid-write
    again, note = Planner.recover(_problem(day), journal)
    assert note is not None and "cut short" in note
    assert again.plan.model_dump(exclude={"stats"}) == planner.plan.model_dump(exclude={"stats"})


def test_a_required_need_the_day_can_no_longer_cover_is_released_and_dispatched_work_stays(tmp_path):
    day = generate_day("demo", 1)
    required = [n["id"] for n in day["needs"] if n.get("required")]
    assert required  # the generated day has required needs
    journal = tmp_path / "day.journal"
    planner = Planner(_problem(day), seed=1, journal=journal)
    free = next(a for a in planner.plan.assignments if a.need not in required)
    planner.dispatch(free.need, free.requirement, free.resource)
    planner.replan()
    released = []
    for now in ("12:00", "16:00", "16:30", "20:00"):
        planner.advance(now)
        plan, diff = planner.replan()
        released += diff.released
        assert plan.status in ("optimal", "feasible")
        assert (free.need, free.requirement, free.resource) in _keys(plan)  # dispatched work never moves
        _checked(planner, plan)
        assert not any(n.required and not o.covered for n, o in zip(planner.problem.needs, plan.needs))
    assert released and set(released) <= set(required)
    assert all(not planner.problem.needs[planner.problem.need_index[n]].required for n in released)
    rebuilt, _ = Planner.recover(_problem(day), journal, seed=1)
    assert rebuilt.plan.model_dump(exclude={"stats"}) == planner.plan.model_dump(exclude={"stats"})


def test_the_reasons_a_replan_keeps_are_the_reasons_judged_afresh_on_a_day_of_teams():
    """A replan judges again only the reasons an event may have changed: on a day of teams (whose reasons
    name the needs holding what they lack), every unmet need's reason equals the one judged from nothing for
    the same assignments, and every plan passes the checker."""
    from benchmarks.day_of_events import (
        day_of_events,
        prepare_event,
        sample_events,
        split_day,
    )
    from benchmarks.families import family_day
    from matching.network.pairs import build_network
    from matching.outcome.reasons import unmet_reasons
    from matching.replan.tracked import pairs_of_keys
    from matching.replan.whole import covered_needs
    from matching.search.tiers import Solution

    morning, arriving, volunteers = split_day(family_day("teams-60", 80, 3), 3)
    stream = sample_events(day_of_events(morning, arriving, volunteers, 3), 60, 3)
    planner = Planner(_problem(morning), seed=3)
    judged = 0
    for event in stream:
        prepared = prepare_event(planner, event)
        if prepared is None:
            continue
        try:
            prepared[1]()
        except InvalidProblem:
            continue
        plan, _ = planner.replan()
        _checked(planner, plan)
        network = build_network(planner.problem)
        held: dict[str, set] = {}
        for a in plan.assignments:
            held.setdefault(a.need, set()).add((a.need, a.requirement, a.resource))
        chosen, lost = pairs_of_keys(network, held)
        assert not lost
        afresh = unmet_reasons(network, Solution("feasible", [], chosen, covered_needs(network, chosen)))
        kept = {n.id: n.reason for n in plan.needs if not n.covered}
        for index, reason in afresh.items():
            mine = kept[network.problem.needs[index].id]
            assert (mine.code, mine.needs, mine.resources, mine.limit) == \
                (reason.code, reason.needs, reason.resources, reason.limit), (event, network.problem.needs[index].id)
            judged += 1
    assert judged > 50
