"""Who mentors whom: the most mentees matched, and among those matchings the highest total score.

`best_matching` is exact. It solves a sparse problem on candidate pairs (scipy's LAPJVsp), finds
prices that prove the answer optimal for those candidates, and checks the prices against every
allowed pair of the dense matrices. Pairs that beat their prices join the candidates and the
sparse problem is solved again, so the answer returned always carries its proof. The first
candidates come from prices guessed from the scores; typically three solves settle a programme
of 10,000 mentees and 3,000 mentors.

The proof is linear programming duality for the weights w_ij = M + s_ij, with M large enough
that one more match outweighs any difference in scores: a surplus u_i >= 0 per mentee and a price
v_j >= 0 per mentor with u_i + v_j >= w_ij for every allowed pair, u_i = 0 for unmatched mentees,
v_j = 0 for mentors with places left and u_i + v_j = w_ij for each pair in the matching.
"""

import numpy as np
import scipy.sparse
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

NEVER = 2**29  # bigger than any weight
OFF = -30000  # far below any gain worth having, and still an int16
BAND = 10  # a pair that beats its prices brings the pairs of its mentee this close to the best
NEAR = 4  # and every pair this close to its prices joins the candidates
NEARLY = 30  # no pair beats its prices by more: the prices are nearly right
COLUMN_SHARE = 30  # at first, roughly so many of each mentor's best-scoring mentees
FIRST_BAND = 2  # and each mentee's pairs this close to its best at estimated prices


def best_matching(scores, allowed, capacity, pinned=()) -> np.ndarray:
    """The mentor index for each mentee (-1 unmatched): as many matched as possible, then the
    highest total score. Pinned (mentee, mentor) pairs are kept and use the mentor's places."""
    scores, allowed, capacity = _inputs(scores, allowed, capacity)
    match = np.full(len(scores), -1, np.int64)
    for mentee, mentor in pinned:
        if not (0 <= mentee < len(scores) and 0 <= mentor < len(capacity)):
            raise ValueError(f"Pinned pair ({mentee}, {mentor}) is out of range.")
        if not allowed[mentee, mentor]:
            raise ValueError(f"Pinned pair ({mentee}, {mentor}) is not allowed.")
        if match[mentee] >= 0:
            raise ValueError(f"Mentee {mentee} is pinned twice.")
        if capacity[mentor] == 0:
            raise ValueError(f"Mentor {mentor} has no place left for pinned mentee {mentee}.")
        match[mentee] = mentor
        capacity[mentor] -= 1
    free = np.flatnonzero(match < 0)
    if len(free) == len(scores):
        return _optimal(scores, allowed, capacity)
    match[free] = _optimal(scores[free], allowed[free], capacity)
    return match


def greedy_matching(scores, allowed, capacity) -> np.ndarray:
    """Highest scores first: at each score, free mentees in index order take the first mentor
    with a place left. For comparison only."""
    scores, allowed, capacity = _inputs(scores, allowed, capacity)
    match = np.full(len(scores), -1, np.int64)
    for top in range(100, -1, -10):  # pairs ten scores at a time, from rows still free
        free = np.flatnonzero(match < 0)
        if len(free) == 0 or not capacity.any():
            break
        block = scores[free]
        mentees, mentors = np.nonzero((block > top - 10) & (block <= top) & allowed[free])
        values = block[mentees, mentors]
        for score in range(top, top - 10, -1):
            at = values == score
            _take_in_rounds(free[mentees[at]], mentors[at], match, capacity)
    return match


def _take_in_rounds(mentees, mentors, match, capacity):
    """Pairs sorted by mentee: each round, every free mentee asks for its first mentor with a
    place left, and each mentor takes as many askers as it has places, lowest index first."""
    while True:
        keep = (match[mentees] < 0) & (capacity[mentors] > 0)
        mentees, mentors = mentees[keep], mentors[keep]
        if len(mentees) == 0:
            return
        first = np.flatnonzero(np.concatenate([[True], mentees[1:] != mentees[:-1]]))
        order = np.argsort(mentors[first], kind="stable")
        asking, wanted = mentees[first][order], mentors[first][order]
        taken = np.arange(len(wanted)) - np.searchsorted(wanted, wanted) < capacity[wanted]
        match[asking[taken]] = wanted[taken]
        np.subtract.at(capacity, wanted[taken], 1)


