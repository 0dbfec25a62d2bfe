"""The numpy encoding of a model for SCIP reads back as the message built field by field through protobuf."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.linear_solver import linear_solver_pb2

from matching.search.engines.wire import _varints, model_bytes

NONE = 1 << 40


def reference(lower, upper, row_start, cols, coefs, row_lo, row_hi, objective, maximize, hint):
    """The message as protobuf's own objects build it, one field at a time."""
    proto = linear_solver_pb2.MPModelProto(maximize=maximize)
    for low, high, cost in zip(lower, upper, objective):
        proto.variable.add(lower_bound=float(low), upper_bound=float(high), objective_coefficient=float(cost),
                           is_integer=True)
    for row in range(len(row_lo)):
        a, b = row_start[row], row_start[row + 1]
        proto.constraint.add(var_index=[int(c) for c in cols[a:b]], coefficient=[float(c) for c in coefs[a:b]],
                             lower_bound=-np.inf if row_lo[row] <= -NONE else float(row_lo[row]),
                             upper_bound=np.inf if row_hi[row] >= NONE else float(row_hi[row]))
    if hint is not None:
        proto.solution_hint.var_index.extend(range(len(lower)))
        proto.solution_hint.var_value.extend(float(v) for v in hint)
    return proto


@st.composite
def models(draw):
    count = draw(st.integers(0, 30))
    lower = np.array(draw(st.lists(st.integers(0, 1), min_size=count, max_size=count)), dtype=np.int64)
    upper = lower + np.array(draw(st.lists(st.sampled_from([0, 1, 10**6]), min_size=count, max_size=count)),
                             dtype=np.int64)
    objective = np.array(draw(st.lists(st.integers(-(10**12), 10**12), min_size=count, max_size=count)),
                         dtype=np.int64)
    rows = draw(st.lists(st.lists(st.tuples(st.integers(0, max(count - 1, 0)), st.integers(-300, 300)),
                                  max_size=count and 8), max_size=12))
    row_start = np.concatenate(([0], np.cumsum([len(row) for row in rows]))).astype(np.int64)
    cols = np.array([col for row in rows for col, _ in row], dtype=np.int64)
    coefs = np.array([coef for row in rows for _, coef in row], dtype=np.int64)
    bound = st.one_of(st.integers(-1000, 1000), st.just(NONE), st.just(-NONE), st.just(NONE + 5))
    row_lo = np.array([-abs(draw(bound)) for _ in rows], dtype=np.int64)
    row_hi = np.array([abs(draw(bound)) for _ in rows], dtype=np.int64)
    hint = draw(st.none() | st.just(np.array(draw(st.lists(st.integers(0, 1), min_size=count, max_size=count)))))
    return lower, upper, row_start, cols, coefs, row_lo, row_hi, objective, draw(st.booleans()), hint


@settings(max_examples=150, deadline=None)
@given(models())
def test_the_encoded_model_reads_back_as_the_one_built_field_by_field(model):
    lower, upper, row_start, cols, coefs, row_lo, row_hi, objective, maximize, hint = model
    encoded = model_bytes(lower, upper, row_start, cols, coefs, row_lo, row_hi, objective, maximize=maximize,
                          hint=hint)
    assert linear_solver_pb2.MPModelProto.FromString(encoded) == reference(*model)


def test_column_indices_of_several_bytes_and_long_rows_are_encoded_as_protobuf_does():
    """Indices past 2⁷ and 2¹⁴ take two and three bytes; a row of 200 entries has a two-byte length."""
    generator = np.random.default_rng(7)
    count = 40_000
    lower, upper = np.zeros(count, dtype=np.int64), np.ones(count, dtype=np.int64)
    sizes = np.array([200, 0, 1, 5, 130, 0])
    row_start = np.concatenate(([0], np.cumsum(sizes)))
    cols = generator.integers(0, count, size=row_start[-1])
    coefs = generator.integers(-5, 6, size=row_start[-1])
    row_lo = np.array([-NONE, 0, 1, -3, -NONE, 0])
    row_hi = np.array([1, NONE, 1, 4, 7, 0])
    objective = generator.integers(0, 1000, size=count)
    hint = generator.integers(0, 2, size=count)
    model = (lower, upper, row_start, cols, coefs, row_lo, row_hi, objective, False, hint)
    encoded = model_bytes(*model[:8], maximize=False, hint=hint)
    assert linear_solver_pb2.MPModelProto.FromString(encoded) == reference(*model)


def test_varints_match_the_base_128_definition():
    values = np.array([0, 1, 127, 128, 300, 16_383, 16_384, 2**21, 2**35 + 3, 2**63 + 11], dtype=np.uint64)
    encoded, sizes = _varints(values)
    expected = []
    for value in values.tolist():
        while True:
            group, value = value & 0x7F, value >> 7
            expected.append(group | (0x80 if value else 0))
            if not value:
                break
    assert encoded.tolist() == expected
    assert sizes.sum() == len(expected)
