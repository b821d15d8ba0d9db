"""The rule that keeps reports of one year from being subtracted from one another
(evaluations/rebuilds.py), on tables built in memory: chains of builds, numbers suppressed in
one build and not in another, totals."""

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from evaluations.rebuilds import numbers, positions, protected, settle

AT = 10
COLUMNS = [("female", "Female"), ("male", "Male"), ("", "Not answered")]
VALUES = [value for value, _ in COLUMNS]


def builds(*grids, rows=(1,), at=AT):
    """Each grid built in turn as a report of the same year: what each published."""
    earlier, published = [], []
    for grid in grids:
        counts = {(r, c): grid[i][j] for i, r in enumerate(rows) for j, c in enumerate(VALUES)}
        table, basis = protected(list(rows), COLUMNS, counts, earlier, at=at)
        earlier.append(basis)
        published.append(dict(zip(positions(rows, VALUES), numbers(table), strict=True)))
    return published


def male(table, row=1):
    return table[("cell", row, "male")]


def test_one_more_person_keeps_the_earlier_number():
    first, second = builds([[20, 18, 15]], [[20, 19, 15]])
    assert male(first) == male(second) == 18
    assert first[("row", 1)] == second[("row", 1)] == 53


def test_a_number_that_moved_by_the_threshold_takes_its_new_value():
    _, second = builds([[20, 18, 15]], [[20, 28, 15]])
    assert male(second) == 28


def test_a_number_held_back_is_not_tipped_by_one_more_person():
    # 18 then 27 (held back at 18), then one more: 28 is 10 from what was shown but 1 from
    # what was true at the second build, so the second and third builds would give them away.
    published = builds([[20, 18, 15]], [[20, 27, 15]], [[20, 28, 15]])
    assert [male(t) for t in published] == [18, 18, 18]


def test_a_third_build_is_compared_with_the_first_as_well():
    published = builds([[20, 18, 15]], [[20, 30, 15]], [[20, 20, 15]])
    assert [male(t) for t in published] == [18, 30, 30]  # 20 is 10 from 30, 2 from 18


def test_a_number_suppressed_earlier_stays_suppressed_until_it_has_moved_by_the_threshold():
    # Female 3 is suppressed, and Male 12 with it, so that the total does not give 3 away.
    first, second = builds([[3, 12, 30]], [[13, 12, 30]])
    assert first[("cell", 1, "female")] is None and male(first) is None
    # Showing 12 now would give away the first build's 3 (45 - 30 - 12).
    assert male(second) is None


def test_a_number_below_the_threshold_does_not_appear_when_one_more_person_tips_it_over():
    first, second = builds([[20, 9, 11]], [[20, 10, 11]])
    assert male(first) is None and male(second) is None


def test_a_total_that_would_move_by_less_than_the_threshold_keeps_the_whole_table():
    # Female +10 may move and Male -19 may, but together the total would move by 9.
    first, second = builds([[20, 20, 15]], [[30, 1, 15]])
    assert second[("cell", 1, "female")] == 20 and second[("row", 1)] == 55


def test_after_a_whole_table_was_kept_one_more_person_still_changes_nothing():
    first, kept = builds([[20, 20, 15]], [[30, 1, 15]])
    assert kept == first
    for newcomer in ([[31, 1, 15]], [[30, 2, 15]]):  # a woman, or a man
        *_, third = builds([[20, 20, 15]], [[30, 1, 15]], newcomer)
        assert third == kept


def test_a_programme_broken_down_later_does_not_move_the_totals_by_a_little():
    first = {(1, "female"): 20, (1, "male"): 20, (1, ""): 15}
    _, _, basis = settle([1], VALUES, first, [], at=AT)
    basis["hidden"] = [False] * len(positions([1], VALUES))
    later = first | {(2, "female"): 15, (2, "male"): 3}
    used, _, _ = settle([1, 2], VALUES, later, [basis], at=AT)
    # Male in all programmes would be 23: the whole table waits, the new row suppressed as 0s.
    assert used == [[20, 20, 15], [0, 0, 0]]


grids = st.lists(st.lists(st.integers(0, 30), min_size=3, max_size=3), min_size=2, max_size=2)
change = st.tuples(st.integers(0, 1), st.integers(0, 2), st.integers(-12, 12))


@settings(max_examples=150, deadline=None)
@given(start=grids, changes=st.lists(st.lists(change, max_size=3), min_size=2, max_size=3))
def test_no_two_builds_of_a_year_differ_by_less_than_the_threshold(start, changes):
    """Chains of up to four builds, each a few people (or many) away from the one before."""
    at = 5
    grids, grid = [start], [row[:] for row in start]
    for step in changes:
        for r, c, by in step:
            grid[r][c] = max(grid[r][c] + by, 0)
        grids.append([row[:] for row in grid])
    published = builds(*grids, rows=(1, 2), at=at)
    for before, after in combinations(published, 2):
        for position, a in before.items():
            b = after[position]
            assert a is None or b is None or a == b or abs(a - b) >= at, position


person = st.tuples(st.integers(0, 1), st.integers(0, 2), st.sampled_from([-1, 1]))


@settings(max_examples=150, deadline=None)
@given(start=grids, changes=st.lists(st.lists(change, max_size=3), max_size=2), last=person)
def test_the_build_after_one_person_applied_or_left_publishes_what_the_one_before_did(
    start, changes, last
):
    at = 5
    grids, grid = [start], [row[:] for row in start]
    for step in [*changes, [last]]:
        for r, c, by in step:
            grid[r][c] = max(grid[r][c] + by, 0)
        grids.append([row[:] for row in grid])
    *_, before, after = builds(*grids, rows=(1, 2), at=at)
    assert after == before
