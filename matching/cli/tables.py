"""Aligned text tables for terminals, wide (CJK) characters counted twice."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = ["width", "table"]


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(header: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> list[str]:
    """Aligned lines, indented two spaces: the first ``left`` columns flush left, the others flush right."""
    widths = [max(width(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [str(text) + " " * (widths[i] - width(str(text))) if i < left
                 else " " * (widths[i] - width(str(text))) + str(text) for i, text in enumerate(row)]
        lines.append(("  " + "  ".join(cells)).rstrip())
    return lines
