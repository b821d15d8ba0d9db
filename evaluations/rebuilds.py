"""Numbers across the reports of one financial year: the equality tables (issue 18), and
since issue 21 every other table, average, count of answers and quotation too (`figure`,
`quotes`; their bases are kept on `MonitoringReport.general_basis`).

A report of a year can be built again as the year goes on, and two of them set side by side
must not give one person away (Male 18 in one, 19 in the next, once someone applied). So every
number of an equality table (each programme's cells and total, and the all-programmes totals)
moves from one report of the year to another by 0 or by at least the threshold:

- a cell takes its new value only where that is 0 or at least the threshold away from every
  earlier report's, both from the number it stood for there and from the true count then
  (so that one more person cannot tip a number that had been held back); otherwise it keeps
  the number the latest report proposed for it;
- where a total of those would then move by less than the threshold, the whole table keeps the
  latest report's numbers;
- a number suppressed in an earlier report stays suppressed until it has moved by at least the
  threshold from the number it stood for there.

By induction every pair of reports of the year keeps the rule, whatever their order: a new
value is checked against them all; a proposal kept is the latest's, which was, and which was
checked against the report before that one, whose numbers the latest repeated if it fell back.
And the build after one person applied, left or changed an answer publishes what the one
before it did: it proposes the same cells, and its totals either match that build's or fail
where that build's failed. Each report keeps what its tables were built from
(`MonitoringReport.equality_basis`, never shown); the year's builds are made one at a time
(`services.reports.report_build`).
"""

from itertools import product

from . import anonymity


def protected(rows, columns, counts, earlier, *, at, hidden=None, merging=False):
    """The table (`anonymity.Table`) a new build may publish from the true `counts`
    ({(row, value): n}) over `columns` ([(value, label)]), given the `earlier` reports' bases
    of it, oldest first; and the basis to keep for the builds after it. `hidden` marks more
    numbers to suppress; with `merging`, small columns may be counted together
    (`anonymity.protect_merging`), and the table's third part is those columns' labels."""
    values = [value for value, _ in columns]
    used, still_hidden, basis = settle(rows, values, counts, earlier, at=at)
    if hidden is not None:
        still_hidden = [a or b for a, b in zip(still_hidden, hidden, strict=True)]
    labels = [label for _, label in columns]
    if merging:
        table, together = anonymity.protect_merging(rows, labels, used, at=at, hidden=still_hidden)
    else:
        table, together = anonymity.protect(rows, labels, used, at=at, hidden=still_hidden), []
    basis["hidden"] = _hidden(table, rows, labels, together)
    return (table, basis, together) if merging else (table, basis)


def _hidden(table, rows, labels, together):
    """Which numbers of the table before merging are not published, in `positions` order: a
    column counted together is not published on its own."""
    shown = dict(zip(positions(rows, table.columns), numbers(table), strict=True))
    return [
        p[0] != "row" and p[0] != "total" and p[-1] in together or shown.get(p) is None
        for p in positions(rows, labels)
    ]


def figure(value, true, earlier, *, at):
    """A figure (an average, or a count of answers) a new build may publish: the `value`
    proposed from the `true` numbers it stands on ({"count", "total"}), where their count
    is the same as, or at least the threshold away from, every `earlier` report's (oldest
    first) with the same total; otherwise the latest report's figure. And the basis to keep."""
    settled = all(
        abs(true["count"] - e["count"]) >= at or true == {k: e[k] for k in true} for e in earlier
    )
    if earlier and not settled:
        value = earlier[-1]["value"]
    return value, {**true, "value": value}


def quotes(answers, count, earlier, *, at):
    """The written answers a new build may quote (`answers`, of `count` written): these,
    where the same as an earlier report's or with at least the threshold more or fewer
    written than when each earlier report was built; otherwise the latest's."""
    settled = all(abs(count - e["count"]) >= at or answers == e["answers"] for e in earlier)
    if earlier and not settled:
        answers = earlier[-1]["answers"]
    return answers, {"count": count, "answers": answers}


def numbers(table):
    """What a table publishes, in `positions` order (None where suppressed)."""
    cells = [n for row in table.cells for n in row]
    return [*cells, *table.row_totals, *table.column_totals, table.total]


def positions(rows, columns):
    """The numbers of a table in `anonymity.Grid`'s order: the cells row by row, then the row
    totals, the column totals and the grand total."""
    return [
        *(("cell", r, c) for r, c in product(rows, columns)),
        *(("row", r) for r in rows),
        *(("column", c) for c in columns),
        ("total",),
    ]


def with_totals(rows, columns, grid):
    """{position: number} for a grid of cells, with its totals."""
    found = {
        ("cell", r, c): grid[i][j]
        for (i, r), (j, c) in product(enumerate(rows), enumerate(columns))
    }
    for i, r in enumerate(rows):
        found[("row", r)] = sum(grid[i])
    for j, c in enumerate(columns):
        found[("column", c)] = sum(row[j] for row in grid)
    found[("total",)] = sum(sum(row) for row in grid)
    return found


class Earlier:
    """What one earlier report built an equality table from."""

    def __init__(self, basis):
        rows, columns = basis["rows"], basis["columns"]
        self.used = with_totals(rows, columns, basis["used"])
        self.proposed = with_totals(rows, columns, basis["proposed"])
        self.true = with_totals(rows, columns, basis["true"])
        self.hidden = {
            p for p, hidden in zip(positions(rows, columns), basis["hidden"], strict=True) if hidden
        }


def settle(rows, columns, counts, earlier, *, at):
    """What a new build publishes a table from: the grid of cells, the positions that must
    stay suppressed, and the basis to keep (but what was suppressed)."""
    earlier = [Earlier(basis) for basis in earlier]
    latest = earlier[-1] if earlier else None
    true = [[counts.get((r, c), 0) for c in columns] for r in rows]

    def latest_grid(name):
        numbers = getattr(latest, name) if latest else {}
        return [[numbers.get(("cell", r, c), 0) for c in columns] for r in rows]

    def near(position, value, sources=("used", "true")):
        return any(
            0 < abs(value - getattr(e, source)[position]) < at
            for e in earlier
            for source in sources
            if position in getattr(e, source)
        )

    # A count held back keeps the latest report's proposal, not what it used: so that when
    # the whole table was kept there, one more person cannot make it move here.
    proposed = [
        [
            held if near(("cell", r, c), true[i][j]) else true[i][j]
            for (j, c), held in zip(enumerate(columns), held_row, strict=True)
        ]
        for (i, r), held_row in zip(enumerate(rows), latest_grid("proposed"), strict=True)
    ]
    totals = with_totals(rows, columns, proposed)
    moved_a_little = any(near(p, n, ("used",)) for p, n in totals.items() if p[0] != "cell")
    used = latest_grid("used") if moved_a_little else proposed
    numbers = with_totals(rows, columns, used)
    still_hidden = [
        any(p in e.hidden and abs(numbers[p] - e.used[p]) < at for e in earlier)
        for p in positions(rows, columns)
    ]
    basis = {"rows": rows, "columns": columns, "true": true, "proposed": proposed, "used": used}
    return used, still_hidden, basis
