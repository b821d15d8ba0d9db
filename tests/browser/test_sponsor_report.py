"""A sponsor reads the demo's monitoring report on a phone and on a wide screen (issue 20):
the headline's numbers on the first screen, nothing scrolls the page sideways, and axe's
WCAG 2.2 AA rules pass."""

import pytest
from django.core.management import call_command

from evaluations.models import MonitoringReport
from mentoring.people.demo import PASSWORD
from tests.browser.conftest import fits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The numbers the report publishes (not dates, not words) whose top is on the first screen.
NUMBERS_ON_FIRST_SCREEN = """
    [...document.querySelectorAll('main .app-number')]
        .filter(e => e.getBoundingClientRect().top < window.innerHeight
                     && e.getBoundingClientRect().bottom > 0).length
"""


@pytest.mark.parametrize("width", [390, 1366])
def test_a_sponsor_reads_the_report_s_headline_on_the_first_screen(window, check_page, width):
    call_command("load_demo", force=True)
    report = MonitoringReport.objects.get(programme=None)
    page = window(width)
    sign_in(page, "ruth.bennett@demo-council.example", PASSWORD)
    page.get_by_role("link", name="Reports").first.click()
    page.get_by_role("link", name="All programmes").click()
    assert page.url.endswith(report.get_absolute_url())

    assert page.get_by_role("heading", name="In numbers").is_visible()
    assert page.evaluate(NUMBERS_ON_FIRST_SCREEN) >= 6
    fits(page)
    assert page.locator("main").inner_text().count("suppressed") <= 100
    for chart in page.locator("main svg").all():  # full labels, never cut short
        assert "…" not in chart.inner_html()
    check_page(page)
