"""Exceptions and warnings with a meaning in the domain.

``SanhuError`` is the root; ``InvalidProblem`` carries every problem found in a
day file, each with its path; ``Infeasible`` carries the core of required needs
that cannot all be covered.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.core import Core

__all__ = ["Issue", "Place", "SanhuError", "InvalidProblem", "Infeasible", "Interrupted", "MissingExtra",
           "SanhuWarning", "UnknownSkillWarning"]


@dataclass(frozen=True)
class Place:
    """Where in a table a problem is: the file, its sheet, the row and the column, as far as known.

    ``row`` counts as a spreadsheet shows it (the header is row 1), or is a DataFrame's index label;
    ``letter`` is the column's spreadsheet letter. Without a ``file``, the table is a DataFrame.
    """

    file: str | None
    sheet: str | None = None
    row: int | str | None = None
    column: str | None = None
    letter: str | None = None

    def __str__(self) -> str:
        parts = [self.file if self.file is not None else f"frame {self.sheet!r}"]
        if self.file is not None and self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.letter is not None:
            parts.append(f"column {self.letter} {self.column!r}" if self.column else f"column {self.letter}")
        elif self.column is not None:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Issue:
    """One problem in a day file: its path in the day, what is wrong, and where in a table it is (if read from one)."""

    path: str
    message: str
    where: Place | None = None

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}" if self.path else self.message
        return f"{text} \N{EM DASH} {self.where}" if self.where is not None else text


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


class Interrupted(KeyboardInterrupt):
    """A solve stopped by SIGINT or SIGTERM.

    A ``KeyboardInterrupt`` (not a ``SanhuError``), so that code catching ``Exception`` does not
    swallow it. ``plan`` is the best plan found so far (status ``feasible``, ``stats.interrupted``
    true), or None when there was none yet or it would not cover the required needs.
    """

    def __init__(self, signum: int, plan=None) -> None:
        self.signum = signum
        self.plan = plan
        super().__init__(f"interrupted by signal {signum}")

    @property
    def exit_code(self) -> int:
        """128 + the signal's number, as a shell reports a process the signal ended (130, 143)."""
        return 128 + self.signum


class MissingExtra(SanhuError, ImportError):
    """A format that needs an optional extra that is not installed (``pip install 'sanhu[excel]'``)."""


class SanhuWarning(UserWarning):
    """Root of sanhu's warnings."""


class UnknownSkillWarning(SanhuWarning):
    """A need requires a skill that no resource has anywhere, or an arc can never be used."""
