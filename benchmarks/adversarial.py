"""Days built to stress what grows with the day's shape rather than its size: a deep tree, and many needs
competing for one resource. Each is a plain day dict; ``ADVERSARIAL`` names them for ``python -m benchmarks
limits``.

- ``shared``: 10,000 needs in one micro-grid, all served by one resource (capacity for about a third of
  them): thousands of unmet needs whose capacity went to the same covered needs.
- ``deep``: a tree 10,000 levels deep (one area per level) with 2 needs and 2 resources.
- ``deep-wide``: a chain 2,000 levels deep with a leaf on every level holding a need, resources on every
  other leaf, outbound limits on every tenth: pairs, limits and reasons along a long path (the pairs grow
  with the needs, not with the depth).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["ADVERSARIAL", "shared_day", "deep_day", "deep_wide_day"]


def shared_day(needs: int = 10_000) -> dict[str, Any]:
    """``needs`` needs in one micro-grid sharing one resource with hours for about a third of them."""
    areas = [{"id": "c", "name": "city", "level": "city"}, {"id": "s", "name": "street", "level": "street", "parent": "c"},
             {"id": "m", "name": "micro-grid", "level": "micro", "parent": "s"}]
    resources = [{"id": "r", "name": "the one helper", "area": "m", "skills": ["repair"], "capacity": needs // 2}]
    return {"areas": areas, "resources": resources,
            "needs": [{"id": f"n{i}", "title": f"need {i}", "area": "m", "weight": 1 + i % 4,
                       "requires": [{"skill": "repair", "amount": 1 + (i % 3) * 0.5}]} for i in range(needs)]}


def deep_day(depth: int = 10_000) -> dict[str, Any]:
    """A chain of ``depth`` areas, one level each, with a need at the bottom and one half way, and two resources."""
    return {
        "levels": [f"l{i}" for i in range(depth)],
        "areas": [{"id": "a0", "level": "l0"}] + [{"id": f"a{i}", "level": f"l{i}", "parent": f"a{i - 1}"}
                                                 for i in range(1, depth)],
        "resources": [{"id": "r-top", "area": "a0", "skills": ["repair"], "capacity": 4, "reach": "l0"},
                      {"id": "r-bottom", "area": f"a{depth - 1}", "skills": ["repair"], "capacity": 4}],
        "needs": [{"id": "n-bottom", "area": f"a{depth - 1}", "requires": [{"skill": "repair"}]},
                  {"id": "n-middle", "area": f"a{depth // 2}", "requires": [{"skill": "repair"}]}],
    }


def deep_wide_day(depth: int = 2_000) -> dict[str, Any]:
    """A chain of ``depth`` areas, each with a leaf holding a need; a resource on every even leaf has hours for
    its own need and the next leaf's, except where its leaf limits outbound help (every tenth); every
    hundredth chain area holds a resource for all below it, with hours for a few."""
    areas = [{"id": "a0", "level": "l0"}] + [{"id": f"a{i}", "level": f"l{i}", "parent": f"a{i - 1}"}
                                             for i in range(1, depth)]
    areas += [{"id": f"b{i}", "level": f"l{i + 1}", "parent": f"a{i}", **({"max_outbound": 0.5} if i % 10 == 0 else {})}
              for i in range(depth)]
    resources = [{"id": f"r{i}", "area": f"b{i}", "skills": ["repair"], "capacity": 2,
                  "extra_areas": [f"b{i + 1}"] if i + 1 < depth else []} for i in range(0, depth, 2)]
    resources += [{"id": f"t{i}", "area": f"a{i}", "skills": ["repair"], "capacity": 3} for i in range(0, depth, 100)]
    return {
        "levels": [f"l{i}" for i in range(depth + 1)],
        "areas": areas,
        "resources": resources,
        "needs": [{"id": f"n{i}", "title": f"need {i}", "area": f"b{i}", "weight": 1 + i % 3,
                   "requires": [{"skill": "repair", "amount": 1}]} for i in range(depth)],
    }


ADVERSARIAL: dict[str, Callable[[], dict[str, Any]]] = {
    "shared": shared_day, "deep": deep_day, "deep-wide": deep_wide_day,
}
"""The adversarial days by name, at the sizes the time-limit table uses."""
