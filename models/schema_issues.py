"""Turn pydantic's schema errors into issues with day-file paths.

When a day fails its schema, every record is also validated on its own, so that
reference problems among the good records are reported in the same error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from models.checks import DayParts
from models.errors import Issue
from models.types import DEFAULT_LEVELS, shown

__all__ = ["issues_from_validation_error", "parse_parts", "path_of"]

_MESSAGES = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field",
    "too_short": "must not be empty",
}


def path_of(location: tuple[str | int, ...]) -> str:
    """``("needs", 17, "area")`` → ``"needs[17].area"``."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            name = _printable(str(part))
            path += f".{name}" if path else name
    return path


def _printable(name: str) -> str:
    """A field name as a path shows it: escaped where it is not text (a lone surrogate), cut when long,
    ``""`` when empty."""
    if not name:
        return '""'
    name = name.encode("utf-8", "backslashreplace").decode("utf-8")
    return name if len(name) <= 60 else f"{name[:60]}…"


def _message(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    message = str(error["msg"])
    if message.startswith("Value error, "):
        return message[len("Value error, "):]
    value = error.get("input")
    if isinstance(value, (str, int, float, bool)) or value is None:
        return f"{message[:1].lower()}{message[1:]}, got {shown(value)}"
    return f"{message[:1].lower()}{message[1:]}"


def _location(error: Mapping[str, Any]) -> tuple[str | int, ...]:
    # Drop pydantic's internal steps (e.g. 'function-after[...]') from the location.
    return tuple(part for part in error["loc"] if isinstance(part, int) or "[" not in str(part))


def issues_from_validation_error(error: ValidationError, prefix: tuple[str | int, ...] = ()) -> list[Issue]:
    """One issue per schema error, with its day-file path."""
    details = error.errors()
    inner = {_location(d)[:i] for d in details for i in range(len(_location(d)))}
    issues = []
    for detail in details:
        if detail["type"] == "too_short" and _location(detail) in inner:
            continue  # the list is "empty" only because its items failed: they are reported
        if detail["type"] == "string_unicode":  # a field name that is not text: pydantic names only its record
            issues += [issue for issue in _unreadable_keys(prefix + _location(detail), detail.get("input"))
                       if issue not in issues]
            continue
        issue = Issue(path_of(prefix + _location(detail)), _message(detail))
        if issue not in issues:
            issues.append(issue)
    return issues


def _unreadable_keys(location: tuple[str | int, ...], found: Any) -> list[Issue]:
    """Issues for field names that are not text (a lone surrogate from a ``\\ud800`` escape); ``found`` is the
    name, or the record holding it, as pydantic gives it."""
    names = [found] if isinstance(found, str) else list(found) if isinstance(found, Mapping) else []
    issues = []
    for name in names:
        if isinstance(name, str) and not name.isascii():
            try:
                name.encode("utf-8")
            except UnicodeEncodeError:
                issues.append(Issue(path_of((*location, name)), "unknown field, whose name is not text "
                                    "(it holds a lone surrogate)"))
    return issues or [Issue(path_of(location) or "(top level)", "holds a name that is not text (a lone surrogate)")]


def _tree_fields(entry: Any) -> bool:
    """Whether a record that failed its schema still has a usable id, level and parent."""
    return (isinstance(entry, Mapping) and isinstance(entry.get("id"), str) and entry["id"] != ""
            and isinstance(entry.get("level"), str) and isinstance(entry.get("parent"), (str, type(None))))


def parse_parts(data: Mapping[str, Any], lists: Mapping[str, type[BaseModel]], settings: type[BaseModel]) -> DayParts:
    """Validate every record on its own, keeping those that pass, for reference checks."""
    levels = data.get("levels", DEFAULT_LEVELS)
    if not isinstance(levels, (list, tuple)) or not all(isinstance(level, str) for level in levels):
        levels = DEFAULT_LEVELS
    parts = DayParts(levels=tuple(levels))
    for name, model in lists.items():
        entries = data.get(name, [])
        if not isinstance(entries, (list, tuple)):
            continue
        failed: set[str] = set()
        for index, entry in enumerate(entries):
            try:
                getattr(parts, name).append((index, model.model_validate(entry)))
            except ValidationError:
                if name == "areas" and _tree_fields(entry):
                    # Keep its place in the tree so that the tree checks still run.
                    parts.areas.append((index, model.model_construct(
                        id=entry["id"], level=entry["level"], parent=entry.get("parent"))))
                elif isinstance(entry, Mapping) and isinstance(entry.get("id"), str):
                    failed.add(entry["id"])
                elif isinstance(entry, Mapping) and name != "arcs":
                    failed.add(f"\0{index}")
        parts.failed_ids[name] = failed
    try:
        parts.settings = settings.model_validate(data.get("settings", {}))
    except ValidationError:
        parts.settings = None
    return parts
