"""Charts drawn on the server as plain SVG: no JavaScript, nothing a Content-Security-Policy
blocks, and nothing WeasyPrint cannot draw (no CSS, no variables, no foreignObject), so the
same markup serves the dashboard and the monitoring report's PDF. Each chart says what it
shows in its <title> and <desc>; pages pair it with a table of the same numbers."""

import textwrap
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH = 360  # a 390 px phone's page less its margins: drawn at its own size, never shrunk
LABEL = 18  # the height of a label's line, above its bar
BAR = 18
ROW = LABEL + BAR + 10  # one label, its bar and the space before the next
TOP = 4
GAP = 8  # between a bar and its number
LONGEST_LABEL = 48  # characters of a 13px label's line that fit; longer labels wrap
NUMBER_ROOM = 64
BLUE = "#1d70b8"  # GOV.UK blue: 5.2:1 against white
INK = "#0b0c0c"
GREY = "#505a5f"
SUPPRESSED = "suppressed"
FONT = 'font-family="Helvetica, Arial, sans-serif" font-size="13"'


@dataclass
class Chart:
    """A bar chart and the numbers behind it, for a page to show both (see
    templates/evaluations/includes/chart.html)."""

    title: str
    rows: list
    counting: str = "Number"  # the heading of the numbers' column in the table
    colour: str = BLUE
    maximum: float | None = None

    @property
    def svg(self):
        return bar_chart(self.title, self.rows, colour=self.colour, maximum=self.maximum)


def bar_chart(title, rows, *, colour=BLUE, maximum=None):
    """A horizontal bar chart of (label, value) rows; a value of None is drawn as
    "suppressed", never as a zero bar. `maximum` fixes the scale (say 5 for a rating)."""
    rows = [(str(label), value) for label, value in rows]
    wrapped = [textwrap.wrap(label, LONGEST_LABEL) or [""] for label, _ in rows]
    height = TOP * 2 + (sum(ROW + LABEL * (len(w) - 1) for w in wrapped) if rows else ROW)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        'class="app-chart__image">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(_in_words(rows))}</desc>",
    ]
    if not rows:
        parts.append(_text(0, TOP + 18, "Nothing to show yet.", GREY))
    room = WIDTH - GAP - NUMBER_ROOM
    top = maximum or max((v for _, v in rows if v is not None), default=0) or 1
    y = TOP
    for (_, value), lines in zip(rows, wrapped, strict=True):
        for n, line in enumerate(lines):
            parts.append(_text(0, y + 13 + n * LABEL, line, INK))
        bar_top = y + LABEL * len(lines)
        baseline = bar_top + 14
        y = bar_top + BAR + 10
        if value is None:
            parts.append(_text(0, baseline, SUPPRESSED, GREY, italic=True))
            continue
        length = round(room * min(max(value, 0), top) / top, 1)
        if length > 0:
            parts.append(
                f'<rect x="0" y="{bar_top}" width="{length}" height="{BAR}" '
                f'fill="{escape(colour)}"/>'
            )
        parts.append(_text(length + GAP, baseline, number(value), INK))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every piece of text in it is escaped above


def number(value):
    """A count as a whole number, anything else to one decimal place."""
    if value is None:
        return SUPPRESSED
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _in_words(rows):
    return "; ".join(f"{label}: {number(value)}" for label, value in rows) or "No data."


def _text(x, y, words, fill, *, italic=False):
    style = ' font-style="italic"' if italic else ""
    return f'<text x="{x}" y="{y}" {FONT} fill="{fill}"{style}>{escape(words)}</text>'


SHARE_LINE = 46  # characters of a 13px label on one line of the chart's width
SHARE_ROOM = 96  # for "100% (12,345)" after the longest bar


def share_chart(title, shares):
    """A horizontal bar chart of the shares of those who answered a question (`shares`: each
    with a label, a count and a whole-number percent), drawn on a scale of 0 to 100 per cent,
    each bar saying "67% (2)". Long labels wrap onto as many lines as they need."""
    labels = [textwrap.wrap(str(s.label), SHARE_LINE) or [""] for s in shares]
    height = TOP * 2 + sum(LABEL * len(lines) + BAR + 10 for lines in labels) or TOP + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        'class="app-chart__image">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(_shares_in_words(shares))}</desc>",
    ]
    room = WIDTH - GAP - SHARE_ROOM
    y = TOP
    for share, lines in zip(shares, labels, strict=True):
        for line in lines:
            parts.append(_text(0, y + 13, line, INK))
            y += LABEL
        length = round(room * min(max(share.percent, 0), 100) / 100, 1)
        if length > 0:
            parts.append(f'<rect x="0" y="{y}" width="{length}" height="{BAR}" fill="{BLUE}"/>')
        parts.append(_text(length + GAP, y + 14, _share(share), INK))
        y += BAR + 10
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every piece of text in it is escaped above


def _share(share):
    return f"{share.percent}% ({share.count:,})"


def _shares_in_words(shares):
    return "; ".join(f"{s.label}: {_share(s)}" for s in shares) or "No answers yet."


PLOT = 110  # the height of the tallest column
VALUES = 18  # room above a column for its number
MONTH_FONT = 'font-family="Helvetica, Arial, sans-serif" font-size="12"'


@dataclass
class MonthlyChart:
    """A column a month and the numbers behind it, for templates/evaluations/includes/
    chart.html: `months` is [(the month's first day, number)], oldest first."""

    title: str
    months: list
    counting: str = "Number"
    colour: str = BLUE

    @property
    def rows(self):
        return [(date_format(month, "F Y"), value) for month, value in self.months]

    @property
    def svg(self):
        return column_chart(self.title, self.months, colour=self.colour)


def column_chart(title, months, *, colour=BLUE):
    """A column chart of a number per month, each column with its number above it (in
    thousands past 999) and its month below, the year under the first and every January."""
    slot = WIDTH / max(len(months), 1)
    column = round(slot * 0.6, 1)
    base = VALUES + PLOT
    height = base + 40
    top = max((value for _, value in months), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        'class="app-chart__image">',
        f"<title>{escape(title)}</title>",
        "<desc>{}</desc>".format(
            escape("; ".join(f"{date_format(m, 'F Y')}: {number(v)}" for m, v in months))
        ),
        f'<line x1="0" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="{GREY}"/>',
    ]
    for n, (month, value) in enumerate(months):
        middle = round(slot * n + slot / 2, 1)
        length = round(PLOT * max(value, 0) / top, 1)
        if length > 0:
            parts.append(
                f'<rect x="{round(middle - column / 2, 1)}" y="{base - length}" '
                f'width="{column}" height="{length}" fill="{escape(colour)}"/>'
            )
        parts.append(_middle(middle, base - length - 5, _compact(value)))
        parts.append(_middle(middle, base + 16, date_format(month, "M")))
        if n == 0 or month.month == 1:
            parts.append(_middle(middle, base + 32, date_format(month, "Y"), GREY))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every piece of text in it is escaped above


def _compact(value):
    """A number that fits above a column: 1,234 as 1.2k, 25,123 as 25k."""
    if value < 1000:
        return number(value)
    return f"{value / 1000:.1f}k" if value < 10_000 else f"{value / 1000:.0f}k"


def _middle(x, y, words, fill=INK):
    return (
        f'<text x="{x}" y="{y}" {MONTH_FONT} fill="{fill}" text-anchor="middle">'
        f"{escape(words)}</text>"
    )
