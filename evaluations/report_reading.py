"""The monitoring report as people read it, on its page and in its PDF (one template for
both): the headline first, then each section's tables turned for reading, leaving out what
would show nothing but "suppressed" and saying so in one line. Only ever shows fewer of the
numbers the report publishes (and percentages of two of them), never others."""

from .anonymity import rate
from .charts import bar_chart

EQUALITY = "Equality monitoring"
STAGES = ["Applied", "Paired", "Completed"]


def reading(report):
    """What the report's page and its PDF print."""
    content = report.content or {}
    return {
        "report": report,
        "content": content,
        "headline": headline(content),
        "sections": for_reading(content),
    }


def headline(content):
    """The headline's numbers with their change on the period before, and the names of those
    too small to show."""
    items = [item | {"change": _change(item)} for item in content.get("headline", [])]
    if not items:
        return None
    compared = any(item["previous"] is not None for item in items)
    if not compared:
        items = [item | {"change": ""} for item in items]
    return {
        "compared": compared,
        "shown": [item for item in items if item["value"] is not None],
        "too_few": [item["label"].lower() for item in items if item["value"] is None],
    }


def _change(item):
    now, then = item["value"], item["previous"]
    if now is None:
        return ""
    if then is None:
        return "Period before: not shown"
    difference = round(now - then, 1)
    if difference == 0:
        return "Same as the period before"
    words = "Up" if difference > 0 else "Down"
    return f"{words} {_number(abs(difference))} on the period before"


def _number(value):
    return f"{value:g}" if isinstance(value, float) else f"{value:,}"


def for_reading(content):
    at = content.get("threshold") or 10
    sections = []
    for section in content.get("sections", []):
        if section["title"] == EQUALITY:
            tables = _by_stage(section["tables"], at)
        else:
            tables = [_turned(table, at) for table in section["tables"]]
        ratings = [f for f in section["figures"] if _is_rating(f)]
        if ratings:
            tables.append(_ratings(ratings, at))
        figures = [_figure(f) for f in section["figures"] if not _is_rating(f)]
        left_out = [t["title"] for t in tables if not t["lines"]]
        left_out += [f["title"] for f in figures if not f["rows"]]
        for table in tables:
            for line in table["lines"]:
                line["pairs"] = list(zip(line["values"], line["shares"], strict=True))
        sections.append(
            section
            | {
                "tables": [t for t in tables if t["lines"]],
                "figures": [f for f in figures if f["rows"]],
                "left_out": _left_out(left_out, at),
            }
        )
    return sections


def _left_out(titles, at):
    if not titles:
        return ""
    why = f"every number being fewer than {at} or able to give one away"
    return f"Not shown, {why}: {'; '.join(titles)}."


def _turned(table, at):
    """The table with the programmes and categories that have nothing to show left out: one
    line per category and a column for the one programme reported, or, across programmes, a
    line per programme and the totals; shares of the total in whole percentages."""
    rows = list(table["rows"])
    if table["totals"]:
        rows.append({"label": "All programmes", **table["totals"]})
    shown = [r for r in rows if r["total"] is not None or any(v is not None for v in r["cells"])]
    if not shown:
        return table | {"lines": []}
    kept = [
        i for i in range(len(table["columns"])) if any(r["cells"][i] is not None for r in shown)
    ]
    hidden = [r["label"] for r in rows if r not in shown]
    hidden += [c for i, c in enumerate(table["columns"]) if i not in kept]
    laid_out = _across(table, shown, kept, at) if len(shown) > 2 else _down(table, shown, kept, at)
    return table | laid_out | {"hidden": _hidden_note(hidden, at)}


def _down(table, rows, kept, at):
    whole = rows[-1]["total"]
    lines = [
        {
            "label": table["columns"][i],
            "values": [row["cells"][i] for row in rows],
            "shares": [None] * (len(rows) - 1) + [rate(rows[-1]["cells"][i], whole, at=at)],
        }
        for i in kept
    ]
    chart = _chart(table["title"], rows[-1]["label"], lines)
    if len(table["columns"]) > 1:  # a single category is its own total
        total = [row["total"] for row in rows]
        lines.append(
            {"label": "Total", "values": total, "shares": [None] * len(rows), "total": True}
        )
    elif lines:
        lines[0]["shares"] = [None] * len(rows)
    return {
        "as_list": [row["label"] for row in rows] == ["Answers"],
        "headers": [row["label"] for row in rows],
        "lines": lines,
        "chart": chart,
    }


