"""The validated day: ``Problem``, read from JSON, a CSV folder, an ``.xlsx`` workbook or DataFrames."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, model_validator

from models.checks import DayParts, reference_issues
from models.day import Arc, Area, Need, Record, Resource, Settings, Unit
from models.errors import InvalidProblem, Issue, UnknownSkillWarning
from models.schema_issues import issues_from_validation_error, parse_parts
from models.types import DEFAULT_LEVELS, MAX_RECORDS, DayDate, Name

__all__ = ["Problem"]


def _unplaced(issue: Issue) -> Issue:
    return issue


class Problem(Record):
    """One day to plan: the grid, the resident units, the resource list and the needs list.

    Construct it with :meth:`load` (a JSON day file, a folder of CSV files or an ``.xlsx``
    workbook), :meth:`from_data` (a parsed mapping) or :meth:`from_frames` (pandas DataFrames);
    each reports every problem found, each with its path (and, read from a table, its file,
    sheet, row and column), in one :class:`~models.errors.InvalidProblem`. :meth:`save` writes
    it in any of the three file formats, :meth:`to_frames` as DataFrames.

    Examples
    --------
    >>> from models import Problem
    >>> day = Problem.from_data({
    ...     "areas": [{"id": "sp", "name": "沙坪街道", "level": "street"}],
    ...     "resources": [{"id": "v", "area": "sp", "skills": ["repair"], "capacity": 3}],
    ...     "needs": [{"id": "n", "area": "sp", "requires": [{"skill": "repair", "amount": 2}]}],
    ... })
    >>> len(day.needs), day.needs[0].requires[0].amount
    (1, 2.0)
    """

    date: DayDate | None = None
    levels: tuple[Name, ...] = DEFAULT_LEVELS
    areas: tuple[Area, ...] = Field(min_length=1)
    units: tuple[Unit, ...] = ()
    resources: tuple[Resource, ...] = ()
    needs: tuple[Need, ...] = ()
    arcs: tuple[Arc, ...] = ()
    settings: Settings = Settings()

    @model_validator(mode="after")
    def _check_references(self) -> Problem:
        errors, _ = reference_issues(self.parts())
        if errors:
            raise InvalidProblem(errors)
        return self

    def parts(self) -> DayParts:
        """The records with their indices, as the reference checks take them."""
        return DayParts(
            levels=self.levels,
            areas=list(enumerate(self.areas)),
            units=list(enumerate(self.units)),
            resources=list(enumerate(self.resources)),
            needs=list(enumerate(self.needs)),
            arcs=list(enumerate(self.arcs)),
            settings=self.settings,
        )

    def skill_warnings(self) -> list[Issue]:
        """Skills some need requires that no resource has anywhere."""
        return reference_issues(self.parts())[1]

    @classmethod
    def from_data(cls, data: Any) -> Problem:
        """Validate a parsed day (a mapping as read from JSON).

        Raises
        ------
        InvalidProblem
            With every schema and reference problem found, each with its path; at once, before any
            record is read, for a list of more than ``MAX_RECORDS`` records.
        """
        return cls._validated(data, _unplaced, stacklevel=3)

    @classmethod
    def _validated(cls, data: Any, locate: Callable[[Issue], Issue], *, stacklevel: int,
                   found: Sequence[Issue] = ()) -> Problem:
        """``from_data``, with ``locate`` adding to each issue where in a table it is, and ``found`` (rows of a
        table that could not be read whole) reported first."""
        if isinstance(data, Mapping):
            oversized = [Issue(name, f"{len(records):,} records, more than the {MAX_RECORDS:,} a day may hold")
                         for name, records in data.items() if isinstance(records, (list, tuple))
                         and len(records) > MAX_RECORDS]
            if oversized:
                raise InvalidProblem([locate(issue) for issue in oversized])
        try:
            problem = cls.model_validate(data)
        except InvalidProblem as error:  # raised by the reference checks
            raise InvalidProblem([*found, *(locate(issue) for issue in error.issues)]) from None
        except ValidationError as error:
            issues = issues_from_validation_error(error)
            if isinstance(data, Mapping):
                parts = parse_parts(data, {"areas": Area, "units": Unit, "resources": Resource,
                                           "needs": Need, "arcs": Arc}, Settings)
                issues += [issue for issue in reference_issues(parts)[0] if issue not in issues]
            raise InvalidProblem([*found, *(locate(issue) for issue in issues)]) from None
        if found:
            raise InvalidProblem(list(found))
        for issue in problem.skill_warnings():
            warnings.warn(str(locate(issue)), UnknownSkillWarning, stacklevel=stacklevel)
        return problem

    @classmethod
    def load(cls, path: str | Path) -> Problem:
        """Read and validate a JSON day file, a folder of CSV files or an ``.xlsx`` workbook.

        Raises
        ------
        InvalidProblem
            With every problem found, each with its path; read from a table, also its file, sheet, row
            and column (``needs[3].capacity: must be positive ... — day.xlsx, sheet needs, row 5, column I
            'capacity'``).
        MissingExtra
            For a workbook, when the ``excel`` extra (openpyxl) is not installed.
        """
        from models.io import load_day

        source = load_day(Path(path))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            problem = cls._validated(source.data, source.locate, stacklevel=2, found=source.issues)
        for warning in caught:
            warnings.warn(warning.message, warning.category, stacklevel=2)
        return problem

    def save(self, path: str | Path) -> str:
        """Write the day atomically: a JSON file (``.json``), a workbook (``.xlsx``), else a folder of CSV files.

        Returns the format written (``"json"``, ``"xlsx"`` or ``"csv"``). Reading it back with
        :meth:`load` gives an equal day.

        Raises
        ------
        InvalidProblem
            For values a table cannot hold (a ``;`` inside a skill), each with its path.
        MissingExtra
            For a workbook, when the ``excel`` extra (openpyxl) is not installed.
        OSError
            When ``path`` cannot be written (a folder holding other files is never replaced).
        """
        from models.io import write_day

        return write_day(self, path)

    def to_frames(self) -> dict[str, Any]:
        """The day's tables as pandas DataFrames, with the columns of its CSV files (``models.frames``).

        The settings are :meth:`to_settings`; ``Problem.from_frames(day.to_frames(), day.to_settings())``
        gives the day back.
        """
        from models.frames import to_frames

        return to_frames(self)

    def to_settings(self) -> dict[str, Any]:
        """What a CSV folder's ``settings.json`` holds: ``date`` (when set), ``levels`` and ``settings``."""
        return self.model_dump(mode="json", include={"date", "levels", "settings"}, exclude_none=True)

    @classmethod
    def from_frames(cls, frames: Mapping[str, Any], settings: Mapping[str, Any] | None = None) -> Problem:
        """Validate a day held by pandas DataFrames (``areas``, ``resources``, ``needs``, and optionally ``units``
        and ``arcs``), read by the rules of a CSV folder, with ``settings`` as ``settings.json`` holds them.

        Raises
        ------
        InvalidProblem
            With every problem found, each with its path and its frame, row (index label) and column.
        """
        from models.frames import read_frames

        source = read_frames(frames, settings)
        return cls._validated(source.data, source.locate, stacklevel=3, found=source.issues)

    def redacted(self) -> Problem:
        """The day with every name and title (text about residents and helpers) replaced by its record's id.

        Nothing the solver decides depends on them, so the plan of the redacted day is the plan of the
        day, with ids wherever it would have quoted a name (``sanhu solve --redact``).
        """
        def named(records, field: str):
            return tuple(record.model_copy(update={field: record.id}) for record in records)

        return self.model_copy(update={"areas": named(self.areas, "name"), "units": named(self.units, "name"),
                                       "resources": named(self.resources, "name"),
                                       "needs": named(self.needs, "title")})

    def to_json(self, *, indent: int | None = 1) -> str:
        """The day as JSON, in the day-file format (round-trips through :meth:`from_data`)."""
        return json.dumps(self.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=indent)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Problem:
        """A copy; lookups are rebuilt for it (``update`` is not validated, as in pydantic)."""
        copy = super().model_copy(update=update, deep=deep)
        for name in ("area_by_id", "unit_by_id", "resource_index", "need_index"):
            copy.__dict__.pop(name, None)
        return copy

    # Lookups, built once per problem ---------------------------------------------------------

    @cached_property
    def area_by_id(self) -> Mapping[str, Area]:
        return {area.id: area for area in self.areas}

    @cached_property
    def unit_by_id(self) -> Mapping[str, Unit]:
        return {unit.id: unit for unit in self.units}

    @cached_property
    def resource_index(self) -> Mapping[str, int]:
        return {resource.id: index for index, resource in enumerate(self.resources)}

    @cached_property
    def need_index(self) -> Mapping[str, int]:
        return {need.id: index for index, need in enumerate(self.needs)}
