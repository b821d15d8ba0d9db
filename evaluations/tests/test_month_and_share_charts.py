"""The charts of issue 20: a column a month for the dashboard's trends, and the shares of
those who answered a question for the survey results. Valid SVG, named, every word escaped,
the numbers in words for a screen reader, and nothing drawn past the chart's width."""

import xml.etree.ElementTree as ET
from datetime import date

from evaluations.charts import WIDTH, column_chart, share_chart
from evaluations.dashboard import last_months
from evaluations.services.answers import Share

SVG = "{http://www.w3.org/2000/svg}"


def parsed(markup):
    return ET.fromstring(str(markup))


def texts(svg):
    return [t.text for t in svg.iter(f"{SVG}text")]


def test_the_last_twelve_months_run_from_a_year_ago_to_this_one():
    months = last_months(date(2026, 1, 31), 12)
    assert months[0] == date(2025, 2, 1) and months[-1] == date(2026, 1, 1)
    assert len(set(months)) == 12


def test_a_column_chart_has_a_column_for_each_month_with_something_and_says_it_in_words():
    months = list(zip(last_months(date(2026, 1, 15), 12), [0] * 11 + [7], strict=True))
    months[3] = (months[3][0], 3)
    svg = parsed(column_chart("Meetings held, by month", months))
    assert svg.get("aria-label") == "Meetings held, by month"
    assert len(svg.findall(f"{SVG}rect")) == 2  # no column for a zero
    words = texts(svg)
    assert words.count("Jan") == 1 and words.count("Feb") == 1
    assert "2025" in words and "2026" in words  # under the first month and under January
    desc = svg.find(f"{SVG}desc").text
    assert "May 2025: 3" in desc and "January 2026: 7" in desc


def test_big_numbers_are_shortened_above_their_column_and_whole_in_words():
    months = list(zip(last_months(date(2026, 6, 1), 3), [999, 1234, 25_123], strict=True))
    svg = parsed(column_chart("Meetings", months))
    shown = [t for t in texts(svg) if t not in ("Apr", "May", "Jun", "2026")]
    assert shown == ["999", "1.2k", "25k"]
    assert "25,123" in svg.find(f"{SVG}desc").text


def test_a_share_chart_draws_each_share_to_a_hundred_per_cent_and_escapes_every_word():
    shares = [Share("<b>Low</b>", 1, 33), Share("High & mighty", 2, 67)]
    markup = share_chart("Rate <it>", shares)
    assert "<b>" not in markup and "<it>" not in markup
    svg = parsed(markup)
    lengths = [float(r.get("width")) for r in svg.findall(f"{SVG}rect")]
    assert (
        lengths[1] == round(lengths[0] * 67 / 33, 1) or abs(lengths[1] - lengths[0] * 67 / 33) < 1
    )
    assert max(lengths) < WIDTH
    assert "67% (2)" in texts(svg) and "High & mighty" in texts(svg)


def test_a_share_chart_wraps_a_long_label_rather_than_cutting_it():
    label = "Provides a platform to discuss employees' career goals and the way ahead"
    svg = parsed(share_chart("Benefits", [Share(label, 4, 100)]))
    lines = [t for t in texts(svg) if "%" not in t]
    assert " ".join(lines) == label and len(lines) == 2
