"""Capacity advice (``matching.analysis.recommend``): which additions would cover the most extra weight.

``Advice`` answers for one day: candidate changes (a new resource, more hours or
tasks for a resource, a higher unit cap), each confirmed by re-solving the day
with it. ``ShortageReport`` answers across several days: which skills are short
in which communities again and again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from models.base import Output
from models.errors import InvalidProblem

__all__ = ["Advice", "LimitName", "Recommendation", "RecommendationKind", "Shortage", "ShortageReport", "UnitLabel"]

RecommendationKind = Literal["add_resource", "more_hours", "raise_unit_cap"]
UnitLabel = Literal["hours", "uses", "members", "tasks"]
LimitName = Literal["capacity", "max_tasks", "daily_cap", "max_members"]


class Recommendation(Output):
    """One capacity addition and what a re-solve of the day with it gained.

    ``kind`` says what changes: ``add_resource`` (a new resource with ``skill``
    based in ``area``, serving its subtree, ``amount`` hours all day),
    ``more_hours`` (``resource``'s ``capacity`` + ``amount`` hours, or its
    ``max_tasks`` + ``amount`` when ``unit_label`` is ``"tasks"``; ``"uses"`` for a
    count-measured resource) or
    ``raise_unit_cap`` (``unit``'s ``daily_cap`` + ``amount`` hours, or its
    ``max_members`` + ``amount``). ``limit`` names the field that grows.
    """

    kind: RecommendationKind
    limit: LimitName | None = Field(
        default=None, description="the field raised: capacity, max_tasks, daily_cap or max_members; "
                                  "None for add_resource")
    resource: str | None = Field(default=None, description="the resource raised (more_hours)")
    unit: str | None = Field(default=None, description="the resident unit raised (raise_unit_cap)")
    area: str | None = Field(default=None, description="where the new resource is based (add_resource)")
    skill: str | None = Field(default=None, description="the new resource's skill (add_resource)")
    name: str = Field(default="", description="the resource's, unit's or area's name, for people")
    amount: float = Field(gt=0, description="units added")
    unit_label: UnitLabel
    estimate: float = Field(description="estimated covered weight gained, before re-solving")
    gain: float = Field(description="confirmed: re-solved coverage minus the plan's coverage")
    gain_per_unit: float
    proven: bool = Field(description="both the plan's and the re-solve's coverage are proven optimal")
    covers: tuple[str, ...] = Field(default=(), description="needs covered in the re-solve, unmet in the plan")
    uncovers: tuple[str, ...] = Field(default=(), description="needs covered in the plan, unmet in the re-solve")
    detail: str


class Advice(Output):
    """The recommendations for one day, best confirmed gain first."""

    recommendations: tuple[Recommendation, ...] = ()
    tried: int = Field(ge=0, description="candidates re-solved")
    candidates: int = Field(default=0, ge=0, description="candidates generated and estimated")
    baseline_coverage: float
    baseline_proven: bool = True
    seconds: float

    @classmethod
    def load(cls, path: str | Path) -> Advice:
        """Read an advice file (``sanhu recommend DAY --out``), bounded and checked like a day file, with JSON's
        types only.

        Raises
        ------
        InvalidProblem
            When the file cannot be read or is not advice for one day, each problem with its path.
        """
        from models.io import read_output_text
        from models.schema_issues import issues_from_validation_error

        text = read_output_text(Path(path), "advice (recommendations, tried, baseline_coverage)",
                                subject="the advice")
        try:
            return cls.model_validate_json(text, strict=True)
        except ValidationError as error:
            raise InvalidProblem(issues_from_validation_error(error), subject=f"the advice {path}") from None


class Shortage(Output):
    """A skill short in an area (community level) on several days."""

    skill: str
    area: str
    area_name: str = ""
    days: int = Field(ge=1, description="days on which some unmet need lacked this skill here")
    unmet_weight: float
    needs: int = Field(ge=1, description="unmet needs over all days")


class ShortageReport(Output):
    """Recurring skill x area shortages across several days, most frequent first."""

    days: int = Field(ge=0)
    shortages: tuple[Shortage, ...] = ()
