"""sanhu's domain models: the day to plan (``Problem``) and its ``Plan``.

Pure data with validation; no solver here (that is ``matching``).
"""

from models.advice import Advice, Recommendation, Shortage, ShortageReport
from models.day import Arc, Area, Need, Requirement, Resource, Settings, Unit
from models.errors import (
    Infeasible,
    Interrupted,
    InvalidProblem,
    Issue,
    MissingExtra,
    Place,
    SanhuError,
    SanhuWarning,
    UnknownSkillWarning,
)
from models.explanation import Explanation
from models.io import read_day, write_atomic, write_day
from models.plan import (
    AreaRollup,
    Assignment,
    Core,
    Limit,
    NeedOutcome,
    Plan,
    Reason,
    ResourceUsage,
    Stats,
    TierResult,
)
from models.plan_checks import plan_issues, verify_plan
from models.problem import Problem

__sanhu__ = True
"""Marks this package as sanhu's own ``models`` (checked by ``matching`` on import)."""

__all__ = [
    "Problem",
    "Area",
    "Unit",
    "Resource",
    "Requirement",
    "Need",
    "Arc",
    "Settings",
    "Plan",
    "Assignment",
    "NeedOutcome",
    "Reason",
    "Limit",
    "ResourceUsage",
    "AreaRollup",
    "TierResult",
    "Core",
    "Stats",
    "Explanation",
    "Advice",
    "Recommendation",
    "Shortage",
    "ShortageReport",
    "SanhuError",
    "InvalidProblem",
    "Infeasible",
    "Interrupted",
    "Issue",
    "Place",
    "MissingExtra",
    "SanhuWarning",
    "UnknownSkillWarning",
    "read_day",
    "write_atomic",
    "write_day",
    "plan_issues",
    "verify_plan",
]
