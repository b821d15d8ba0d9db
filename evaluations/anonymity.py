"""The anonymity rules every monitoring report passes through (MON-2; 000 §10.1, 003 EDI).

- A count below the threshold (default 10, never below 5) is suppressed.
- Secondary suppression: no suppressed number can be worked out from the others and the row
  and column totals. Each suppressed cell is checked the way someone trying to undo it would:
  the smallest and largest value it could take, given every published number, by linear
  programming. Where those meet, another number is suppressed, until none can be worked out.
- No percentage or mean on a base below the threshold.
"""

from dataclasses import dataclass

import highspy
import numpy as np
from django.conf import settings
from scipy import sparse

DEFAULT_THRESHOLD = 10
LOWEST_THRESHOLD = 5
OPTIMAL = highspy.HighsModelStatus.kOptimal
UNBOUNDED = highspy.HighsModelStatus.kUnbounded
UNBOUNDED_OR_INFEASIBLE = highspy.HighsModelStatus.kUnboundedOrInfeasible


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


def protect(rows, columns, counts, *, at=None, hidden=None, upper=None):
    """The table of `counts` (a list of rows of whole numbers) as it may be published, with
    its row, column and grand totals, at threshold `at`; `hidden` marks numbers (in `Grid`'s
    order) to suppress whatever their size, and `upper` gives the largest value someone
    undoing the suppression knows each could take."""
    at = max(at or threshold(), LOWEST_THRESHOLD)
    cells = np.asarray(counts, dtype=int).reshape(len(rows), len(columns))
    grid = Grid(cells, at=at, hidden=hidden, upper=upper)
    while (published := grid.one_to_suppress()) is not None:
        grid.suppress(published)
    return grid.table(rows, columns)


def protect_merging(rows, columns, counts, *, at=None, hidden=None):
    """`protect`, after counting together in one last column the columns whose total is below
    the threshold, where two or more are: fewer numbers then need suppressing. Returns the
    table and the columns counted together. Anyone can tell that each of those totals fewer
    than the threshold, so the attacker is given that bound too, and the merged column's total
    is never published at the one value (each column's most) that would give them away.
    `hidden` (in `Grid`'s order of the table before merging) marks numbers to suppress; a
    number counted together is suppressed where any of its parts is."""
    at = max(at or threshold(), LOWEST_THRESHOLD)
    cells = np.asarray(counts, dtype=int).reshape(len(rows), len(columns))
    small = [j for j in range(len(columns)) if cells[:, j].sum() < at]
    if len(small) < 2:
        return protect(rows, columns, cells, at=at, hidden=hidden), []
    kept = [j for j in range(len(columns)) if j not in small]
    merged = np.column_stack([cells[:, kept], cells[:, small].sum(axis=1)])
    r, c = merged.shape
    its_total, most = r * c + r + c - 1, len(small) * (at - 1)
    hidden = _merged(hidden, cells.shape, kept, small)
    hidden[its_total] |= merged[:, -1].sum() == most
    upper = np.full(hidden.size, np.inf)
    upper[its_total] = most
    labels = [columns[j] for j in kept] + [OTHER if kept else TOGETHER]
    table = protect(rows, labels, merged, at=at, hidden=hidden, upper=upper)
    return table, [columns[j] for j in small]


def _merged(hidden, shape, kept, small):
    """`hidden` of a table before merging, for the table after it."""
    r, c = shape
    if hidden is None:
        return np.zeros(r * (len(kept) + 1) + r + len(kept) + 2, dtype=bool)
    hidden = np.asarray(hidden, dtype=bool)
    cells, columns = hidden[: r * c].reshape(r, c), hidden[r * c + r : r * c + r + c]
    return np.concatenate(
        [
            np.column_stack([cells[:, kept], cells[:, small].any(axis=1)]).ravel(),
            hidden[r * c : r * c + r],
            columns[kept],
            [columns[small].any(), hidden[-1]],
        ]
    )


OTHER = "Smaller groups"
TOGETHER = "All, counted together"