def _across(table, rows, kept, at):
    if len(table["columns"]) == 1:  # a single category is its own total
        return _one_category_across(table, rows)
    lines = [
        {
            "label": row["label"],
            "values": [row["cells"][i] for i in kept] + [row["total"]],
            "shares": [None] * (len(kept) + 1),
        }
        for row in rows
    ]
    last = lines[-1]
    if table["totals"]:
        last["total"] = True
        last["shares"] = [rate(v, last["values"][-1], at=at) for v in last["values"][:-1]] + [None]
    charted = [(table["columns"][i], v) for i, v in zip(kept, last["values"], strict=False)]
    return {
        "as_list": False,
        "headers": [table["columns"][i] for i in kept] + ["Total"],
        "lines": lines,
        "chart": _bars(f"{table['title']}: {last['label']}", charted),
    }


def _one_category_across(table, rows):
    lines = [{"label": row["label"], "values": [row["total"]], "shares": [None]} for row in rows]
    if table["totals"]:
        lines[-1]["total"] = True
    return {"as_list": False, "headers": table["columns"], "lines": lines, "chart": None}


def _hidden_note(labels, at):
    if not labels:
        return ""
    why = f"being fewer than {at} or able to give a smaller number away"
    return f"Not shown, {why}: {', '.join(labels)}."


def _chart(title, column, lines):
    """The numbers of the programme reported (or all programmes) drawn as bars; the table
    beside it holds the same numbers."""
    return _bars(f"{title}: {column}", [(line["label"], line["values"][-1]) for line in lines])


def _bars(title, bars):
    """A chart only where it shows more than two numbers; the table says as much otherwise."""
    return bar_chart(title, bars) if sum(v is not None for _, v in bars) > 2 else None


def _by_stage(tables, at):
    """Each monitored characteristic as one table: who applied, was paired and completed side
    by side, for the report's scope (all programmes, or the one), with each stage's shares."""
    found = []
    for first in range(0, len(tables), len(STAGES)):
        stages = tables[first : first + len(STAGES)]
        shown = [_scoped(table) for table in stages]
        columns = stages[0]["columns"]
        lines = []
        for i, column in enumerate(columns):
            values = [cells[i] if cells else None for cells, _ in shown]
            if any(v is not None for v in values):
                totals = [total for _, total in shown]
                shares = [rate(v, t, at=at) for v, t in zip(values, totals, strict=True)]
                lines.append({"label": column, "values": values, "shares": shares})
        hidden = [c for c in columns if c not in {line["label"] for line in lines}]
        totals = [total for _, total in shown]
        if lines or any(t is not None for t in totals):
            lines.append({"label": "Total", "values": totals, "shares": [None] * 3, "total": True})
        found.append(
            {
                "title": stages[0]["title"].split(": people who")[0],
                "headers": STAGES,
                "lines": lines,
                "chart": None,
                "hidden": _hidden_note(hidden, at),
                "note": "",
            }
        )
    return found


def _scoped(table):
    if table["totals"] is not None:
        return table["totals"]["cells"], table["totals"]["total"]
    if table["rows"]:
        return table["rows"][0]["cells"], table["rows"][0]["total"]
    return None, None


def _figure(figure):
    rows = [row for row in figure["rows"] if row["value"] is not None]
    if figure.get("overall") is not None:
        rows.append({"label": "All programmes", "value": figure["overall"], "total": True})
    return figure | {"rows": rows}


def _is_rating(figure):
    return [row["label"] for row in figure["rows"]][:1] == ["Answers"]


def _ratings(figures, at):
    """Every rating question's answers and average as one table, a line per question."""
    lines = []
    for figure in figures:
        answers, average = figure["rows"]
        if average["value"] is None:
            continue
        scale = average["label"].removeprefix("Average, ")
        values = [answers["value"], average["value"]]
        lines.append(
            {"label": f"{figure['title']} ({scale})", "values": values, "shares": [None, None]}
        )
    return {
        "title": "Ratings",
        "headers": ["Answers", "Average"],
        "lines": lines,
        "chart": None,
        "hidden": "",
        "note": f"Questions with fewer than {at} answers are left out.",
    }
