"""Reading day files and plans, and writing outputs atomically: the one way input comes in.

A day is a JSON file, a folder of CSV files or an ``.xlsx`` workbook (``models.csv_day`` and
``models.xlsx_day`` say how their cells are converted); a plan is a JSON file written by
``sanhu solve --out``. Everything read here is bounded with a clear error, each naming the
file: at most ``MAX_FILE_BYTES``, UTF-8 (a byte-order mark is allowed), JSON as RFC 8259 has
it (no ``NaN``), nested no deeper than Python's JSON reader goes, numbers written with at most
``MAX_DIGITS`` characters (a longer one is refused by its field, with the field's path), a
JSON object at the top. A file or folder that cannot be read at all is an ``InvalidProblem``
too, never an ``OSError``. Days are written (:func:`write_day`) in any of the three formats,
atomically: a file through a temporary file beside it, a folder through a temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.csv_day import DAY_FILES, csv_files, read_csv_folder
from models.day import Record
from models.errors import InvalidProblem, Issue
from models.tables import TableDay
from models.types import MAX_DIGITS, LongNumber

__all__ = ["read_day", "load_day", "read_json", "read_plan_text", "read_output_text", "write_atomic",
           "write_folder_atomic", "write_day", "day_format", "replaceable_folder", "FolderKind", "DAY_FOLDER",
           "MAX_FILE_BYTES"]

MAX_FILE_BYTES = 2**31
"""The largest day or plan file read (2 GiB; a metro day is well under a tenth of it)."""


@dataclass(frozen=True)
class FolderKind:
    """What a written folder holds, and so which folder already at its place it may replace.

    A folder there is replaced only when it holds no file but ``files``, and, when ``marker`` is
    set and the folder is not empty, holds ``marker`` (so that a plan's folder never replaces a
    day's, whose ``needs.csv`` has the same name).
    """

    files: frozenset[str]
    holder: str
    """Whose files they are, for messages: ``"a day"``."""
    marker: str | None = None


DAY_FOLDER = FolderKind(DAY_FILES, "a day")
"""A CSV day folder (``models.csv_day.DAY_FILES``)."""


def read_day(path: Path) -> dict[str, Any]:
    """The parsed content of a day: a JSON file, a folder of CSV files or an ``.xlsx`` workbook.

    Raises
    ------
    InvalidProblem
        When the file or folder cannot be read, is not UTF-8 JSON or CSV, or holds no JSON object.
    MissingExtra
        For a workbook, when the ``excel`` extra is not installed.
    """
    source = load_day(path)
    if source.issues:
        raise InvalidProblem(source.issues)
    return source.data


def load_day(path: Path) -> TableDay:
    """A day as :func:`read_day` reads it, with where each record came from (for a CSV folder or a workbook)
    and the rows that could not be read whole (``TableDay.issues``, not raised here)."""
    if "\0" in str(path):
        raise InvalidProblem([Issue(repr(str(path)), "a file name cannot hold a NUL character")])
    try:
        if path.is_dir():
            settings = path / "settings.json"
            top = read_json(settings, "the day's settings (date, levels, settings)") if settings.exists() else {}
            return read_csv_folder(path, top)
        if _is_workbook(path):
            from models.xlsx_day import read_xlsx

            _check_size(path, "the day")
            return read_xlsx(path)
        return TableDay(read_json(path, "the day (areas, resources, needs)"), {}, {})
    except OSError as error:
        where = error.filename if isinstance(error.filename, str) else str(path)
        raise InvalidProblem([Issue(where, f"cannot read the day file: {error.strerror or error}")]) from None


def read_plan_text(path: Path) -> str:
    """The text of a plan file, once it has passed the same checks as a day file."""
    return read_output_text(path, "a plan (status, objective, assignments, needs)", subject="the plan")


def read_output_text(path: Path, holds: str, *, subject: str) -> str:
    """The text of a JSON file sanhu wrote (a plan, advice), once it has passed the same checks as a day file;
    ``holds`` says what it must hold, ``subject`` names it in errors (``"the plan"``)."""
    if "\0" in str(path):
        raise InvalidProblem([Issue(repr(str(path)), "a file name cannot hold a NUL character")], subject=subject)
    try:
        text = _read_text(path, subject=subject)
    except OSError as error:
        raise InvalidProblem([Issue(str(path), f"cannot read {subject}: {error.strerror or error}")],
                             subject=subject) from None
    _parse(path, text, holds, subject=subject)
    return text


def read_json(path: Path, holds: str, *, subject: str = "the day") -> dict[str, Any]:
    """A JSON file that must hold an object (``holds`` says what, for the error)."""
    return _parse(path, _read_text(path, subject=subject), holds, subject=subject)


def _check_size(path: Path, subject: str) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _refuse(path, f"{size:,} bytes is more than the {MAX_FILE_BYTES:,} a file may have", subject)


def _read_text(path: Path, *, subject: str) -> str:
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise _refuse(path, f"{size:,} bytes is more than the {MAX_FILE_BYTES:,} a file may have", subject)
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise _refuse(path, f"more than the {MAX_FILE_BYTES:,} bytes a file may have", subject)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _refuse(path, f"not UTF-8 text: {error.reason} at byte {error.start}", subject) from None


def _parse(path: Path, text: str, holds: str, *, subject: str) -> dict[str, Any]:
    try:
        data = json.loads(text, parse_int=_integer, parse_float=_real, parse_constant=_not_json)
    except json.JSONDecodeError as error:
        raise _refuse(path, f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}",
                      subject) from None
    except _NotJson as error:
        raise _refuse(path, f"not valid JSON: {error} is not a JSON value (JSON has no NaN or Infinity)",
                      subject) from None
    except RecursionError:
        raise _refuse(path, "lists and objects nested hundreds of levels deep: more than any "
                      f"{subject.removeprefix('the ')} holds", subject) from None
    if not isinstance(data, dict):
        raise _refuse(path, f"must hold a JSON object, {holds}; it holds {_kind(data)}", subject)
    return data


def _refuse(path: Path, message: str, subject: str) -> InvalidProblem:
    return InvalidProblem([Issue(str(path), message)], subject=subject)


class _NotJson(ValueError):
    pass


def _integer(text: str) -> int | LongNumber:
    return LongNumber(text) if len(text) > MAX_DIGITS else int(text)


def _real(text: str) -> float | LongNumber:
    return LongNumber(text) if len(text) > MAX_DIGITS else float(text)


def _not_json(text: str) -> Any:
    raise _NotJson(text)


def _kind(data: Any) -> str:
    if data is None:
        return "null"
    return {list: "a list", str: "text", bool: "true or false"}.get(type(data), "a number")


def _is_workbook(path: Path) -> bool:
    """Whether ``path`` names an ``.xlsx`` workbook: by its suffix, or a zip file's first bytes (no JSON has them).

    Raises
    ------
    InvalidProblem
        For a workbook in Excel's old binary format (``.xls``), which is not read.
    """
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return True
    with path.open("rb") as handle:
        start = handle.read(8)
    if start == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or path.suffix.lower() == ".xls":
        raise _refuse(path, "a workbook in Excel's old .xls format, which is not read: save it as .xlsx", "the day")
    return start.startswith(b"PK\x03\x04")


def day_format(path: str | Path) -> str:
    """The format of a day written at ``path``: ``"json"``, ``"xlsx"``, else ``"csv"`` (a folder)."""
    return {".json": "json", ".xlsx": "xlsx"}.get(Path(path).suffix.lower(), "csv")


def write_day(problem: Record, path: str | Path) -> str:
    """Write ``problem`` atomically as a JSON file, an ``.xlsx`` workbook or a CSV folder, by ``path``'s suffix.

    Returns the format written (:func:`day_format`). A folder is written beside its place and renamed into it; an
    existing folder is replaced only when it holds nothing but a day's files.

    Raises
    ------
    InvalidProblem
        For values the format cannot hold (a ``;`` inside a skill of a table), each with its path.
    MissingExtra
        For a workbook, when the ``excel`` extra is not installed.
    OSError
        When the place cannot take the day.
    """
    form = day_format(path)
    if form == "json":
        write_atomic(path, problem.to_json() + "\n")
    elif form == "xlsx":
        from models.xlsx_day import xlsx_bytes

        write_atomic(path, xlsx_bytes(problem))
    else:
        write_folder_atomic(path, csv_files(problem))
    return form


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) to ``path`` so that readers see the old file or the whole new one.

    A file replaced keeps its permissions; a new one gets what a plain ``open()`` would give.
    Errors name ``path``, never the temporary file beside it.

    Raises
    ------
    OSError
        When the folder cannot take the file, or ``path`` is a folder or a read-only file.
    """
    target = Path(path)
    mode = _replaceable_mode(target)
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(target)) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror, str(target)) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_folder_atomic(path: str | Path, files: dict[str, bytes], kind: FolderKind = DAY_FOLDER) -> None:
    """Write a folder of ``files`` at ``path``: readers see the old folder or the whole new one.

    The folder is written beside its place and renamed into it; a folder already there, which
    must be one ``kind`` may replace (by default, holding no file but a CSV day's), is renamed
    aside first and then removed, so for that moment there is no folder at ``path``.

    Raises
    ------
    OSError
        When the place cannot take the folder, is a file, or is a folder holding other files.
    """
    target = Path(path)
    mode = replaceable_folder(target, kind)
    try:
        temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(target)) from None
    try:
        for name, content in files.items():
            with open(temporary / name, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        _swap_in(temporary, target)
    except OSError as error:
        shutil.rmtree(temporary, ignore_errors=True)
        raise OSError(error.errno, error.strerror, str(target)) from None
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def _swap_in(folder: Path, target: Path) -> None:
    if not target.exists():
        os.replace(folder, target)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    os.replace(target, aside)  # onto the empty folder just made
    try:
        os.replace(folder, target)
    except BaseException:
        os.replace(aside, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def replaceable_folder(target: Path, kind: FolderKind = DAY_FOLDER) -> int:
    """The mode a folder written at ``target`` gets; refuses a file, or a folder ``kind`` may not replace."""
    try:
        status = target.stat()
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o777 & ~umask
    if not stat.S_ISDIR(status.st_mode):
        raise NotADirectoryError(20, f"is a file, not a folder ({kind.holder}'s CSV files are written as a folder)",
                                 str(target))
    held = os.listdir(target)
    others = sorted(name for name in held if name not in kind.files)
    if others:
        shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
        raise FileExistsError(17, f"is a folder holding files other than {kind.holder}'s ({shown}); it is not replaced",
                              str(target))
    if held and kind.marker is not None and kind.marker not in held:
        raise FileExistsError(17, f"is a folder holding {', '.join(sorted(held)[:3])} but no {kind.marker}: not "
                              f"{kind.holder}'s folder; it is not replaced", str(target))
    return stat.S_IMODE(status.st_mode)


def _replaceable_mode(target: Path) -> int:
    """The mode the written file gets; refuses a folder or a read-only file at ``target``."""
    try:
        status = target.stat()
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask  # as a plain open() would have made it
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(21, "is a directory", str(target))
    if not status.st_mode & 0o222:
        raise PermissionError(13, "is a read-only file (it is not replaced)", str(target))
    return stat.S_IMODE(status.st_mode)
