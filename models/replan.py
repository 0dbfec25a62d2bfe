"""What re-planning during the day returns (``matching.Planner``): how a plan changed, and who could take
a walk-in need."""

from __future__ import annotations

from pydantic import Field

from models.base import Output
from models.plan import Assignment

__all__ = ["Move", "PlanDiff", "Candidate"]


class Move(Output):
    """One requirement slot of a need now filled by another resource."""

    need: str
    requirement: int
    before: str = Field(description="the resource that filled the slot")
    after: str = Field(description="the resource that fills it now")


class PlanDiff(Output):
    """How a new plan differs from the one it replaces.

    A slot whose resource changed is a move, not a removal and an addition; ``added`` and ``removed``
    hold the other assignments (needs newly covered or dropped, and slots of needs that now use more
    or fewer resources of a requirement).
    """

    added: tuple[Assignment, ...] = ()
    removed: tuple[Assignment, ...] = ()
    moved: tuple[Move, ...] = ()
    covered: tuple[str, ...] = Field(default=(), description="needs covered now and not before")
    dropped: tuple[str, ...] = Field(default=(), description="needs covered before and not now (cancelled ones aside)")
    cancelled: tuple[str, ...] = Field(default=(), description="needs cancelled since the plan replaced")
    released: tuple[str, ...] = Field(default=(), description=(
        "required needs the day could no longer cover together (time passed, resources gone, a competing "
        "required need): no longer required"))

    @property
    def changed(self) -> int:
        """Assignments of the replaced plan that were dropped or moved."""
        return len(self.removed) + len(self.moved)


class Candidate(Output):
    """A resource that could take a need now, and what taking it would cost the rest of the plan."""

    resource: str
    name: str = ""
    requirement: int = Field(description="the requirement of the need it would fill")
    cost: float = Field(description="cost of the need's assignments with this resource in that slot")
    displaced: tuple[str, ...] = Field(default=(), description="needs of the current plan left unmet")
    weight_lost: float = Field(description="covered weight given up elsewhere")
    moved: int = Field(default=0, description="assignments of the current plan that would move")
    feasible: bool = Field(default=True, description="whether the need can be covered with this resource at all")
