"""The matching core on its own: scores agree pair by pair, and the matching is exactly optimal."""

import numpy as np
import pytest

from relationships.matching.scores import (
    ANY,
    DIFFERENT,
    EITHER,
    FACTORS,
    LESS_SENIOR,
    MORE_SENIOR,
    SAME,
    People,
    factor_values,
    pair_score,
    score_matrix,
)
from relationships.matching.solver import best_matching, greedy_matching, reference_matching

DEFAULT_WEIGHTS = {"areas": 5, "department": 1, "location": 1, "methods": 2, "times": 1, "grade": 2}


def random_people(rng, n, mentees, n_areas=6):
    def known_or_not(kinds):
        return np.where(rng.random(n) < 0.2, -1, rng.integers(0, kinds, n)).astype(np.int32)

    people = People(
        areas=rng.random((n, n_areas)) < 0.3,
        department=known_or_not(3),
        location=known_or_not(2),
        seniority=known_or_not(4),
        methods=rng.random((n, 3)) < 0.4,
        times=rng.random((n, 4)) < 0.4,
    )
    if mentees:
        people.department_preference = rng.integers(0, 3, n).astype(np.int8)
        people.location_preference = rng.integers(0, 3, n).astype(np.int8)
    return people


def person(areas=(), department=-1, location=-1, seniority=-1, methods=(), times=(), **wants):
    def flags(chosen, size):
        return np.isin(np.arange(size), chosen)[None, :]

    people = People(
        areas=flags(areas, 6),
        department=np.array([department], np.int32),
        location=np.array([location], np.int32),
        seniority=np.array([seniority], np.int32),
        methods=flags(methods, 3),
        times=flags(times, 4),
    )
    for name, preference in wants.items():
        setattr(people, name, np.array([preference], np.int8))
    return people


def factors(mentee, mentor, direction=MORE_SENIOR):
    return {
        name: float(value[0, 0]) for name, value in factor_values(mentee, mentor, direction).items()
    }


# Scores


@pytest.mark.parametrize("direction", [MORE_SENIOR, LESS_SENIOR, EITHER])
def test_score_matrix_equals_pair_score_on_random_data(direction):
    rng = np.random.default_rng(direction + 10)
    weight_sets = [
        DEFAULT_WEIGHTS,
        {"areas": 1},
        {"department": 3, "location": 0, "grade": 1},
        {"areas": 99_991, "times": 7, "grade": 3},  # large enough to need float64
    ] + [dict(zip(FACTORS, rng.integers(0, 4, 6).tolist(), strict=True)) for _ in range(6)]
    mentees, mentors = random_people(rng, 40, True), random_people(rng, 25, False)
    values = factor_values(mentees, mentors, direction)
    for weights in weight_sets:
        if not any(weights.values()):
            continue
        scores = score_matrix(mentees, mentors, weights, direction, chunk_rows=7)
        expected = [
            [pair_score({name: v[i, j] for name, v in values.items()}, weights) for j in range(25)]
            for i in range(40)
        ]
        assert scores.dtype == np.uint8
        assert (scores == np.array(expected)).all(), weights


def test_factors_worked_by_hand():
    mentee = person(areas=[0, 1, 2], department=4, location=1, seniority=3, methods=[0], times=[1])
    mentee.department_preference = np.array([SAME], np.int8)
    mentee.location_preference = np.array([DIFFERENT], np.int8)
    mentor = person(areas=[1, 2, 5], department=4, location=2, seniority=5, methods=[0, 2])

    assert factors(mentee, mentor) == {
        "areas": pytest.approx(2 / 3),
        "department": 1.0,  # same department, as wanted
        "location": 1.0,  # a different location, as wanted
        "methods": 1.0,  # both can meet in person
        "times": 0.5,  # the mentor gave no times
        "grade": 1.0,  # the mentor is more senior
    }
    assert factors(mentee, mentor, LESS_SENIOR)["grade"] == 0.0
    assert factors(mentee, mentor, EITHER)["grade"] == 1.0
    assert pair_score(factors(mentee, mentor), DEFAULT_WEIGHTS) == 82  # 100 * (59 / 6) / 12