def reference_matching(scores, allowed, capacity) -> np.ndarray:
    """The same objective by scipy's dense linear_sum_assignment, each mentor repeated once per
    place. Slow and memory hungry: for benchmarks and tests."""
    scores, allowed, capacity = _inputs(scores, allowed, capacity)
    n, slot_mentor = len(scores), np.repeat(np.arange(len(capacity)), capacity)
    match = np.full(n, -1, np.int64)
    if n == 0 or len(slot_mentor) == 0:
        return match
    big = 101.0 * min(n, len(slot_mentor)) + 1
    # A forbidden pair costs 0, the same as no pair at all, and is dropped afterwards.
    cost = np.empty((len(slot_mentor), n))
    for slot, mentor in enumerate(slot_mentor):
        cost[slot] = np.where(allowed[:, mentor], -big - scores[:, mentor], 0.0)
    slots, mentees = linear_sum_assignment(cost)
    mentors = slot_mentor[slots]
    kept = allowed[mentees, mentors]
    match[mentees[kept]] = mentors[kept]
    return match


def _inputs(scores, allowed, capacity):
    scores, allowed = np.asarray(scores), np.asarray(allowed, bool)
    capacity = np.array(capacity, np.int64).reshape(-1)
    if scores.ndim != 2 or allowed.shape != scores.shape or capacity.shape != scores.shape[1:]:
        raise ValueError("scores and allowed must be (mentees, mentors), capacity (mentors,).")
    if scores.size and (scores.min() < 0 or scores.max() > 100):
        raise ValueError("Scores must be between 0 and 100.")
    if (capacity < 0).any():
        raise ValueError("Capacity cannot be negative.")
    return scores.astype(np.uint8, copy=False), allowed, capacity


def _optimal(scores, allowed, capacity):
    n, m = scores.shape
    places = int(capacity.sum())
    if n == 0 or places == 0:
        return np.full(n, -1, np.int64)
    big = 101 * min(n, places) + 1
    if big >= NEVER // 4:
        raise ValueError("Too many mentees to match exactly.")
    gains = _Gains(scores, allowed, capacity)
    candidates, last_worst = _first_candidates(gains, places), NEVER
    while True:
        match = _solve(scores, candidates, capacity)
        prices, surplus, rounds = _prices(scores, candidates, capacity, match, big)
        while True:
            better, worst = _check(gains.priced(prices, surplus))
            if worst <= 0:
                return match
            if worst <= NEARLY and worst < last_worst:
                # Prices nearly right, and closer than before: the pairs near them will do, and
                # a smaller problem solves faster. Otherwise the candidates only grow, so the
                # loop ends.
                candidates = _merged(_pairs(match, m), better)
            else:
                candidates = _merged(candidates, better)
            last_worst = min(last_worst, worst)
            # The matching may still be optimal with the new candidates: try to prove it.
            proof = _prices(scores, candidates, capacity, match, big, 2 * rounds + 5)
            if proof is None:
                break
            prices, surplus, rounds = proof


