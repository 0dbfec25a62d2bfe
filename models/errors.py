"""Exceptions and warnings with a meaning in the domain.

``SanhuError`` is the root; ``InvalidProblem`` carries every problem found in a
day file, each with its path; ``Infeasible`` carries the core of required needs
that cannot all be covered.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.core import Core

__all__ = ["Issue", "SanhuError", "InvalidProblem", "Infeasible", "SanhuWarning", "UnknownSkillWarning"]


@dataclass(frozen=True)
class Issue:
    """One problem in a day file: where it is and what is wrong."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class SanhuError(Exception):
    """Root of every error sanhu raises on purpose."""


class InvalidProblem(SanhuError):
    """A day that cannot be planned, with every problem found in it.

    Parameters
    ----------
    issues : list of Issue
        Each problem with the path of the offending field, e.g. ``needs[17].area``.
    """

    def __init__(self, issues: list[Issue], subject: str = "the day") -> None:
        self.issues = list(issues)
        count = len(self.issues)
        head = f"{count} problem{'s' if count != 1 else ''} in {subject}:"
        super().__init__("\n".join([head, *(f"  {issue}" for issue in self.issues)]))


class Infeasible(SanhuError):
    """The required needs cannot all be covered today."""

    def __init__(self, core: Core | None, message: str = "") -> None:
        self.core = core
        super().__init__(message or "the required needs cannot all be covered today")


class SanhuWarning(UserWarning):
    """Root of sanhu's warnings."""


class UnknownSkillWarning(SanhuWarning):
    """A need requires a skill that no resource has anywhere, or an arc can never be used."""
