"""Server-side SVG charts: valid XML, named, readable without sight, and honest about
suppressed numbers."""

import re
import xml.etree.ElementTree as ET

from django.template.loader import render_to_string

from evaluations.charts import WIDTH, Chart, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def parsed(markup):
    return ET.fromstring(str(markup))


def texts(svg):
    return [t.text for t in svg.iter(f"{SVG}text")]


def bars(svg):
    return svg.findall(f"{SVG}rect")


def test_it_is_an_svg_image_with_its_title():
    svg = parsed(bar_chart("Relationships by status", [("Active", 12), ("Ended", 3)]))
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == "Relationships by status"
    assert svg.find(f"{SVG}title").text == "Relationships by status"
    assert svg.find(f"{SVG}desc").text == "Active: 12; Ended: 3"


def test_each_row_has_its_label_a_bar_and_its_number():
    svg = parsed(bar_chart("Phases", [("Building rapport", 4), ("Progression", 2)]))
    assert texts(svg) == ["Building rapport", "4", "Progression", "2"]
    longest, shorter = (float(bar.get("width")) for bar in bars(svg))
    assert longest == 2 * shorter
    assert 0 < longest < WIDTH


def test_a_suppressed_number_is_said_so_and_never_drawn_as_zero():
    svg = parsed(bar_chart("Ended early, by reason", [("Time", None), ("Other", 0), ("Fit", 5)]))
    assert texts(svg) == ["Time", "suppressed", "Other", "0", "Fit", "5"]
    assert len(bars(svg)) == 1  # only the 5: a zero has no bar, a suppressed one neither
    assert svg.find(f"{SVG}desc").text == "Time: suppressed; Other: 0; Fit: 5"
    suppressed = next(t for t in svg.iter(f"{SVG}text") if t.text == "suppressed")
    assert suppressed.get("font-style") == "italic"


def test_words_are_escaped_so_the_markup_stays_valid():
    svg = parsed(bar_chart('Scores <for> "A & B"', [("<script>alert(1)</script>", 1)]))
    assert svg.find(f"{SVG}title").text == 'Scores <for> "A & B"'
    assert texts(svg)[0] == "<script>alert(1)</script>"
    assert svg.find(f"{SVG}script") is None


def test_a_long_label_wraps_onto_more_lines_whole_and_pushes_the_next_bar_down():
    label = "Proposed: waiting for the introductory meeting to happen"
    svg = parsed(bar_chart("Status", [(label, 1), ("Active", 2)]))
    lines = [t for t in svg.iter(f"{SVG}text") if t.text not in {"1", "2"}]
    assert " ".join(t.text for t in lines[:2]) == label
    assert "…" not in "".join(texts(svg))
    first_line, second_line, active = (float(t.get("y")) for t in lines)
    assert first_line < second_line < float(bars(svg)[0].get("y")) < active
    assert float(svg.get("height")) > active
    assert label in svg.find(f"{SVG}desc").text


def test_a_scale_can_be_fixed_and_decimals_are_kept():
    svg = parsed(bar_chart("Mean rating", [("Helpful", 2.5), ("Well run", 5)], maximum=5))
    half, full = (float(bar.get("width")) for bar in bars(svg))
    assert half * 2 == full
    assert texts(svg) == ["Helpful", "2.5", "Well run", "5"]


def test_no_rows_says_there_is_nothing_to_show():
    svg = parsed(bar_chart("Relationships at risk", []))
    assert texts(svg) == ["Nothing to show yet."]
    assert bars(svg) == []


def test_nothing_in_it_needs_css_or_script():
    """Our Content-Security-Policy refuses inline styles and handlers; WeasyPrint draws no
    foreignObject and knows no CSS variables."""
    markup = str(bar_chart("Status", [("Active", 3), ("Ended", None)]))
    assert not re.search(r"\sstyle=|\son[a-z]+=|<script|<foreignObject|var\(--", markup)


def test_the_page_include_pairs_the_chart_with_a_table_of_the_same_numbers():
    chart = Chart("Relationships by status", [("Active", 3), ("Ended", None)], "Relationships")
    html = render_to_string("evaluations/includes/chart.html", {"chart": chart})
    assert str(chart.svg) in html
    assert "<details" in html and "Relationships by status: the numbers" in html
    assert table_rows(html) == [
        ["Relationships by status", "Relationships"],
        ["Active", "3"],
        ["Ended", "suppressed"],
    ]


def table_rows(html):
    """Each row of the page's tables as the words of its cells."""
    cells = r"<t[hd][^>]*>(.*?)</t[hd]>"
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(cells, row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    ]


def test_weasyprint_draws_it_in_a_pdf():
    from io import BytesIO

    from pypdf import PdfReader
    from weasyprint import HTML

    chart = bar_chart("Ended early, by reason", [("Time or workload", 7), ("Other", None)])
    pdf = HTML(string=f"<html><body><h1>Report</h1>{chart}</body></html>").write_pdf()
    words = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    for drawn in ["Time or workload", "7", "Other", "suppressed"]:
        assert drawn in words


def test_it_fits_a_phone_without_shrinking_its_labels():
    """A 390 px phone leaves 360 px inside the page's margins: a chart no wider is drawn at
    its own size, so its 13 px labels stay 13 px, each whole above its bar."""
    label = "Agreement unsigned after two weeks"
    svg = parsed(bar_chart("At risk", [(label, 3), ("Concern raised", 1)]))
    assert int(svg.get("width")) <= 360
    assert texts(svg)[0] == label
    label_y = float(next(svg.iter(f"{SVG}text")).get("y"))
    assert label_y < float(bars(svg)[0].get("y"))  # the label sits above its bar