def test_factors_at_their_edges():
    mentee = person(department=1, seniority=4, methods=[1], department_preference=SAME)
    level = person(areas=[3], department=2, seniority=4, methods=[2])
    unknown = person(department=-1, seniority=-1)

    assert factors(mentee, level) == {
        "areas": 0.5,  # the mentee asked for no areas
        "department": 0.0,  # not the same department
        "location": 1.0,  # no preference
        "methods": 0.0,  # no way to meet in common
        "times": 0.5,  # neither gave times
        "grade": 0.5,  # the same grade
    }
    assert factors(mentee, level, EITHER)["grade"] == 0.5
    assert factors(mentee, unknown)["department"] == 0.5
    assert factors(mentee, unknown)["grade"] == 0.5
    mentee.department_preference = np.array([ANY], np.int8)
    assert factors(mentee, unknown)["department"] == 1.0


def test_scores_round_half_up():
    mentee, mentor = person(areas=[0, 1, 2, 3, 4, 5]), person(areas=[0])
    weights = {"areas": 1, "grade": 2}  # (1/6 + 2 * 1/2) / 3 = 38.9%
    assert score_matrix(mentee, mentor, weights, MORE_SENIOR)[0, 0] == 39
    mentee = person(areas=[0, 1, 2, 3])
    assert score_matrix(mentee, mentor, {"areas": 1, "times": 1}, EITHER)[0, 0] == 38  # 37.5
    assert pair_score({"areas": 0.125}, {"areas": 1}) == 13
    assert pair_score({"areas": 0.5, "times": 0.0}, {"areas": 1, "times": 3}) == 13  # 12.5


def test_bad_weights_raise():
    mentee, mentor = person(), person()
    for weights in ({}, {"areas": 0}, {"areas": -1, "grade": 2}, {"areas": 1.5}):
        with pytest.raises(ValueError):
            score_matrix(mentee, mentor, weights, MORE_SENIOR)


def test_no_one_to_score():
    rng = np.random.default_rng(3)
    mentees = random_people(rng, 4, True)
    assert score_matrix(mentees, random_people(rng, 0, False), {"areas": 1}, EITHER).shape == (4, 0)


# Matching


def outcome(scores, match):
    matched = match >= 0
    return int(matched.sum()), int(scores[matched, match[matched]].sum())


def assert_feasible(match, allowed, capacity, pinned=()):
    matched = np.flatnonzero(match >= 0)
    assert allowed[matched, match[matched]].all()
    assert (np.bincount(match[matched], minlength=len(capacity)) <= capacity).all()
    for mentee, mentor in pinned:
        assert match[mentee] == mentor


def brute_force(scores, allowed, capacity, pinned=()):
    """The best (matched, total score) over every way to match, with the pins kept."""
    n, m = scores.shape
    fixed, room, best = dict(pinned), list(capacity), (0, 0)
    for mentor in fixed.values():
        room[mentor] -= 1

    def visit(mentee, count, total):
        nonlocal best
        if mentee == n:
            best = max(best, (count, total))
            return
        if mentee in fixed:
            visit(mentee + 1, count + 1, total + int(scores[mentee, fixed[mentee]]))
            return
        visit(mentee + 1, count, total)
        for mentor in range(m):
            if allowed[mentee, mentor] and room[mentor] > 0:
                room[mentor] -= 1
                visit(mentee + 1, count + 1, total + int(scores[mentee, mentor]))
                room[mentor] += 1

    visit(0, 0, 0)
    return best


def random_instance(rng, n, m, most_places=2, forbidden=None):
    forbidden = rng.choice([0.0, 0.3, 0.7]) if forbidden is None else forbidden
    coarse = rng.random() < 0.5  # few distinct scores, so many ties
    scores = rng.choice([0, 50, 100], (n, m)) if coarse else rng.integers(0, 101, (n, m))
    allowed = rng.random((n, m)) >= forbidden
    return scores.astype(np.uint8), allowed, rng.integers(0, most_places + 1, m)


def test_optimal_against_brute_force_on_small_instances():
    rng = np.random.default_rng(1)
    for _ in range(600):
        scores, allowed, capacity = random_instance(rng, rng.integers(0, 7), rng.integers(0, 5))
        match = best_matching(scores, allowed, capacity)
        assert_feasible(match, allowed, capacity)
        assert outcome(scores, match) == brute_force(scores, allowed, capacity)


