"""Each demo person's home page, on a wide screen and a 390 px phone: what waits for them as
links that open, no sideways scrolling, and axe's WCAG 2.2 AA rules pass."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from mentoring.people.demo import PASSWORD
from tests.browser.conftest import fits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = {
    "chris.taylor": "Confirm Jo Evans's log of your meeting on",
    "jo.evans": "Accept or answer the correction Chris Taylor suggested",
    "alex.morgan": "proposed matches in West Suffolk mentoring scheme",
    "sam.patel": "Support Jo Evans's application to",
    "ruth.bennett": "Nothing needs you today",
}
WIDTHS = [1366, 390]


def test_each_demo_person_s_home_fits_the_screen_and_passes_axe(window, check_page):
    call_command("load_demo", force=True)
    for name, said in PEOPLE.items():
        for width in WIDTHS:
            page = window(width)
            sign_in(page, f"{name}@demo-council.example", PASSWORD)
            page.goto("/")
            assert said in page.inner_text("main"), (name, width)
            fits(page)
            check_page(page)
            _follow_the_first_task(page, name)
            if name == "sam.patel":
                _answer_the_mentor_question(page, width, check_page)
            page.context.close()


def _answer_the_mentor_question(page, width, check_page):
    """West Suffolk asks Sam about the mentor proposed for one of his team (000 §3.2)."""
    page.goto(reverse("relationships:team"))
    with page.expect_navigation():
        page.get_by_role("link", name="The mentor proposed in West Suffolk").first.click()
    assert "Do you support this choice of mentor?" in page.inner_text("main"), width
    fits(page)
    check_page(page)


def _follow_the_first_task(page, name):
    tasks = page.locator(".govuk-task-list__link")
    if tasks.count() == 0:
        return
    with page.expect_navigation():
        tasks.first.click()
    assert page.locator("h1").count() == 1, name
    assert "Page not found" not in page.title(), name
