"""The grid tree (street > community > grid > micro-grid) with the queries eligibility needs.

Areas are numbered in day order. The tree is a ``networkx.DiGraph`` (parent →
child); a preorder numbering makes "is ``b`` in the subtree of ``a``" an
interval test, and depths and inherited coordinates are arrays.

A day's tree may be deep (levels are the day's to name), so no query walks it a
level at a time: ``jumps[k, a]`` is ``a``'s ancestor ``2**k`` levels up (the root
its own), and reach roots and lowest common ancestors climb it in ``log2(depth)``
steps, for many areas at once with numpy. Building the tree takes time and memory
linear in the areas (times ``log2(depth)``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

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
    order: tuple[int, ...] = field(default=(), repr=False, compare=False)
    """The areas in preorder: every parent before its children."""
    jumps: np.ndarray = field(default_factory=lambda: np.zeros((1, 0), dtype=np.int64), repr=False, compare=False)
    """``jumps[k, a]``: the ancestor ``2**k`` levels above ``a`` (the root for any climb past it)."""
    level_array: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False, compare=False)
    depth_array: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False, compare=False)

    def contains(self, root: int, area: int) -> bool:
        """Whether ``area`` lies in the subtree of ``root`` (inclusive)."""
        return self.tin[root] <= self.tin[area] < self.tout[root]

    def ancestors(self, area: int) -> list[int]:
        """``area`` and its ancestors, from the area up to the root (as long as the area is deep)."""
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
        return int(self.reach_roots(np.array([area], dtype=np.int64), reach)[0])

    def reach_roots(self, areas: np.ndarray, reach: int) -> np.ndarray:
        """``reach_root`` of every area of ``areas`` for the level index ``reach``.

        Levels fall strictly from every area to the root, so the highest ancestor at
        ``reach`` or below is found by climbing ``jumps`` while the level allows.
        """
        level = self.level_array
        current = np.asarray(areas, dtype=np.int64).copy()
        for k in range(len(self.jumps) - 1, -1, -1):
            above = self.jumps[k, current]
            current = np.where(level[above] >= reach, above, current)
        return current

    def at_level(self, areas: np.ndarray, level: int) -> np.ndarray:
        """Every area's ancestor (or itself) at the level index ``level``; -1 where its path skips that level."""
        roots = self.reach_roots(areas, level)
        return np.where(self.level_array[roots] == level, roots, -1)

    def lca(self, first: int, second: int) -> int:
        """Lowest common ancestor of two areas."""
        return int(self.lcas(np.array([first]), np.array([second]))[0])

    def lcas(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Lowest common ancestors of the areas ``first[i]`` and ``second[i]``, in ``log2(depth)`` numpy steps."""
        depth = self.depth_array
        first, second = np.asarray(first, dtype=np.int64), np.asarray(second, dtype=np.int64)
        deeper = np.where(depth[first] >= depth[second], first, second)
        other = np.where(depth[first] >= depth[second], second, first)
        climb = depth[deeper] - depth[other]
        for k in range(len(self.jumps)):
            deeper = np.where((climb >> k) & 1, self.jumps[k, deeper], deeper)
        for k in range(len(self.jumps) - 1, -1, -1):
            apart = self.jumps[k, deeper] != self.jumps[k, other]
            deeper = np.where(apart, self.jumps[k, deeper], deeper)
            other = np.where(apart, self.jumps[k, other], other)
        return np.where(deeper == other, deeper, self.jumps[0, deeper])

    def subtree_sums(self, values: np.ndarray) -> np.ndarray:
        """Per area, the sum of ``values`` (one row per area) over its whole subtree: one numpy step per depth."""
        totals = np.array(values, copy=True)
        depth = self.depth_array
        parent = np.asarray(self.parent, dtype=np.int64)
        by_depth = np.argsort(-depth, kind="stable")
        bounds = np.flatnonzero(np.diff(depth[by_depth])) + 1
        for group in np.split(by_depth, bounds):
            if depth[group[0]] > 0:
                np.add.at(totals, parent[group], totals[group])
        return totals

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
    level = tuple(level_of[area.level] for area in problem.areas)
    return Grid(
        ids=ids,
        index=index,
        parent=parent,
        level=level,
        depth=tuple(depth),
        xy=tuple(xy),
        tin=tuple(tin),
        tout=tuple(tin[area] + size[area] for area in range(len(ids))),
        tree=tree,
        order=tuple(order),
        jumps=_jumps(parent, root, max(depth)),
        level_array=np.asarray(level, dtype=np.int64),
        depth_array=np.asarray(depth, dtype=np.int64),
    )


def _jumps(parent: tuple[int, ...], root: int, deepest: int) -> np.ndarray:
    """``[k, a]``: the ancestor ``2**k`` levels above ``a``, the root where the climb passes it."""
    first = np.asarray(parent, dtype=np.int64).copy()
    first[root] = root
    jumps = [first]
    for _ in range(max(deepest, 1).bit_length() - 1):
        jumps.append(jumps[-1][jumps[-1]])
    return np.stack(jumps)

