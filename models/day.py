"""The records of a day file (SPEC §2): areas, units, resources, needs, arcs, settings."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from models.types import (
    XY,
    Amount,
    Count,
    Flag,
    Id,
    Measure,
    Name,
    NeedKind,
    NonNegative,
    ResourceKind,
    Text,
    TierName,
    Window,
    minutes,
)

__all__ = ["Record", "Area", "Unit", "Resource", "Requirement", "Need", "Arc", "Settings"]


class Record(BaseModel):
    """Base of every record: unknown fields are errors and records never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Area(Record):
    """A node of the grid tree (street > community > grid > micro-grid)."""

    id: Id
    name: Text = ""
    level: Name
    parent: Id | None = None
    xy: XY | None = None
    max_outbound: NonNegative | None = Field(
        default=None,
        description="Most amount that resources based inside this subtree may give to needs outside it.",
    )


class Unit(Record):
    """A resident unit (驻区单位) whose members and services serve the communities."""

    id: Id
    name: Text = ""
    area: Id
    daily_cap: Amount | None = None
    max_members: Count | None = None
    partner_areas: tuple[Id, ...] = ()


class Resource(Record):
    """Anything that can serve a need: a person, a team or service, or a material item."""

    id: Id
    name: Text = ""
    kind: ResourceKind = "staff"
    area: Id
    reach: Name | None = None
    extra_areas: tuple[Id, ...] = ()
    unit: Id | None = None
    skills: tuple[Name, ...]
    capacity: Amount
    measure: Measure = "hours"
    max_tasks: Count | None = None
    available: tuple[Window, ...] | None = None
    cost_per_unit: NonNegative = 0.0

    def windows(self) -> tuple[tuple[int, int], ...]:
        """Availability as minutes after midnight (the whole day when unset)."""
        if self.available is None:
            return ((0, 24 * 60),)
        return tuple((minutes(start), minutes(end)) for start, end in self.available)


class Requirement(Record):
    """``count`` distinct resources having ``skill``, each giving ``amount``."""

    skill: Name
    count: Count = 1
    amount: Amount = 1.0


class Need(Record):
    """An item of the needs list (需求清单) or a petition (信访)."""

    id: Id
    title: Text = ""
    area: Id
    kind: NeedKind = "simple"
    category: Text | None = None
    weight: Amount = 1.0
    window: Window | None = None
    required: Flag = False
    requires: tuple[Requirement, ...] = Field(min_length=1)

    def span(self) -> tuple[int, int]:
        """The need's window as minutes after midnight (the whole day when unset)."""
        if self.window is None:
            return (0, 24 * 60)
        return (minutes(self.window[0]), minutes(self.window[1]))


class Arc(Record):
    """A pair override: the need may use this resource, with this amount and cost."""

    need: Id
    resource: Id
    amount: Amount | None = None
    cost: NonNegative | None = None


class Settings(Record):
    """Objective order and cost coefficients."""

    objective: tuple[TierName, ...] = ("coverage", "cost")
    escalation_cost: NonNegative = 1.0
    distance_cost: NonNegative = 0.1
    fairness_level: Name | None = None

    @field_validator("objective")
    @classmethod
    def _distinct_tiers(cls, tiers: tuple[str, ...]) -> tuple[str, ...]:
        if not tiers:
            raise ValueError("must name at least one tier")
        repeated = sorted({tier for tier in tiers if tiers.count(tier) > 1})
        if repeated:
            raise ValueError(f"tier {repeated[0]!r} appears more than once")
        if tiers[0] != "coverage":
            raise ValueError(f"the first tier must be 'coverage' (same-day coverage comes first), got {tiers[0]!r}")
        return tiers

