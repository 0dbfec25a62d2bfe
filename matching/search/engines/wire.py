"""A ``LinearModel`` as the bytes of an OR-Tools ``MPModelProto``, encoded with numpy.

Building the message one variable and one row at a time through protobuf's Python objects holds Python's
lock for about 3 µs a variable and 4 µs a row (10 ms on a 3,300-variable part): in a race that is time
taken from the lane beside it, which on a part HiGHS proves in 80 ms was most of the race's cost over
HiGHS alone. Here every field is laid out with array operations in protobuf's wire format
(https://protobuf.dev/programming-guides/encoding/): each variable is one fixed-size record, and each row
a run of fixed fields and two packed arrays (column indices as varints, coefficients as doubles).
``MPModelProto.FromString`` reads the bytes back in C; a test compares the result with the message built
field by field.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching.model.linear import NO_BOUND

__all__ = ["model_bytes"]

# Field tags: (field number << 3) | wire type (0 varint, 1 64-bit, 2 length-delimited).
_MODEL_MAXIMIZE = 1 << 3 | 0
_MODEL_VARIABLE = 3 << 3 | 2
_MODEL_CONSTRAINT = 4 << 3 | 2
_MODEL_HINT = 6 << 3 | 2
_VARIABLE_LOWER, _VARIABLE_UPPER, _VARIABLE_OBJECTIVE, _VARIABLE_INTEGER = (1 << 3 | 1, 2 << 3 | 1, 3 << 3 | 1,
                                                                           4 << 3 | 0)
_ROW_LOWER, _ROW_UPPER, _ROW_COLUMNS, _ROW_COEFFICIENTS = 2 << 3 | 1, 3 << 3 | 1, 6 << 3 | 2, 7 << 3 | 2
_HINT_COLUMNS, _HINT_VALUES = 1 << 3 | 2, 2 << 3 | 2

_VARIABLE = np.dtype([("tag", "u1"), ("size", "u1"), ("lower_tag", "u1"), ("lower", "<f8"), ("upper_tag", "u1"),
                      ("upper", "<f8"), ("objective_tag", "u1"), ("objective", "<f8"), ("integer_tag", "u1"),
                      ("integer", "u1")])
"""One variable, with its field tag and length in the model: 31 bytes, whatever its values."""


def model_bytes(lower: np.ndarray, upper: np.ndarray, row_start: np.ndarray, cols: np.ndarray, coefs: np.ndarray,
                row_lo: np.ndarray, row_hi: np.ndarray, objective: np.ndarray, *, maximize: bool,
                hint: np.ndarray | None = None) -> bytes:
    """The serialized ``MPModelProto`` of integer variables within ``lower``..``upper``, rows
    ``row_lo ≤ Σ coefs · x[cols] ≤ row_hi`` in compressed-row form (bounds beyond ±2⁴⁰ mean none), the
    objective ``objective · x`` and, when given, ``hint`` as the solution hint of every variable."""
    count = len(lower)
    variables = np.zeros(count, dtype=_VARIABLE)
    variables["tag"] = _MODEL_VARIABLE
    variables["size"] = _VARIABLE.itemsize - 2
    variables["lower_tag"], variables["upper_tag"] = _VARIABLE_LOWER, _VARIABLE_UPPER
    variables["objective_tag"], variables["integer_tag"] = _VARIABLE_OBJECTIVE, _VARIABLE_INTEGER
    variables["lower"], variables["upper"] = lower, upper
    variables["objective"] = objective
    variables["integer"] = 1
    parts = [bytes([_MODEL_MAXIMIZE, int(maximize)]), variables.tobytes(), _rows(row_start, cols, coefs, row_lo, row_hi)]
    if hint is not None:
        columns = _varints(np.arange(count, dtype=np.uint64))[0].tobytes()
        values = np.asarray(hint, dtype="<f8").tobytes()
        body = (bytes([_HINT_COLUMNS]) + _varint(len(columns)) + columns
                + bytes([_HINT_VALUES]) + _varint(len(values)) + values)
        parts.append(bytes([_MODEL_HINT]) + _varint(len(body)) + body)
    return b"".join(parts)


def _rows(row_start: np.ndarray, cols: np.ndarray, coefs: np.ndarray, row_lo: np.ndarray,
          row_hi: np.ndarray) -> bytes:
    """Every row as a ``constraint`` field of the model."""
    rows = len(row_start) - 1
    if rows == 0:
        return b""
    entries = np.diff(row_start).astype(np.int64)
    column_bytes, column_sizes = _varints(np.asarray(cols, dtype=np.uint64))
    ends = np.concatenate(([0], np.cumsum(column_sizes)))
    per_row_columns = ends[row_start[1:]] - ends[row_start[:-1]]
    coefficient_bytes = np.asarray(coefs, dtype="<f8").view(np.uint8)
    bounds = np.empty((rows, 2), dtype="<f8")
    bounds[:, 0] = np.where(row_lo <= -NO_BOUND, -np.inf, row_lo)
    bounds[:, 1] = np.where(row_hi >= NO_BOUND, np.inf, row_hi)
    fixed = np.empty((rows, 18), dtype=np.uint8)  # both bounds, each a tag and 8 bytes
    fixed[:, 0], fixed[:, 9] = _ROW_LOWER, _ROW_UPPER
    fixed[:, 1:9] = bounds[:, :1].view(np.uint8)
    fixed[:, 10:18] = bounds[:, 1:].view(np.uint8)
    column_head, column_head_sizes = _varints(per_row_columns.astype(np.uint64))
    coefficient_head, coefficient_head_sizes = _varints((8 * entries).astype(np.uint64))
    body = (18 + 1 + column_head_sizes + per_row_columns + 1 + coefficient_head_sizes + 8 * entries)
    body_head, body_head_sizes = _varints(body.astype(np.uint64))
    ones = np.ones(rows, dtype=np.int64)
    return _interleave([
        (ones, np.full(rows, _MODEL_CONSTRAINT, dtype=np.uint8)),
        (body_head_sizes, body_head),
        (np.full(rows, 18, dtype=np.int64), fixed.ravel()),
        (ones, np.full(rows, _ROW_COLUMNS, dtype=np.uint8)),
        (column_head_sizes, column_head),
        (per_row_columns, column_bytes),
        (ones, np.full(rows, _ROW_COEFFICIENTS, dtype=np.uint8)),
        (coefficient_head_sizes, coefficient_head),
        (8 * entries, coefficient_bytes),
    ]).tobytes()


def _interleave(pieces: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Rows made of ``pieces`` in turn: piece ``p`` gives row ``r`` its next ``sizes[r]`` bytes of ``data``
    (each piece's data is every row's bytes of that piece, row after row)."""
    sizes = np.stack([piece_sizes for piece_sizes, _ in pieces], axis=1)  # rows × pieces
    starts = (np.cumsum(sizes.ravel()) - sizes.ravel()).reshape(sizes.shape)  # where each row's piece begins
    out = np.empty(int(sizes.sum()), dtype=np.uint8)
    for index, (piece_sizes, data) in enumerate(pieces):
        if len(data) == 0:
            continue
        begins = starts[:, index]
        offsets = np.cumsum(piece_sizes) - piece_sizes  # where each row's bytes begin in ``data``
        out[np.repeat(begins - offsets, piece_sizes) + np.arange(len(data))] = data
    return out


def _varints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The base-128 varint encodings of non-negative ``values``, one after another, and the size of each."""
    values = values.astype(np.uint64)
    sizes = np.ones(len(values), dtype=np.int64)
    for shift in range(7, 64, 7):
        sizes += (values >> np.uint64(shift)) > 0
    owner = np.repeat(np.arange(len(values)), sizes)
    position = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    groups = (values[owner] >> (np.uint64(7) * position.astype(np.uint64))) & np.uint64(0x7F)
    more = position < sizes[owner] - 1
    return (groups | (more.astype(np.uint64) << np.uint64(7))).astype(np.uint8), sizes


def _varint(value: int) -> bytes:
    return _varints(np.array([value], dtype=np.uint64))[0].tobytes()
