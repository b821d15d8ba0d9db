"""Time the matching core on seeded synthetic programmes: small (200 mentees, 60 mentors),
medium (2,000 x 600) and large (10,000 x 3,000).

    .venv/bin/python benchmarks/matching.py [small medium large]

For each size it scores every pair and finds the best matching (ours: score_matrix +
best_matching, the median of three runs, and the peak memory that traced), then matches the same
scores with scipy's dense linear_sum_assignment (the reference, which has the most matches
possible and the best total score) and with a plain greedy. It prints the three side by side and
one RESULT line per size, the large one last. The large reference takes several seconds and
about 1 GB. Needs no Django.
"""

import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from relationships.matching.scores import MORE_SENIOR, People, score_matrix  # noqa: E402
from relationships.matching.solver import (  # noqa: E402
    best_matching,
    greedy_matching,
    reference_matching,
)

SIZES = {"small": (200, 60), "medium": (2_000, 600), "large": (10_000, 3_000)}
WEIGHTS = {"areas": 5, "department": 1, "location": 1, "methods": 2, "times": 1, "grade": 2}


def people(rng, n, mentees):
    """1-5 of 30 areas each, 8 departments and 5 locations (5% unknown), grades 1-9, any of
    5 ways to meet and 6 times."""
    rank = rng.random((n, 30)).argsort(axis=1).argsort(axis=1)
    chosen = People(
        areas=rank < rng.integers(1, 6, n)[:, None],
        department=np.where(rng.random(n) < 0.05, -1, rng.integers(0, 8, n)).astype(np.int32),
        location=np.where(rng.random(n) < 0.05, -1, rng.integers(0, 5, n)).astype(np.int32),
        seniority=rng.integers(1, 10, n).astype(np.int32),
        methods=rng.random((n, 5)) < 0.5,
        times=rng.random((n, 6)) < 0.5,
    )
    if mentees:
        chosen.department_preference = rng.integers(0, 3, n).astype(np.int8)
        chosen.location_preference = rng.integers(0, 3, n).astype(np.int8)
    return chosen


def programme(size, seed=2024):
    rng = np.random.default_rng(seed)
    n_mentees, n_mentors = SIZES[size]
    mentees, mentors = people(rng, n_mentees, True), people(rng, n_mentors, False)
    allowed = rng.integers(0, 100, (n_mentees, n_mentors), dtype=np.uint8) >= 5
    return mentees, mentors, allowed, rng.integers(1, 4, n_mentors)


def ours(mentees, mentors, allowed, capacity):
    scores = score_matrix(mentees, mentors, WEIGHTS, MORE_SENIOR)
    return scores, best_matching(scores, allowed, capacity)


def timed(run, *args):
    started = time.perf_counter()
    result = run(*args)
    return result, time.perf_counter() - started


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def outcome(scores, match):
    matched = match >= 0
    return int(matched.sum()), int(scores[matched, match[matched]].sum())


def ratio(total, best):
    return "1.0" if total == best else f"{total / best:.6f}"


def measure(size):
    mentees, mentors, allowed, capacity = programme(size)
    rss_before = peak_rss_mb()
    (scores, match), first = timed(ours, mentees, mentors, allowed, capacity)
    runs = [first] + [timed(ours, mentees, mentors, allowed, capacity)[1] for _ in range(2)]
    seconds = statistics.median(runs)
    tracemalloc.start()
    ours(mentees, mentors, allowed, capacity)
    traced_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    rss_after = peak_rss_mb()
    reference, reference_seconds = timed(reference_matching, scores, allowed, capacity)
    greedy, greedy_seconds = timed(greedy_matching, scores, allowed, capacity)
    (matched, total), (most, best) = outcome(scores, match), outcome(scores, reference)
    greedy_matched, greedy_total = outcome(scores, greedy)
    n_mentees, n_mentors = scores.shape
    print(f"\n{size}: {n_mentees:,} mentees x {n_mentors:,} mentors, {capacity.sum():,} places")
    print(f"  {'':10}{'seconds':>9}{'matched':>9}{'total score':>13}")
    print(f"  {'ours':10}{seconds:9.3f}{matched:9,}{total:13,}")
    print(f"  {'reference':10}{reference_seconds:9.3f}{most:9,}{best:13,}")
    print(f"  {'greedy':10}{greedy_seconds:9.3f}{greedy_matched:9,}{greedy_total:13,}")
    print(
        f"  ours: runs {', '.join(f'{run:.3f}' for run in runs)} s; peak traced {traced_mb:.0f} MB;"
        f" process peak {rss_before:.0f} MB with the inputs, {rss_after:.0f} MB after ours"
    )
    return (
        f"RESULT size={size} seconds={seconds:.3f} reference_seconds={reference_seconds:.3f} "
        f"matched={matched} max_matched={most} score_ratio={ratio(total, best)}"
    )


def main(sizes):
    results = [measure(size) for size in sizes]
    print()
    print("\n".join(results))


if __name__ == "__main__":
    main(sys.argv[1:] or list(SIZES))
