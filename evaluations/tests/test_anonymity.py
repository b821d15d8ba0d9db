"""The anonymity rules, attacked: random cohorts are broken down, and someone holding every
published number tries to work out each suppressed one (MON-2)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from evaluations.anonymity import DEFAULT_THRESHOLD, mean, protect, rate, threshold


def attack(table):
    """The least and greatest value each suppressed number could take, worked out only from
    what is published: every row, column and total adds up, and nobody is counted below
    zero. Returns {(kind, position): (low, high)}."""
    unknown, published = {}, {}
    r, c = len(table.rows), len(table.columns)
    places = [(("cell", i, j), table.cells[i][j]) for i in range(r) for j in range(c)]
    places += [(("row", i), table.row_totals[i]) for i in range(r)]
    places += [(("column", j), table.column_totals[j]) for j in range(c)]
    places += [(("total",), table.total)]
    for place, value in places:
        (published if value is not None else unknown)[place] = value
    order = list(unknown)
    sums = [[("cell", i, j) for j in range(c)] + [("row", i)] for i in range(r)]
    sums += [[("cell", i, j) for i in range(r)] + [("column", j)] for j in range(c)]
    sums += [[("row", i) for i in range(r)] + [("total",)]]
    sums += [[("column", j) for j in range(c)] + [("total",)]]
    a, b = [], []
    for parts in sums:  # the parts add up to the last, their total
        sign = {place: 1 for place in parts[:-1]} | {parts[-1]: -1}
        a.append([sign.get(place, 0) for place in order])
        b.append(-sum(sign[p] * published[p] for p in parts if p in published))
    found = {}
    for k, place in enumerate(order):
        goal = np.eye(len(order))[k]
        low = linprog(goal, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        high = linprog(-goal, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        found[place] = (low.fun, -high.fun if high.status == 0 else np.inf)
    return found


def truth(counts):
    counts = np.asarray(counts)
    values = {("cell", i, j): v for (i, j), v in np.ndenumerate(counts)}
    values |= {("row", i): v for i, v in enumerate(counts.sum(axis=1))}
    values |= {("column", j): v for j, v in enumerate(counts.sum(axis=0))}
    return values | {("total",): counts.sum()}


def shown(table):
    r, c = len(table.rows), len(table.columns)
    values = {("cell", i, j): table.cells[i][j] for i in range(r) for j in range(c)}
    values |= {("row", i): v for i, v in enumerate(table.row_totals)}
    values |= {("column", j): v for j, v in enumerate(table.column_totals)}
    return values | {("total",): table.total}


cohorts = st.integers(1, 5).flatmap(
    lambda rows: st.integers(1, 4).flatmap(
        lambda columns: st.lists(
            st.lists(
                st.one_of(st.integers(0, 12), st.integers(0, 60)),
                min_size=columns,
                max_size=columns,
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=120, deadline=None)
@given(counts=cohorts, at=st.sampled_from([5, 10]))
def test_no_suppressed_number_can_be_worked_out(counts, at):
    table = protect(range(len(counts)), range(len(counts[0])), counts, at=at)
    true = truth(counts)
    for place, (low, high) in attack(table).items():
        assert low - 1e-6 <= true[place] <= high + 1e-6
        assert np.floor(high + 1e-6) - np.ceil(low - 1e-6) >= 1, f"{place} is exactly {low}"


@settings(max_examples=120, deadline=None)
@given(counts=cohorts, at=st.sampled_from([5, 10]))
def test_every_published_number_is_true_and_at_least_the_threshold(counts, at):
    table = protect(range(len(counts)), range(len(counts[0])), counts, at=at)
    true = truth(counts)
    for place, value in shown(table).items():
        if value is not None:
            assert value == true[place] and value >= at


def test_a_small_count_and_the_cells_that_would_give_it_away_are_suppressed():
    table = protect(["A", "B", "C"], ["x", "y"], [[12, 3], [20, 15], [11, 30]], at=10)
    assert table.cells == [[None, None], [20, 15], [None, None]]
    assert table.row_totals == [15, 35, 41] and table.total == 91


def test_zeros_that_their_row_would_give_away_are_given_company():
    """Two zeros alone among a row's suppressed numbers add up to nothing, so each must be
    zero: another number in the row is suppressed with them, and none can be worked out."""
    table = protect(["A", "B"], ["x", "y", "z"], [[0, 0, 40], [25, 30, 35]], at=10)
    assert table.cells[0][:2] == [None, None]
    assert sum(value is None for value in shown(table).values()) > 2
    for low, high in attack(table).values():
        assert high - low >= 1


def test_the_threshold_is_never_below_five(settings):
    settings.REPORT_THRESHOLD = 2
    assert threshold() == 5
    assert protect(["A"], ["x", "y"], [[4, 30]], at=3).cells == [[None, None]]
    del settings.REPORT_THRESHOLD
    assert threshold() == DEFAULT_THRESHOLD


def test_no_percentage_or_mean_on_a_small_base():
    assert rate(3, 9, at=10) is None
    assert rate(3, 12, at=10) == 25
    assert rate(None, 12, at=10) is None
    assert mean(45, 9, at=10) is None
    assert mean(45, 10, at=10) == 4.5


@pytest.mark.parametrize("counts", [[[0, 0], [0, 0]], [[50, 60], [70, 80]]])
def test_nothing_to_hide_or_nothing_to_show(counts):
    table = protect(["A", "B"], ["x", "y"], counts, at=10)
    flat = [v for row in table.cells for v in row]
    assert flat == ([None] * 4 if counts[0][0] == 0 else [50, 60, 70, 80])


def attack_sums(table):
    """The least and greatest the suppressed numbers of each sum (a row's cells, a column's
    cells, the row totals, the column totals) could add up to, given every published number.
    Returns {sum: (low, high)} for the sums with a number suppressed."""
    r, c = len(table.rows), len(table.columns)
    unknown = [place for place, value in shown(table).items() if value is None]
    parts = {("row", i): [("cell", i, j) for j in range(c)] for i in range(r)}
    parts |= {("column", j): [("cell", i, j) for i in range(r)] for j in range(c)}
    parts |= {("row totals",): [("row", i) for i in range(r)]}
    parts |= {("column totals",): [("column", j) for j in range(c)]}
    a, b = _attack_equations(table, unknown)
    bounds = {}
    for name, places in parts.items():
        goal = np.array([1.0 if place in places else 0.0 for place in unknown])
        if not goal.any():
            continue
        low = linprog(goal, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        high = linprog(-goal, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        bounds[name] = (low.fun, -high.fun if high.status == 0 else np.inf)
    return bounds


def _attack_equations(table, order):
    r, c = len(table.rows), len(table.columns)
    published = {place: value for place, value in shown(table).items() if value is not None}
    sums = [[("cell", i, j) for j in range(c)] + [("row", i)] for i in range(r)]
    sums += [[("cell", i, j) for i in range(r)] + [("column", j)] for j in range(c)]
    sums += [[("row", i) for i in range(r)] + [("total",)]]
    sums += [[("column", j) for j in range(c)] + [("total",)]]
    a, b = [], []
    for places in sums:
        sign = {place: 1 for place in places[:-1]} | {places[-1]: -1}
        a.append([sign.get(place, 0) for place in order])
        b.append(-sum(sign[p] * published[p] for p in places if p in published))
    return a, b


@settings(max_examples=120, deadline=None)
@given(counts=cohorts, at=st.sampled_from([5, 10]))
def test_no_row_or_column_gives_away_a_small_total_of_its_suppressed_numbers(counts, at):
    table = protect(range(len(counts)), range(len(counts[0])), counts, at=at)
    for name, (low, high) in attack_sums(table).items():
        exact = np.floor(high + 1e-6) - np.ceil(low - 1e-6) < 1
        assert not (exact and 0 < low + 1e-6 < at), f"{name}'s suppressed add up to {low}"


def test_the_suppressed_cells_of_a_row_never_add_up_to_fewer_than_the_threshold():
    """12 and 20 published beside a total of 35 would say that 3 are in the other two."""
    counts = [[12, 3, 0, 20], [15, 20, 25, 30]]
    table = protect(["A", "B"], ["w", "x", "y", "z"], counts, at=10)
    hidden = [n for n, out in zip(counts[0], table.cells[0], strict=True) if out is None]
    assert table.row_totals[0] is None or sum(hidden) >= 10
    for low, high in attack_sums(table).values():
        assert not (high - low < 1 and 0 < low < 10)
