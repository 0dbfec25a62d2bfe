"""Limits and infeasibility cores: what a plan uses of a limit, and the required needs, resources and
limits that cannot all hold together.

Below both the plan and the errors: ``models.errors.Infeasible`` carries a ``Core``, and a ``Plan``
carries one when its day is infeasible.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from models.base import Output

__all__ = ["Limit", "Core"]


class Limit(Output):
    """A limit with its value and what this plan uses of it: a unit cap, an area's outbound
    limit, or (in infeasibility cores) a resource's capacity or task limit."""

    kind: Literal["daily_cap", "max_members", "max_outbound", "capacity", "max_tasks"]
    id: str = Field(description="the unit (daily_cap, max_members), area (max_outbound) or resource")
    value: float
    used: float


class Core(Output):
    """Required needs, resources and limits that cannot all hold together."""

    needs: tuple[str, ...]
    resources: tuple[str, ...] = ()
    limits: tuple[Limit, ...] = ()
    detail: str = ""
