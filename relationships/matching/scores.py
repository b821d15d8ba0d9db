"""How well each mentor suits each mentee: six factors, each a fraction in [0, 1], weighted into
a whole-number score from 0 to 100.

`score_matrix` gets every pair at once with one integer-valued matrix product per block of
mentees, so it agrees exactly with `pair_score`, which works one pair at a time in fractions.
"""

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

ANY, SAME, DIFFERENT = 0, 1, 2
MORE_SENIOR, LESS_SENIOR, EITHER = 1, -1, 0
FACTORS = ("areas", "department", "location", "methods", "times", "grade")


@dataclass
class People:
    areas: np.ndarray  # bool (n, n_areas): mentees: areas wanted; mentors: areas offered
    department: np.ndarray  # int32 (n,), -1 unknown
    location: np.ndarray  # int32 (n,), -1 unknown
    seniority: np.ndarray  # int32 (n,), -1 unknown (higher = more senior grade)
    methods: np.ndarray  # bool (n, n_methods): ways they can meet
    times: np.ndarray  # bool (n, n_times): when they are free
    department_preference: np.ndarray | None = None  # int8 (n,) mentees only: ANY, SAME, DIFFERENT
    location_preference: np.ndarray | None = None  # likewise

    def __len__(self):
        return len(self.department)


# Each factor below is in half points: 0, 1 or 2 stands for 0, 0.5 or 1.


def _place_halves(mine, theirs, preference):
    """(n, m) halves for department or location: mentee `mine` and preference, mentor `theirs`."""
    mine, theirs = mine[:, None], theirs[None, :]
    preference = np.zeros(mine.shape, np.int8) if preference is None else preference[:, None]
    wanted = (mine == theirs) == (preference == SAME)
    halves = np.where((mine < 0) | (theirs < 0), 1, 2 * wanted)
    return np.where(preference == ANY, 2, halves)


def _overlap_halves(mine, theirs):
    """(n, m) halves for methods or times: any shared, or half if either side gave none."""
    shared = (mine.astype(np.int32) @ theirs.T.astype(np.int32)) > 0
    either_empty = ~mine.any(axis=1)[:, None] | ~theirs.any(axis=1)[None, :]
    return np.where(either_empty, 1, 2 * shared)


def _grade_halves(mine, theirs, direction):
    mine, theirs = mine[:, None], theirs[None, :]
    step = np.sign(theirs - mine)
    halves = 1 + (step != 0) if direction == EITHER else 1 + direction * step
    return np.where((mine < 0) | (theirs < 0), 1, halves)


def factor_values(mentees: People, mentors: People, direction) -> dict[str, np.ndarray]:
    """Every factor as a float (n_mentees, n_mentors) array; for small inputs."""
    wanted = mentees.areas.astype(np.int64)
    count = wanted.sum(axis=1)[:, None]
    common = wanted @ mentors.areas.T.astype(np.int64)
    areas = np.where(count == 0, 0.5, common / np.maximum(count, 1))
    halves = {
        "department": _place_halves(
            mentees.department, mentors.department, mentees.department_preference
        ),
        "location": _place_halves(mentees.location, mentors.location, mentees.location_preference),
        "methods": _overlap_halves(mentees.methods, mentors.methods),
        "times": _overlap_halves(mentees.times, mentors.times),
        "grade": _grade_halves(mentees.seniority, mentors.seniority, direction),
    }
    return {"areas": areas} | {name: value / 2.0 for name, value in halves.items()}


def _checked_weights(weights):
    weights = {name: weights.get(name, 0) for name in FACTORS}
    if any(w < 0 or w != int(w) for w in weights.values()) or sum(weights.values()) == 0:
        raise ValueError("Weights must be whole numbers, not negative, and not all zero.")
    return {name: int(w) for name, w in weights.items()}


