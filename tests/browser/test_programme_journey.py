import pytest

from programmes.models import Programme
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_coordinator_creates_a_programme_from_the_cleveland_preset_and_opens_it(
    page, check_page, coordinator, staff_member
):
    sign_in(page, coordinator.work_email)
    page.get_by_role("link", name="Programmes").click()
    check_page(page)
    page.get_by_role("link", name="New programme").click()
    check_page(page)
    page.get_by_role("link", name="Start from Cleveland Police: traditional mentoring").click()
    page.get_by_label("Name").fill("Mentoring Programme 2027")
    page.get_by_label("Purpose").fill("Support our officers and staff to develop.")
    page.get_by_label("Most mentees a mentor may take").fill("4")
    check_page(page)
    page.get_by_role("button", name="Create programme").click()
    page.get_by_role("heading", name="Mentoring Programme 2027").wait_for()
    check_page(page)
    assert page.get_by_text("Up to 4").is_visible()
    page.get_by_role("link", name="Edit policy").click()
    check_page(page)
    page.go_back()
    page.get_by_role("link", name="Edit programme").click()
    check_page(page)
    page.go_back()
    page.get_by_role("button", name="Open for applications").click()
    page.get_by_text("The programme is now open for applications.").wait_for()
    assert Programme.objects.get().status == "open"

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, staff_member.work_email)
    page.get_by_role("link", name="Programmes").click()
    page.get_by_role("link", name="Mentoring Programme 2027").click()
    page.get_by_role("heading", name="How it works").wait_for()
    assert page.get_by_role("cell", name="Version approved at SDG").is_visible()
    check_page(page)