class Grid:
    """Cells and totals as one vector of numbers, with the sums that tie them together."""

    def __init__(self, cells, *, at, hidden=None, upper=None):
        self.shape, self.at = cells.shape, at
        r, c = cells.shape
        self.values = np.concatenate(
            [cells.ravel(), cells.sum(axis=1), cells.sum(axis=0), [cells.sum()]]
        )
        self.hidden = self.values < at  # primary suppression, totals included
        if hidden is not None:
            self.hidden |= np.asarray(hidden, dtype=bool)
        self.order = list(np.flatnonzero(self.hidden))
        self.safe = set()  # suppressed numbers shown not to be recoverable
        self.sums = self._sums(r, c)
        self.upper = np.full(self.values.size, np.inf) if upper is None else np.asarray(upper)
        self.attack = None  # the attacker's linear programme for what is suppressed now

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
        self.attack = None

    def one_to_suppress(self):
        """A published number to suppress so that some suppressed one can no longer be worked
        out, or None when none can. Those one sum gives away are found by looking; the rest
        are asked of the attacker's linear programme."""
        given_away = self._given_away_by_a_sum()
        if given_away is not None:
            index, in_sum = given_away
            return self._partner(index, in_sum)
        for index in reversed(self.order):  # the newest first: it is the one left open
            if index not in self.safe and self.recoverable(index):
                return self._partner(index)
        return None

    def _given_away_by_a_sum(self):
        """A suppressed number, and the sum that gives it away: the only one suppressed in
        it, or one of several that all count the same way in it (so its total is published)
        and add up to fewer than the threshold, which tells how few are in them together.
        None when no sum gives one away."""
        hidden = self.sums[:, self.hidden]
        count = (hidden != 0).sum(axis=1)
        same_way = (hidden > 0).sum(axis=1) == count
        few = (hidden != 0) @ self.values[self.hidden] < self.at
        for row in np.flatnonzero((count == 1) | (count > 1) & same_way & few):
            in_sum = np.zeros(len(self.sums), dtype=bool)
            in_sum[row] = True
            return int(np.flatnonzero((self.sums[row] != 0) & self.hidden)[0]), in_sum
        return None

    def recoverable(self, index):
        """Whether the suppressed number can only take its true value. Each attempt to move it
        also shows safe every other suppressed number it moves by one or more; a safe number
        stays safe, since suppressing more only widens the values each could take."""
        if self.attack is None:
            self.attack = Attack(self.sums, self.values, self.hidden, self.upper)
        for sign in (-1, 1):  # as far down, then as far up, as the published numbers allow
            moved = self.attack.moved(index, sign)
            if moved is None:  # it has no upper bound
                self.safe.add(index)
                return False
            self.safe.update(moved)
            if index in self.safe:
                return False
        return True

    def _partner(self, index, shared=None):
        """The published number to suppress with this one (in one of the `shared` sums, or of
        any sum it is in): a cell rather than a total, one whose other sum already hides
        something (so the suppressed cells close into rectangles rather than spread), and the
        smallest."""
        if shared is None:
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


class Attack:
    """What someone undoing the suppression would solve: the suppressed numbers as unknowns
    of at least zero, tied by the sums to everything published. One HiGHS model, solved again
    for each goal from where the last solve ended."""

    def __init__(self, sums, values, hidden, upper=None):
        self.unknown = np.flatnonzero(hidden)
        upper = np.full(values.size, np.inf) if upper is None else np.asarray(upper)
        self.truth = values[self.unknown]
        n = len(self.unknown)
        matrix = sparse.csc_matrix(sums[:, self.unknown])
        model = highspy.HighsLp()
        model.num_col_, model.num_row_ = n, sums.shape[0]
        model.col_cost_, model.col_lower_ = np.zeros(n), np.zeros(n)
        model.col_upper_ = np.minimum(upper[self.unknown], highspy.kHighsInf)
        model.row_lower_ = model.row_upper_ = -sums[:, ~hidden] @ values[~hidden]
        model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        model.a_matrix_.start_ = matrix.indptr
        model.a_matrix_.index_ = matrix.indices
        model.a_matrix_.value_ = matrix.data
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("presolve", "off")
        self.highs.passModel(model)
        self.columns = np.arange(n, dtype=np.int32)

    def moved(self, index, sign):
        """The suppressed numbers (as indexes) that move by one or more when `index` is pushed
        as far as it goes (down for sign 1, up for sign -1); None when it has no upper bound."""
        goal = sign * (self.unknown == index).astype(float)
        self.highs.changeColsCost(len(goal), self.columns, goal)
        self.highs.run()
        status = self.highs.getModelStatus()
        if status in (UNBOUNDED, UNBOUNDED_OR_INFEASIBLE):
            return None
        if status != OPTIMAL:
            raise RuntimeError(f"Secondary suppression could not be checked: {status}")
        found = np.asarray(self.highs.getSolution().col_value) - self.truth
        return {int(k) for k in self.unknown[np.abs(found) > 1 - 1e-6]}


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