@pytest.mark.parametrize("n, m", [(60, 20), (20, 30), (500, 150)])
def test_optimal_against_reference_on_larger_instances(n, m):
    rng = np.random.default_rng(n + m)
    for _ in range(12 if n < 100 else 2):
        scores, allowed, capacity = random_instance(rng, n, m, most_places=3)
        match = best_matching(scores, allowed, capacity)
        assert_feasible(match, allowed, capacity)
        reference = reference_matching(scores, allowed, capacity)
        assert_feasible(reference, allowed, capacity)
        assert outcome(scores, match) == outcome(scores, reference)


def test_optimal_against_reference_on_a_programme_sized_instance():
    # Big enough that the first candidate pairs fall short and the solver has to refine them.
    rng = np.random.default_rng(2)
    mentees, mentors = random_people(rng, 2000, True, 30), random_people(rng, 600, False, 30)
    scores = score_matrix(mentees, mentors, DEFAULT_WEIGHTS, MORE_SENIOR)
    allowed, capacity = rng.random(scores.shape) >= 0.05, rng.integers(1, 4, 600)
    match = best_matching(scores, allowed, capacity)
    assert_feasible(match, allowed, capacity)
    assert outcome(scores, match) == outcome(scores, reference_matching(scores, allowed, capacity))


def test_beats_greedy_when_places_are_tight():
    # Greedy gives mentor 0 to mentee 0 for the 90; mentee 1 then has nobody it may have.
    scores = np.array([[90, 80], [85, 10]], np.uint8)
    allowed = np.array([[True, True], [True, False]])
    capacity = [1, 1]

    assert greedy_matching(scores, allowed, capacity).tolist() == [0, -1]
    assert best_matching(scores, allowed, capacity).tolist() == [1, 0]


def test_pins_are_kept_and_the_rest_is_optimal():
    rng = np.random.default_rng(2)
    for _ in range(100):
        scores, allowed, capacity = random_instance(rng, rng.integers(1, 7), rng.integers(1, 5))
        room, pinned = capacity.copy(), []
        for mentee in np.flatnonzero(rng.random(len(scores)) < 0.3):
            choices = np.flatnonzero(allowed[mentee] & (room > 0))
            if len(choices):
                pinned.append((int(mentee), int(choices[0])))
                room[choices[0]] -= 1
        match = best_matching(scores, allowed, capacity, pinned=pinned)
        assert_feasible(match, allowed, capacity, pinned)
        assert outcome(scores, match) == brute_force(scores, allowed, capacity, pinned)


def test_bad_pins_raise():
    scores, allowed = np.full((3, 2), 50, np.uint8), np.array([[True, False]] * 3)
    for pinned in ([(0, 1)], [(0, 0), (0, 0)], [(0, 0), (1, 0)], [(3, 0)], [(-1, 0)]):
        with pytest.raises(ValueError):
            best_matching(scores, allowed, [1, 1], pinned=pinned)


def test_bad_inputs_raise():
    scores, allowed = np.full((2, 2), 50), np.ones((2, 2), bool)
    for bad in (
        (scores, allowed, [1]),
        (scores, allowed[:1], [1, 1]),
        (scores + 51, allowed, [1, 1]),
        (scores, allowed, [1, -1]),
    ):
        with pytest.raises(ValueError):
            best_matching(*bad)


def test_capacity_is_not_changed():
    capacity = np.array([1, 2])
    best_matching(np.full((3, 2), 50), np.ones((3, 2), bool), capacity, pinned=[(0, 1)])
    assert capacity.tolist() == [1, 2]


@pytest.mark.parametrize(
    "n, m, capacity, allowed",
    [(0, 3, [1, 1, 1], True), (3, 0, [], True), (3, 2, [0, 0], True), (3, 2, [2, 2], False)],
)
def test_nothing_to_match(n, m, capacity, allowed):
    scores, allowed = np.full((n, m), 70), np.full((n, m), allowed)
    match = best_matching(scores, allowed, capacity)
    assert match.dtype == np.int64
    assert match.tolist() == [-1] * n
    assert reference_matching(scores, allowed, capacity).tolist() == [-1] * n
    assert greedy_matching(scores, allowed, capacity).tolist() == [-1] * n
