"""A day as pandas DataFrames, one per table of a CSV day folder (the ``frames`` extra, pandas).

:func:`to_frames` gives ``areas``, ``units``, ``resources``, ``needs`` and ``arcs``, always all
five (an empty table as an empty frame with its columns), each with the columns of its CSV file
and the cells a workbook holds: numbers as numbers (a column with empty cells as floats, NaN
where empty), ``required`` as booleans, everything else as text in the CSV notation
(``repair;lead:housing``, ``08:30-12:00``, ``repair*2@2``). :func:`from_frames` reads frames by
the rules of a CSV folder (``models.cells``): a cell is taken as the text a CSV file would
hold (``3.0`` as ``3``, NaN or ``None`` as an empty cell), so frames built by hand, read from a
database or changed in a notebook read the same as the files would. The settings (what a CSV
folder's ``settings.json`` holds) go beside the frames. Errors name the frame, the row by its
index label and the column (``frame 'needs', row 3, column 'capacity'``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from models.day import Record
from models.errors import InvalidProblem, Issue, MissingExtra
from models.tables import REQUIRED_TABLES, TABLES, Table, TableDay, day_tables, read_tables

if TYPE_CHECKING:
    import pandas


__all__ = ["to_frames", "read_frames", "frames_of"]

_FRAME_PARTS = ("columns", "index", "itertuples")


def to_frames(problem: Record) -> dict[str, pandas.DataFrame]:
    """The tables of ``problem`` as DataFrames, keyed by table name.

    Raises
    ------
    InvalidProblem
        For values the table notation cannot hold (``models.cells``), each with its path.
    MissingExtra
        When pandas is not installed.
    """
    return frames_of(day_tables(problem).tables)


def frames_of(tables: Mapping[str, tuple[Sequence[str], Sequence[Sequence[Any]]]]) -> dict[str, pandas.DataFrame]:
    """A DataFrame per table (its name: its header and rows of cells), with the header's columns also when empty.

    Raises
    ------
    MissingExtra
        When pandas is not installed.
    """
    try:
        import pandas
    except ImportError:
        raise MissingExtra("DataFrames need pandas: pip install 'sanhu[frames]'") from None
    return {name: pandas.DataFrame(list(rows), columns=list(columns)) for name, (columns, rows) in tables.items()}


def read_frames(frames: Mapping[str, Any], settings: Mapping[str, Any] | None = None) -> TableDay:
    """The day held by DataFrames keyed by table name, with ``settings`` (``date``, ``levels``, ``settings``).

    Any object with ``columns``, ``index`` and ``itertuples`` (a pandas DataFrame) is a frame;
    keys other than the five tables are ignored.

    Raises
    ------
    InvalidProblem
        For a missing table, or a cell that cannot be read, each with its frame, row and column.
    """
    if not isinstance(frames, Mapping):
        raise InvalidProblem([Issue("frames", f"must be a mapping of table names to DataFrames, got "
                                    f"{type(frames).__name__}")])
    issues = [Issue(name, "a day needs this table") for name in REQUIRED_TABLES if name not in frames]
    issues += [Issue(name, f"must be a DataFrame, got {type(frames[name]).__name__}") for name in TABLES
               if name in frames and not all(hasattr(frames[name], part) for part in _FRAME_PARTS)]
    if settings is not None and not isinstance(settings, Mapping):
        issues.append(Issue("settings", f"must be a mapping as settings.json holds (date, levels, settings), got "
                            f"{type(settings).__name__}"))
    if issues:
        raise InvalidProblem(issues)
    tables = {name: _table(name, frames[name]) for name in TABLES if name in frames}
    return read_tables(tables, dict(settings or {}))


def _table(name: str, frame: Any) -> Table:
    header = [str(column).strip() for column in frame.columns]
    rows = list(frame.itertuples(index=False, name=None))
    return Table(name, header, rows, list(frame.index), title=f"frame {name!r}", file=None, sheet=name,
                 header_row=None)