class _Gains:
    """s_ij - p_j - u_i for blocks of mentees, where p_j = v_j - M: above zero when the pair
    beats its prices. Forbidden pairs and mentors without places come out far below zero."""

    def __init__(self, scores, allowed, capacity):
        self.scores, self.allowed = scores, allowed
        n, m = scores.shape
        step = max(1, 2**17 // max(m, 1))
        self.blocks = [slice(start, start + step) for start in range(0, n, step)]
        self.live = np.zeros(m, bool)  # mentors with places and an allowed pair
        for rows in self.blocks:
            self.live |= allowed[rows].any(axis=0)
        self.live &= capacity > 0

    def priced(self, prices, surplus):
        # Small prices and surpluses, the usual case, fit int16 with forbidden pairs below -29000.
        self.small = prices[self.live].min(initial=0) >= -1000 and surplus.max(initial=0) <= 1000
        if self.small:
            self.prices = (np.where(self.live, prices, 1000) - OFF).astype(np.int16)
        else:
            self.prices = np.where(self.live, prices, NEVER).astype(np.int64)
        self.surplus = surplus.astype(self.prices.dtype)
        return self

    def __getitem__(self, rows):
        if self.small:
            gain = self.scores[rows] - np.int16(OFF)
            gain *= self.allowed[rows]
        else:
            gain = np.where(self.allowed[rows], self.scores[rows], np.int64(-NEVER))
        gain -= self.prices
        gain -= self.surplus[rows, None]
        return gain


def _first_candidates(gains, places):
    """Flat indices (i * m + j) of pairs likely in an optimal matching, from estimated prices:
    the best score that mentees who probably stay unmatched have for each mentor; and roughly
    each mentor's COLUMN_SHARE best-scoring mentees."""
    n, m = gains.scores.shape
    gains.priced(np.zeros(m, np.int64), np.zeros(n, np.int64))
    prices = np.full(m, -200)  # below any score: every mentor is worth having
    left_out = n - places
    if left_out > 0:
        best = np.concatenate([gains[rows].max(axis=1) for rows in gains.blocks])
        unmatched = np.sort(np.argpartition(best, left_out - 1)[:left_out])
        step = gains.blocks[0].stop
        for start in range(0, left_out, step):
            prices = np.maximum(prices, gains[unmatched[start : start + step]].max(axis=0))
    floor = _column_floor(gains)
    gains.priced(prices, np.zeros(n, np.int64))
    found = []
    for rows in gains.blocks:
        gain = gains[rows]
        edge = np.maximum(gain.max(axis=1), 0) - FIRST_BAND
        near = (gain >= edge[:, None]) | ((gains.scores[rows] >= floor) & gains.allowed[rows])
        found.append(np.flatnonzero(near) + rows.start * m)
    return np.concatenate(found)


def _column_floor(gains):
    """Per mentor, about the score of its COLUMN_SHARE-th best mentee, from a sample of rows."""
    step = max(1, len(gains.scores) // 1000)
    sample = np.ascontiguousarray(gains[::step].T)
    rank = min(sample.shape[1], -(-COLUMN_SHARE // step))
    floor = np.partition(sample, sample.shape[1] - rank, axis=1)[:, sample.shape[1] - rank]
    return np.where(gains.live, np.maximum(floor, 1), 255)


def _check(gains):
    """(pairs to add as candidates, by how much the pair that most beats its prices does)."""
    m = len(gains.live)
    found, worst = [], -NEVER
    for rows in gains.blocks:
        gain = gains[rows]
        best = gain.max(axis=1)
        worst = max(worst, best.max())
        edge = np.where(best > 0, best - BAND, -NEAR)
        found.append(np.flatnonzero(gain >= edge[:, None]) + rows.start * m)
    return np.concatenate(found), int(worst)


def _pairs(match, m):
    """The matched pairs as flat indices."""
    matched = np.flatnonzero(match >= 0)
    return matched * m + match[matched]


def _merged(a, b):
    both = np.concatenate([a, b])
    both.sort()
    return both[np.concatenate([[True], both[1:] != both[:-1]])]


def _solve(scores, candidates, capacity):
    """An optimal matching using candidate pairs only, by LAPJVsp, one row per place and one
    column per mentee: all of the smaller side matched if the candidates allow, else each of
    them may take its own "empty" partner instead."""
    n, m = scores.shape
    match = np.full(n, -1, np.int64)
    if len(candidates) == 0:
        return match
    mentee, mentor = np.divmod(candidates, m)
    mentees, column = np.unique(mentee, return_inverse=True)
    copies = capacity[mentor]
    # Each candidate pair becomes one edge per place of its mentor.
    shift = (np.cumsum(capacity) - capacity)[mentor] - (np.cumsum(copies) - copies)
    row = np.repeat(shift, copies) + np.arange(copies.sum())
    column, cost = np.repeat(column, copies), np.repeat(101.0 - scores[mentee, mentor], copies)
    shape = rows, columns = int(capacity.sum()), len(mentees)
    try:
        row, column = _assignment(cost, row, column, shape)
    except ValueError:  # not all of the smaller side can be matched
        fewer = min(shape)
        empty = np.arange(fewer) + (columns if rows <= columns else rows)
        big = 101.0 * fewer + 1  # each match saves more than any difference in scores
        row, column = _assignment(
            np.concatenate([cost, np.full(fewer, big + 101.0)]),
            np.concatenate([row, np.arange(fewer) if rows <= columns else empty]),
            np.concatenate([column, empty if rows <= columns else np.arange(fewer)]),
            (rows, columns + fewer) if rows <= columns else (rows + fewer, columns),
        )
    real = (row < rows) & (column < columns)
    match[mentees[column[real]]] = np.repeat(np.arange(m), capacity)[row[real]]
    return match


def _assignment(cost, row, column, shape):
    graph = scipy.sparse.csr_array((cost, (row, column)), shape=shape)
    return min_weight_full_bipartite_matching(graph)


def _prices(scores, candidates, capacity, match, big, rounds=None):
    """(p, u, rounds taken) proving `match` optimal among the candidates, with p_j = v_j - M;
    or None when that takes more than `rounds` rounds (a sign that it is not optimal).

    The prices are shortest paths from a zero node, each constraint v_b <= v_a + length an edge:
    matched mentee i with mentor b and candidate j: u_i = w_ib - v_b >= w_ij - v_j, so
    v_b <= v_j + w_ib - w_ij; and u_i >= 0, so v_b <= w_ib. Unmatched: u_i = 0, so v_j >= w_ij.
    Every v_j >= 0, and v_j = 0 for a mentor with places left.
    """
    n, m = scores.shape
    mentee, mentor = np.divmod(candidates, m)
    weight = big + scores[mentee, mentor].astype(np.int64)
    own = match[mentee]
    is_own, unmatched = own == mentor, own < 0
    other = ~is_own & ~unmatched
    own_weight = np.zeros(n, np.int64)
    own_weight[mentee[is_own]] = weight[is_own]
    has_room = np.flatnonzero(np.bincount(match[match >= 0], minlength=m) < capacity)
    zero, mentors = m, np.arange(m)
    edges = [
        (mentor[other], own[other], own_weight[mentee[other]] - weight[other]),
        (np.full(is_own.sum(), zero), mentor[is_own], weight[is_own]),
        (mentor[unmatched], np.full(unmatched.sum(), zero), -weight[unmatched]),
        (mentors, np.full(m, zero), np.zeros(m, np.int64)),
        (np.full(len(has_room), zero), has_room, np.zeros(len(has_room), np.int64)),
    ]
    tails, heads, lengths = (np.concatenate(part) for part in zip(*edges, strict=True))
    found = _shortest_paths(tails, heads, lengths, m + 1, zero, rounds or m + 2)
    if found is None:
        if rounds is None:
            raise RuntimeError("The sparse solver returned a matching that is not optimal.")
        return None
    value, taken = found
    surplus = np.zeros(n, np.int64)
    if len(candidates):
        # Candidates are sorted, so each mentee's pairs are together.
        first = np.flatnonzero(np.concatenate([[True], mentee[1:] != mentee[:-1]]))
        surplus[mentee[first]] = np.maximum.reduceat(weight - value[mentor], first)
    return value[:m] - big, np.maximum(surplus, 0), taken


def _shortest_paths(tails, heads, lengths, n_nodes, source, rounds):
    """(distances, rounds taken) by Bellman-Ford, one vectorised round at a time; None if not
    settled after `rounds` rounds."""
    order = np.argsort(heads)
    tails, heads, lengths = tails[order], heads[order], lengths[order]
    starts = np.flatnonzero(np.concatenate([[True], heads[1:] != heads[:-1]]))
    targets = heads[starts]
    distance = np.full(n_nodes, NEVER, np.int64)
    distance[source] = 0
    for taken in range(1, rounds + 1):
        reach = np.minimum.reduceat(distance[tails] + lengths, starts)
        shorter = reach < distance[targets]
        if not shorter.any():
            return distance, taken
        distance[targets[shorter]] = reach[shorter]
    return None
