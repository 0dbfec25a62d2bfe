"""Shared fixtures: small days written out in full, and the bundled example."""

from __future__ import annotations

import copy

import pytest


def _base_day() -> dict:
    return {
        "date": "2026-06-18",
        "areas": [
            {"id": "hs", "name": "鹤山市", "level": "city", "parent": None, "xy": [0, 0]},
            {"id": "sp", "name": "沙坪街道", "level": "street", "parent": "hs", "xy": [1, 2]},
            {"id": "gl", "name": "桂林社区", "level": "community", "parent": "sp", "xy": [1.2, 2.4]},
            {"id": "gl-g1", "name": "桂林一网格", "level": "grid", "parent": "gl"},
            {"id": "gl-g1-m1", "name": "公租房小区", "level": "micro", "parent": "gl-g1"},
            {"id": "zs", "name": "中山社区", "level": "community", "parent": "sp", "xy": [0.4, 1.1]},
            {"id": "zs-g1", "name": "中山一网格", "level": "grid", "parent": "zs"},
        ],
        "units": [{"id": "u-hosp", "name": "人民医院", "area": "zs", "daily_cap": 3, "max_members": 2,
                   "partner_areas": ["gl"]}],
        "resources": [
            {"id": "d-housing", "name": "住建局维修队", "kind": "department", "area": "hs",
             "skills": ["repair", "lead:housing"], "capacity": 8, "cost_per_unit": 0.5},
            {"id": "s-li", "name": "社工 李", "kind": "staff", "area": "gl", "skills": ["liaison"],
             "capacity": 7.5, "max_tasks": 4, "available": [["08:30", "12:00"], ["14:00", "17:30"]]},
            {"id": "v-chen", "name": "志愿楼长 陈", "kind": "volunteer", "area": "gl-g1-m1", "reach": "grid",
             "skills": ["repair"], "capacity": 3, "max_tasks": 2},
            {"id": "p-wang", "name": "党员 王", "kind": "party_member", "area": "gl-g1-m1", "reach": "community",
             "unit": "u-hosp", "skills": ["medical"], "capacity": 2, "available": [["18:00", "21:00"]]},
        ],
        "needs": [
            {"id": "n-handrail", "title": "楼道扶手", "area": "gl-g1-m1", "kind": "simple", "weight": 3,
             "requires": [{"skill": "repair", "count": 2, "amount": 2}]},
            {"id": "n-petition", "title": "违建信访", "area": "gl-g1", "kind": "complex", "weight": 4,
             "requires": [{"skill": "lead:housing", "amount": 1}, {"skill": "liaison", "amount": 0.5}]},
            {"id": "n-clinic", "title": "上门体检", "area": "gl-g1-m1", "weight": 2, "window": ["17:00", "21:00"],
             "requires": [{"skill": "medical", "amount": 1.5}]},
        ],
    }


@pytest.fixture
def small_day() -> dict:
    """A small valid day as a dict; each test gets its own copy to change."""
    return copy.deepcopy(_base_day())
