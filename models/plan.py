"""The plan (SPEC §3): assignments, need outcomes with reasons, usage, rollups, stats."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, ValidationError

from models.base import Output
from models.core import Core, Limit
from models.errors import Infeasible, InvalidProblem
from models.messages import message

if TYPE_CHECKING:
    import pandas

    from models.problem import Problem

__all__ = [
    "Status",
    "ReasonCode",
    "Assignment",
    "Limit",
    "Reason",
    "NeedOutcome",
    "ResourceUsage",
    "AreaRollup",
    "TierResult",
    "Core",
    "Stats",
    "Plan",
]

Status = Literal["optimal", "feasible", "infeasible", "unknown"]
ReasonCode = Literal[
    "no_skill_in_reach", "no_time_overlap", "limit", "capacity_taken", "unproven", "infeasible"
]
Outcome = Literal["cleared_today", "clarified_today", "unmet"]


class Assignment(Output):
    """Resource ``resource`` fills one slot of requirement ``requirement`` of ``need``."""

    need: str
    requirement: int = Field(ge=0, description="0-based index into the need's requires")
    resource: str
    amount: float
    cost: float


class Reason(Output):
    """Why a need is unmet; every code is checkable (SPEC §3)."""

    code: ReasonCode
    requirement: int | None = None
    resources: tuple[str, ...] | None = None
    needs: tuple[str, ...] | None = None
    limit: Limit | None = None
    limits: tuple[Limit, ...] | None = Field(
        default=None, description="for code 'limit': every limit that must give way together (limit is the first)")
    detail: str


class NeedOutcome(Output):
    id: str
    covered: bool
    outcome: Outcome
    reason: Reason | None = None


class ResourceUsage(Output):
    id: str
    used: float
    capacity: float
    tasks: int


class AreaRollup(Output):
    """Needs in the area's whole subtree and how many were covered."""

    id: str
    level: str
    needs: int
    covered: int
    weight: float
    covered_weight: float


class TierResult(Output):
    """A tier's value; for coverage also the proven bound and the relative gap."""

    value: float
    bound: float | None = None
    gap: float | None = None
    proven: bool = True


class Stats(Output):
    """How the plan was made. ``source``: the day file it came from, when the CLI made it."""

    build_s: float
    solve_s: float
    components: int
    variables: int
    engine: str
    workers: int
    seed: int
    version: str
    source: str | None = None
    unjudged: int = Field(default=0, ge=0, description=(
        "unmet needs whose reason the time limit left unjudged: their reason is 'unproven', even in an optimal plan"))
    interrupted: bool = Field(default=False, description=(
        "the solve was stopped by SIGINT or SIGTERM: the best plan so far, status 'feasible'"))
    redacted: bool = Field(default=False, description=(
        "made with ids in place of names and titles (sanhu solve --redact): no sentence quotes them"))


class Plan(Output):
    """The day's plan: every need exactly once, covered or with a reason.

    A plan always exists after ``matching.solve``; ``status`` says how far it got:
    ``optimal`` (every tier proven), ``feasible`` (a plan, not proven best),
    ``infeasible`` (required needs cannot all be covered; see ``core``), or
    ``unknown`` (time ran out before any plan covering the required needs).
    """

    status: Status
    objective: dict[str, TierResult]
    assignments: tuple[Assignment, ...] = ()
    needs: tuple[NeedOutcome, ...] = ()
    resources: tuple[ResourceUsage, ...] = ()
    areas: tuple[AreaRollup, ...] = ()
    core: Core | None = None
    stats: Stats

    def raise_for_status(self) -> Plan:
        """Raise :class:`~models.errors.Infeasible` unless the plan covers the required needs."""
        if self.status == "infeasible":
            raise Infeasible(self.core, self.core.detail if self.core else "")
        if self.status == "unknown":
            raise Infeasible(None, message("core.no_plan", "en"))
        return self

    def covered(self) -> list[str]:
        """Ids of the covered needs, in day order."""
        return [need.id for need in self.needs if need.covered]

    def unmet_by_reason(self) -> Counter[str]:
        """How many needs are unmet, per reason code."""
        return Counter(need.reason.code for need in self.needs if need.reason is not None)

    def to_frames(self, problem: Problem) -> dict[str, pandas.DataFrame]:
        """The plan's tables as pandas DataFrames (``assignments``, ``needs``, ``resources``, ``areas``), with
        the names and titles of ``problem``, the day it plans (``models.plan_tables`` gives the columns).

        Raises
        ------
        InvalidProblem
            When the plan is not a plan of ``problem``.
        MissingExtra
            When pandas is not installed (the ``frames`` extra).
        """
        from models.plan_tables import plan_frames

        return plan_frames(problem, self)

    def save_tables(self, problem: Problem, path: str | Path) -> str:
        """Write the plan's tables atomically: an ``.xlsx`` workbook, else a folder of CSV files (by ``path``).

        Returns the format written, ``"xlsx"`` or ``"csv"`` (``models.plan_tables.write_plan_tables``).
        """
        from models.plan_tables import write_plan_tables

        return write_plan_tables(problem, self, path)

    def _repr_html_(self) -> str:
        """The headline numbers and coverage per street, for notebooks (``models.html``)."""
        from models.html import plan_html

        return plan_html(self)

    def to_json(self, *, indent: int | None = 1) -> str:
        """The plan as JSON (UTF-8 text as it is, not escaped), written by pydantic's serializer in one pass."""
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, text: str) -> Plan:
        """A plan from its JSON, with JSON's types only (``"true"`` is not a flag, ``"4"`` not a number)."""
        return cls.model_validate_json(text, strict=True)

    @classmethod
    def load(cls, path: str | Path) -> Plan:
        """Read a plan file (``sanhu solve --out``), bounded and checked like a day file.

        Raises
        ------
        InvalidProblem
            When the file cannot be read or is not a plan, each problem with its path.
        """
        from models.io import read_plan_text
        from models.schema_issues import issues_from_validation_error

        text = read_plan_text(Path(path))
        try:
            return cls.from_json(text)
        except ValidationError as error:
            raise InvalidProblem(issues_from_validation_error(error), subject=f"the plan {path}") from None
