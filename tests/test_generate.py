"""The synthetic-day generator: valid, deterministic, sized and mixed as documented."""

from __future__ import annotations

import json
import warnings
from collections import Counter

import pytest

from matching.synthetic.day_counts import summary
from matching.synthetic.generate import MIX, SPECS, TIERS, generate_day
from models import Problem


@pytest.fixture(scope="module")
def city() -> dict:
    return generate_day("city", seed=1)


def _validate(day: dict) -> Problem:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a need whose skill nobody has would warn
        return Problem.from_data(day)


def test_demo_days_validate() -> None:
    for seed in range(5):
        problem = _validate(generate_day("demo", seed))
        assert len(problem.needs) == 40 and len(problem.resources) == 40 and len(problem.units) == 4


def test_demo_is_one_street_of_heshan() -> None:
    day = generate_day("demo", 0)
    by_level = {level: [a for a in day["areas"] if a["level"] == level] for level in ("city", "street", "community")}
    assert [a["name"] for a in by_level["city"]] == ["鹤山市"]
    assert [a["name"] for a in by_level["street"]] == ["沙坪街道"]
    assert "桂林社区" in {a["name"] for a in by_level["community"]}


def test_city_day_validates(city: dict) -> None:
    problem = _validate(city)
    assert len(problem.needs) == 2000


def test_same_seed_same_day_other_seed_other_day(city: dict) -> None:
    assert generate_day("demo", 3) == generate_day("demo", 3)
    assert generate_day("demo", 3) != generate_day("demo", 4)
    assert generate_day("city", 1) == city
    assert generate_day("city", 2) != city


def test_unknown_tier_names_the_tiers() -> None:
    with pytest.raises(ValueError) as error:
        generate_day("village")
    assert "village" in str(error.value)
    assert all(tier in str(error.value) for tier in TIERS)


def test_day_is_json_and_exact_to_hundredths(city: dict) -> None:
    assert json.loads(json.dumps(city, ensure_ascii=False)) == city
    numbers = [r["capacity"] for r in city["resources"]] + [r.get("cost_per_unit", 0) for r in city["resources"]]
    numbers += [q["amount"] for n in city["needs"] for q in n["requires"]] + [n["weight"] for n in city["needs"]]
    numbers += [u["daily_cap"] for u in city["units"] if "daily_cap" in u]
    assert all(abs(x * 100 - round(x * 100)) < 1e-9 for x in numbers)


def test_city_counts_within_ten_percent(city: dict) -> None:
    spec = SPECS["city"]
    levels = Counter(a["level"] for a in city["areas"])
    targets = {"street": spec.streets, "community": spec.communities, "grid": spec.grids, "micro": spec.micros}
    for level, target in targets.items():
        assert abs(levels[level] - target) <= 0.1 * target, (level, levels[level])
    assert abs(len(city["needs"]) - 2000) <= 200
    assert abs(len(city["resources"]) - 3000) <= 300
    assert levels["city"] == 1


def test_city_resource_mix_matches_documented_shares(city: dict) -> None:
    mix = summary(city)["mix"]
    assert set(mix) == set(MIX)
    for kind, share in MIX.items():
        assert abs(mix[kind] - share) <= 0.02, (kind, mix[kind], share)


def test_need_mix(city: dict) -> None:
    facts = summary(city)
    assert 0.12 <= facts["complex_share"] <= 0.18
    assert 0.20 <= facts["windowed_share"] <= 0.30
    assert 5 <= facts["required"] <= 30
    for need in city["needs"]:
        if need["kind"] == "complex":
            assert need["requires"][0]["skill"].startswith("lead:")
            assert need["requires"][1] == {"skill": "liaison", "amount": 0.5}


def test_required_needs_are_backed_by_their_own_staff(city: dict) -> None:
    parent = {a["id"]: a["parent"] for a in city["areas"]}
    level = {a["id"]: a["level"] for a in city["areas"]}

    def community(area: str) -> str:
        while level[area] != "community":
            area = parent[area]
        return area

    staff = [r for r in city["resources"] if r["kind"] == "staff" and r["reach"] == "community"]
    backers: set[str] = set()
    for need in (n for n in city["needs"] if n.get("required")):
        (requirement,) = need["requires"]
        candidates = [r["id"] for r in staff if r["area"] == community(need["area"])
                      and requirement["skill"] in r["skills"] and r["id"] not in backers]
        assert candidates and "window" not in need and requirement["amount"] <= 3.5
        backers.add(candidates[0])


def test_city_level_departments_and_cross_street_units(city: dict) -> None:
    departments = [r for r in city["resources"] if r["kind"] == "department"]
    assert departments and all(r["area"] == "hs" and r["reach"] == "city" for r in departments)
    skills = {skill for r in departments for skill in r["skills"]}
    assert {"repair", "inspection"} <= skills
    assert len({s for s in skills if s.startswith("lead:")}) == 6
    assert all(0.2 <= r["cost_per_unit"] <= 1.0 for r in departments)
    facts = summary(city)
    assert facts["units_cross_street"] >= 5
    assert any("daily_cap" in u for u in city["units"]) and any("max_members" in u for u in city["units"])
    members = [r for r in city["resources"] if r["kind"] == "party_member"]
    assert members and all(r["reach"] == "community" and r.get("unit") for r in members)
    assert any(a.get("max_outbound") for a in city["areas"])
    assert any(r.get("extra_areas") for r in city["resources"])


def test_summary_counts_demand_and_supply() -> None:
    facts = summary(generate_day("demo", 2))
    assert facts["areas"] == {"city": 1, "street": 1, "community": 4, "grid": 12, "micro": 36}
    assert facts["needs"] == 40 and facts["resources"] == 40 and facts["departments"] >= 3
    assert all(row["supply"] > 0 for skill, row in facts["skills"].items() if row["demand"] > 0)
