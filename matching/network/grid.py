"""The grid tree (street > community > grid > micro-grid) with the queries eligibility needs.

Areas are numbered in day order. The tree is a ``networkx.DiGraph`` (parent →
child); a preorder numbering makes "is ``b`` in the subtree of ``a``" an
interval test, and depths and inherited coordinates are arrays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx

from models import Problem

__all__ = ["Grid", "build_grid"]


@dataclass(frozen=True)
class Grid:
    """The area tree of a day, indexed by area position in ``problem.areas``."""

    ids: tuple[str, ...]
    index: dict[str, int]
    parent: tuple[int, ...]
    level: tuple[int, ...]
    depth: tuple[int, ...]
    xy: tuple[tuple[float, float] | None, ...]
    tin: tuple[int, ...]
    tout: tuple[int, ...]
    tree: nx.DiGraph = field(repr=False, compare=False)

    def contains(self, root: int, area: int) -> bool:
        """Whether ``area`` lies in the subtree of ``root`` (inclusive)."""
        return self.tin[root] <= self.tin[area] < self.tout[root]

    def ancestors(self, area: int) -> list[int]:
        """``area`` and its ancestors, from the area up to the root."""
        chain = []
        while area >= 0:
            chain.append(area)
            area = self.parent[area]
        return chain

    def reach_root(self, area: int, reach: int | None) -> int:
        """The area whose subtree a resource based at ``area`` with ``reach`` may serve.

        ``reach`` is a level index. The root is the ancestor at that level; the area
        itself when it is at or above that level; the highest ancestor not above it
        when the tree skips that level.
        """
        if reach is None:
            return area
        root = area
        for ancestor in self.ancestors(area):
            if self.level[ancestor] < reach:
                break
            root = ancestor
        return root

    def lca(self, first: int, second: int) -> int:
        """Lowest common ancestor of two areas."""
        while self.depth[first] > self.depth[second]:
            first = self.parent[first]
        while self.depth[second] > self.depth[first]:
            second = self.parent[second]
        while first != second:
            first, second = self.parent[first], self.parent[second]
        return first

    def distance_km(self, first: int, second: int) -> float:
        """Planar distance between two areas' coordinates (0 when either is unknown)."""
        a, b = self.xy[first], self.xy[second]
        if a is None or b is None:
            return 0.0
        return math.hypot(a[0] - b[0], a[1] - b[1])


def build_grid(problem: Problem) -> Grid:
    """Number the areas and compute depths, preorder intervals and inherited coordinates."""
    ids = tuple(area.id for area in problem.areas)
    index = {area_id: position for position, area_id in enumerate(ids)}
    level_of = {name: position for position, name in enumerate(problem.levels)}
    parent = tuple(-1 if area.parent is None else index[area.parent] for area in problem.areas)
    tree = nx.DiGraph()
    tree.add_nodes_from(range(len(ids)))
    tree.add_edges_from((parent[child], child) for child in range(len(ids)) if parent[child] >= 0)
    root = parent.index(-1)
    order = list(nx.dfs_preorder_nodes(tree, root))
    tin = [0] * len(ids)
    for position, area in enumerate(order):
        tin[area] = position
    size = [1] * len(ids)
    for area in reversed(order):
        if parent[area] >= 0:
            size[parent[area]] += size[area]
    depth = [0] * len(ids)
    xy: list[tuple[float, float] | None] = [None] * len(ids)
    for area in order:
        own = problem.areas[area].xy
        up = parent[area]
        depth[area] = 0 if up < 0 else depth[up] + 1
        xy[area] = tuple(own) if own is not None else (None if up < 0 else xy[up])
    return Grid(
        ids=ids,
        index=index,
        parent=parent,
        level=tuple(level_of[area.level] for area in problem.areas),
        depth=tuple(depth),
        xy=tuple(xy),
        tin=tuple(tin),
        tout=tuple(tin[area] + size[area] for area in range(len(ids))),
        tree=tree,
    )

