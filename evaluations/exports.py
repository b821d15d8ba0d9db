"""A monitoring report as CSV: one line per published number."""

import csv
import io

from .reports import SUPPRESSED

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = ["section", "table", "row", "column", "value"]


def spreadsheet_safe(value):
    """Text a spreadsheet shows as text: a leading apostrophe stops a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def report_csv(content):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in report_lines(content):
        writer.writerow([spreadsheet_safe(v) for v in row])
    return out.getvalue()


def report_lines(content):
    yield from _headline_lines(content.get("headline", []))
    for section in content.get("sections", []):
        for table in section["tables"]:
            yield from _table_lines(section["title"], table)
        for figure in section["figures"]:
            for row in figure["rows"]:
                yield [section["title"], figure["title"], row["label"], "", _value(row["value"])]
            if "overall" in figure:
                yield [
                    section["title"],
                    figure["title"],
                    "All programmes",
                    "",
                    _value(figure["overall"]),
                ]
        for quotes in section["quotes"]:
            for text in quotes["answers"]:
                yield [section["title"], quotes["title"], "", "", text]


def _headline_lines(headline):
    """The report's first numbers, "In numbers", each beside the year before's."""
    for line in headline:
        label = f"{line['label']} ({line['unit']})" if line["unit"] else line["label"]
        yield ["In numbers", label, "", "This year", _value(line["value"])]
        yield ["In numbers", label, "", "The year before", _value(line["previous"])]


def _table_lines(section, table):
    rows = list(table["rows"])
    if table["totals"]:
        rows.append({"label": "All programmes", **table["totals"]})
    for row in rows:
        for column, value in zip(table["columns"], row["cells"], strict=True):
            yield [section, table["title"], row["label"], column, _value(value)]
        yield [section, table["title"], row["label"], "Total", _value(row["total"])]


def _value(value):
    return SUPPRESSED if value is None else value
