"""The anonymity rules every monitoring report passes through (MON-2; 000 §10.1, 003 EDI).

- A count below the threshold (default 10, never below 5) is suppressed.
- Secondary suppression: no suppressed number can be worked out from the others and the row
  and column totals. Each suppressed cell is checked the way someone trying to undo it would:
  the smallest and largest value it could take, given every published number, by linear
  programming. Where those meet, another number is suppressed, until none can be worked out.
- No percentage or mean on a base below the threshold.
"""

from dataclasses import dataclass

import numpy as np
from django.conf import settings
from scipy.optimize import linprog

DEFAULT_THRESHOLD = 10
LOWEST_THRESHOLD = 5


def threshold():
    """The programme-wide threshold from settings, never below five."""
    return max(getattr(settings, "REPORT_THRESHOLD", DEFAULT_THRESHOLD), LOWEST_THRESHOLD)


@dataclass
class Table:
    """A breakdown as published: `None` wherever a number is suppressed."""

    rows: list
    columns: list
    cells: list
    row_totals: list
    column_totals: list
    total: int | None


def protect(rows, columns, counts, *, at=None):
    """The table of `counts` (a list of rows of whole numbers) as it may be published, with
    its row, column and grand totals, at threshold `at`."""
    at = max(at or threshold(), LOWEST_THRESHOLD)
    grid = Grid(np.asarray(counts, dtype=int).reshape(len(rows), len(columns)), at=at)
    while (published := grid.one_to_suppress()) is not None:
        grid.suppress(published)
    return grid.table(rows, columns)


class Grid:
    """Cells and totals as one vector of numbers, with the sums that tie them together."""

    def __init__(self, cells, *, at):
        self.shape = cells.shape
        r, c = cells.shape
        self.values = np.concatenate(
            [cells.ravel(), cells.sum(axis=1), cells.sum(axis=0), [cells.sum()]]
        )
        self.hidden = self.values < at  # primary suppression, totals included
        self.order = list(np.flatnonzero(self.hidden))
        self.safe = set()  # suppressed numbers shown not to be recoverable
        self.sums = self._sums(r, c)

    @staticmethod
    def _sums(r, c):
        """Each row of cells adds up to its total, each column to its total, and the row
        totals and column totals each to the grand total: rows of a matrix A with A x = 0."""
        n = r * c + r + c + 1
        sums = []
        for i in range(r):
            row = np.zeros(n)
            row[i * c : (i + 1) * c], row[r * c + i] = 1, -1
            sums.append(row)
        for j in range(c):
            col = np.zeros(n)
            col[j : r * c : c], col[r * c + r + j] = 1, -1
            sums.append(col)
        for start, length in [(r * c, r), (r * c + r, c)]:
            total = np.zeros(n)
            total[start : start + length], total[-1] = 1, -1
            sums.append(total)
        return np.array(sums)

    def suppress(self, index):
        self.hidden[index] = True
        self.order.append(index)

    def one_to_suppress(self):
        """A published number to suppress so that some suppressed one can no longer be worked
        out, or None when none can."""
        for index in reversed(self.order):  # the newest first: it is the one left open
            if index not in self.safe and self.recoverable(index):
                return self._partner(index)
        return None

    def recoverable(self, index):
        """Whether the suppressed number can only take its true value. Each attempt to move it
        also shows safe every other suppressed number it moves by one or more; a safe number
        stays safe, since suppressing more only widens the values each could take."""
        unknown = np.flatnonzero(self.hidden)
        for sign in (-1, 1):
            moved = self._furthest(index, unknown, sign)
            if moved is None:  # it has no upper bound
                self.safe.add(index)
                return False
            self.safe.update(int(k) for k in unknown[np.abs(moved) > 1 - 1e-6])
            if index in self.safe:
                return False
        return True

    def _furthest(self, index, unknown, sign):
        """How far from its true value each suppressed number is when this one is pushed as
        far up (sign -1) or down (sign 1) as the published numbers allow."""
        return self._solve(sign * (unknown == index).astype(float), unknown)

    def _solve(self, goal, unknown):
        known = ~self.hidden
        a = self.sums[:, unknown]
        b = -self.sums[:, known] @ self.values[known]
        found = linprog(goal, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        return None if found.status == 3 else found.x - self.values[unknown]

    def _partner(self, index):
        """The published number to suppress with this one: a cell rather than a total, one
        whose other sum already hides something (so the suppressed cells close into
        rectangles rather than spread), and the smallest."""
        shared = self.sums[:, index] != 0
        candidates = np.flatnonzero((self.sums[shared] != 0).any(axis=0) & ~self.hidden)
        if candidates.size == 0:
            candidates = np.flatnonzero(~self.hidden)
        cells = self.shape[0] * self.shape[1]
        return min(
            candidates, key=lambda k: (k >= cells, -self._company(k, shared), self.values[k])
        )

    def _company(self, k, shared):
        """How many suppressed numbers share a sum with `k`, other than the sums in `shared`."""
        others = (self.sums[:, k] != 0) & ~shared
        return int(((self.sums[others] != 0) & self.hidden).sum())

    def table(self, rows, columns):
        r, c = self.shape
        shown = [None if h else int(v) for v, h in zip(self.values, self.hidden, strict=True)]
        return Table(
            rows=list(rows),
            columns=list(columns),
            cells=[shown[i * c : (i + 1) * c] for i in range(r)],
            row_totals=shown[r * c : r * c + r],
            column_totals=shown[r * c + r : r * c + r + c],
            total=shown[-1],
        )


def rate(part, base, *, at=None):
    """A percentage, or None on a base below the threshold or with a part suppressed."""
    at = max(at or threshold(), LOWEST_THRESHOLD)
    if part is None or base is None or base < at:
        return None
    return round(100 * part / base)


def mean(total, count, *, at=None):
    """An average, or None when fewer than the threshold make it up."""
    at = max(at or threshold(), LOWEST_THRESHOLD)
    if total is None or count is None or count < at:
        return None
    return round(total / count, 1)
