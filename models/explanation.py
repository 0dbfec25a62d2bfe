"""The explanation of one need's outcome, with evidence a planner (or a test) can check."""

from __future__ import annotations

from pydantic import Field

from models.base import Output
from models.core import Limit
from models.plan import Assignment, Reason

__all__ = ["CandidateView", "AreaView", "Taker", "HallViolator", "Tradeoff", "Explanation"]


class CandidateView(Output):
    """A resource as the evidence sees it, for one requirement of the need."""

    id: str
    name: str
    requirement: int
    amount: float = Field(description="what it would give to this requirement")
    capacity: float
    used: float = Field(description="what it gives in the plan")
    tasks: int
    max_tasks: int | None = None
    fits_capacity: bool
    in_time: bool
    overlap_hours: float = Field(description="its best window's overlap with the need's window")


class AreaView(Output):
    """An area where resources holding the missing skill are based."""

    id: str
    name: str
    level: str
    levels_apart: int = Field(description="tree edges between this area and the need's area")
    km: float | None
    holders: tuple[str, ...]


class Taker(Output):
    """A covered need that uses a resource of the pool."""

    need: str
    weight: float
    resource: str
    amount: float


class HallViolator(Output):
    """Requirements of some needs asking more than every resource able to fill any of them holds.

    ``requirements`` lists (need, requirement index); ``resources`` every resource
    eligible for any of them; ``supply`` sums their capacities (hours or uses), or
    their task limits when ``measure`` is ``tasks``; ``demand`` sums what filling
    all the requirements takes at least (each slot's cheapest amounts, or its count).
    """

    requirements: tuple[tuple[str, int], ...]

    needs: tuple[str, ...]
    resources: tuple[str, ...]
    measure: str
    demand: float
    supply: float


class Tradeoff(Output):
    """What covering this need would cost the plan, from a solve with the need required."""

    status: str
    covers: tuple[str, ...] = Field(description="needs covered then that the plan leaves unmet")
    gives_up: tuple[str, ...] = Field(description="needs the plan covers that would be left unmet")
    weight_gained: float
    weight_lost: float
    net: float


class Explanation(Output):
    """Why a need is covered or not, and the evidence for it."""

    need: str
    title: str
    covered: bool
    outcome: str
    reason: Reason | None = None
    statements: tuple[str, ...] = Field(description="the explanation, sentence by sentence")
    served_by: tuple[Assignment, ...] = ()
    within_reach: tuple[CandidateView, ...] = ()
    nearest: tuple[AreaView, ...] = ()
    pool: tuple[CandidateView, ...] = ()
    takers: tuple[Taker, ...] = ()
    hall: HallViolator | None = None
    limits: tuple[Limit, ...] = ()
    tradeoff: Tradeoff | None = None

    def _repr_html_(self) -> str:
        """The need, its outcome, reason and sentences, for notebooks (``models.html``)."""
        from models.html import explanation_html

        return explanation_html(self)
