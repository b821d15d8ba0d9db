"""Small categories counted together before suppressing (issue 20), attacked: someone holding
every published number, and knowing that each category counted together totals fewer than
the threshold, tries to work out any suppressed number or any category's count."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from evaluations.anonymity import OTHER, protect_merging

from .test_anonymity import cohorts


def published_sums(table, merged_columns, columns):
    """Each published number as a linear sum of the true cells (rows x original columns),
    with its value (None where suppressed)."""
    r, c = len(table.rows), len(columns)
    where = {
        label: [columns.index(name) for name in merged_columns]
        if label not in columns
        else [columns.index(label)]
        for label in table.columns
    }
    numbers = []
    for i in range(r):
        for j, label in enumerate(table.columns):
            numbers.append(({(i, k) for k in where[label]}, table.cells[i][j]))
        numbers.append(({(i, k) for k in range(c)}, table.row_totals[i]))
    for j, label in enumerate(table.columns):
        numbers.append(({(i, k) for i in range(r) for k in where[label]}, table.column_totals[j]))
    numbers.append(({(i, k) for i in range(r) for k in range(c)}, table.total))
    return numbers


def ranges(table, merged_columns, columns, at):
    """The least and greatest value of each suppressed number and of each cell counted
    together, over every count that agrees with what is published."""
    r, c = len(table.rows), len(columns)
    index = {(i, k): i * c + k for i in range(r) for k in range(c)}

    def row_of(parts):
        line = np.zeros(r * c)
        for part in parts:
            line[index[part]] = 1
        return line

    numbers = published_sums(table, merged_columns, columns)
    a_eq = [row_of(parts) for parts, value in numbers if value is not None]
    b_eq = [value for _, value in numbers if value is not None]
    small = [columns.index(name) for name in merged_columns]
    a_ub = [row_of({(i, k) for i in range(r)}) for k in small] or None
    b_ub = [at - 1] * len(small) or None
    goals = [row_of(parts) for parts, value in numbers if value is None]
    goals += [row_of({(i, k)}) for i in range(r) for k in small]
    found = []
    for goal in goals:
        low = linprog(goal, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq or None, b_eq=b_eq or None)
        high = linprog(-goal, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq or None, b_eq=b_eq or None)
        found.append((low.fun, -high.fun if high.status == 0 else np.inf))
    return found


@settings(max_examples=120, deadline=None)
@given(counts=cohorts, at=st.sampled_from([5, 10]))
def test_nothing_counted_together_or_suppressed_can_be_worked_out(counts, at):
    columns = [f"c{j}" for j in range(len(counts[0]))]
    table, merged = protect_merging(range(len(counts)), columns, counts, at=at)
    for low, high in ranges(table, merged, columns, at):
        assert np.floor(high + 1e-6) - np.ceil(low - 1e-6) >= 1, (low, high)


def test_small_outcomes_are_counted_together_as_other_and_published():
    counts = [[30, 4, 3, 2, 12], [25, 3, 4, 2, 11]]
    table, merged = protect_merging(["A", "B"], ["a", "b", "c", "d", "e"], counts, at=10)
    assert merged == ["b", "c", "d"]
    assert table.columns == ["a", "e", OTHER]
    assert table.column_totals == [55, 23, 18]
    assert table.cells == [[30, 12, None], [25, None, None]] or None not in table.column_totals


def test_other_is_not_published_at_the_one_total_that_gives_each_part_away():
    table, _ = protect_merging(["A"], ["a", "b", "c"], [[40, 9, 9]], at=10)
    assert table.column_totals[-1] is None


@settings(max_examples=120, deadline=None)
@given(counts=cohorts, at=st.sampled_from([5, 10]))
def test_no_row_or_column_gives_away_a_small_total_of_its_suppressed_cells(counts, at):
    columns = [f"c{j}" for j in range(len(counts[0]))]
    table, merged = protect_merging(range(len(counts)), columns, counts, at=at)
    r, c = len(table.rows), len(columns)
    numbers = published_sums(table, merged, columns)
    a_eq = [_line(parts, r, c) for parts, value in numbers if value is not None]
    b_eq = [value for _, value in numbers if value is not None]
    small = [columns.index(name) for name in merged]
    a_ub = [_line({(i, k) for i in range(r)}, r, c) for k in small] or None
    b_ub = [at - 1] * len(small) or None
    width = len(table.columns) + 1  # each row's cells, then its total
    cells = [numbers[i * width + j] for i in range(r) for j in range(width - 1)]
    lines = [cells[i * (width - 1) : (i + 1) * (width - 1)] for i in range(r)]
    lines += [[line[j] for line in lines] for j in range(width - 1)]
    for line in lines:
        hidden = set().union(*(parts for parts, value in line if value is None))
        if not hidden:
            continue
        goal = _line(hidden, r, c)
        low = linprog(goal, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq or None, b_eq=b_eq or None)
        high = linprog(-goal, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq or None, b_eq=b_eq or None)
        high = -high.fun if high.status == 0 else np.inf
        exact = np.floor(high + 1e-6) - np.ceil(low.fun - 1e-6) < 1
        assert not (exact and 0 < low.fun + 1e-6 < at), (line, low.fun)


def _line(parts, r, c):
    line = np.zeros(r * c)
    for i, k in parts:
        line[i * c + k] = 1
    return line