def pair_score(factors: dict[str, float], weights) -> int:
    """The score for one pair from its factor values, rounded half up, in exact fractions."""
    weights = _checked_weights(weights)
    total = sum(
        weight * Fraction(factors[name]).limit_denominator(10**6)
        for name, weight in weights.items()
        if weight
    )
    return int(100 * total / sum(weights.values()) + Fraction(1, 2))


# score_matrix writes each score as floor(N_ij / D_i), with whole numbers
#     N_ij = 200 w_areas k_ij + n_i (100 H_ij + W),   D_i = 2 n_i W,
# where the mentee wants n_i areas, k_ij of which the mentor offers, W is the sum of the weights
# and H_ij the weighted sum of the other factors in halves. N is one matrix product: mentee rows
# hold the weights, mentor rows mark the mentor's areas and, per factor, which kind of mentor
# they are (their department, set of methods, ...), so each sum is exact in floating point.


def _kinds(values):
    """The distinct mentor values (rows) and, per mentor, a one-hot row marking its own."""
    kinds, kind_of = np.unique(values, axis=0, return_inverse=True)
    return kinds, np.eye(len(kinds), dtype=np.float64)[kind_of.reshape(-1)]


def _factor_columns(mentees, mentors, direction):
    """Per factor: (mentee halves against each kind of mentor, mentor one-hot rows)."""
    columns = {}
    for name in ("department", "location"):
        kinds, one_hot = _kinds(getattr(mentors, name))
        preference = getattr(mentees, f"{name}_preference")
        columns[name] = (_place_halves(getattr(mentees, name), kinds, preference), one_hot)
    for name in ("methods", "times"):
        kinds, one_hot = _kinds(getattr(mentors, name))
        columns[name] = (_overlap_halves(getattr(mentees, name), kinds), one_hot)
    kinds, one_hot = _kinds(mentors.seniority)
    columns["grade"] = (_grade_halves(mentees.seniority, kinds, direction), one_hot)
    return columns


def _product_terms(mentees, mentors, weights, direction):
    """Mentee rows X, mentor rows Y and divisors D with N = X @ Y.T (see above)."""
    total = sum(weights.values())
    wanted = mentees.areas.astype(np.float64)
    count = wanted.sum(axis=1)
    none_wanted = count == 0
    count[none_wanted] = 2  # no areas wanted counts as one area of two in common: a half
    x_parts = [200.0 * weights["areas"] * wanted]
    y_parts = [mentors.areas.astype(np.float64)]
    for name, (halves, one_hot) in _factor_columns(mentees, mentors, direction).items():
        if weights[name]:
            x_parts.append(100.0 * weights[name] * count[:, None] * halves)
            y_parts.append(one_hot)
    x_parts.append((count * total + 200.0 * weights["areas"] * none_wanted)[:, None])
    y_parts.append(np.ones((len(mentors), 1)))
    return np.hstack(x_parts), np.hstack(y_parts), 2.0 * count * total


def score_matrix(mentees, mentors, weights, direction, chunk_rows=512) -> np.ndarray:
    """Every pair's score as a uint8 (n_mentees, n_mentors) array."""
    weights = _checked_weights(weights)
    scores = np.empty((len(mentees), len(mentors)), np.uint8)
    if scores.size == 0:
        return scores
    x, y, divisor = _product_terms(mentees, mentors, weights, direction)
    # Every partial sum is a whole number below 101 * divisor: exact in float32 below 2**24, a
    # bound that also keeps each quotient from rounding up to the next whole number.
    exact_in = np.float32 if 101 * divisor.max() < 2**24 else np.float64
    if 101 * divisor.max() >= 2**53:
        raise ValueError("Weights too large to score exactly.")
    x, y, divisor = x.astype(exact_in), y.T.astype(exact_in), divisor.astype(exact_in)
    for start in range(0, len(mentees), chunk_rows):
        rows = slice(start, start + chunk_rows)
        block = x[rows] @ y
        block /= divisor[rows, None]
        scores[rows] = block  # casting truncates: the floor of these non-negative numbers
    return scores
