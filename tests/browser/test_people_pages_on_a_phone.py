"""The sign-in, profile, team, notifications, staff and audit pages on a 390 px phone: no
sideways scrolling of the page, and axe's WCAG 2.2 AA rules pass."""

import pytest

from tests.browser.conftest import fits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def opens_and_fits(page, check_page, path, status=200):
    assert page.goto(path).status == status, path
    if status != 200:
        page.console_problems.clear()  # the browser logs the status itself
    fits(page)
    check_page(page)


def test_signing_in_and_choosing_a_password_fit_a_phone(phone, check_page, staff_member):
    for path in ["/accounts/login/", "/accounts/password_reset/", "/accounts/reset/MQ/x/"]:
        opens_and_fits(phone, check_page, path)
    phone.goto("/accounts/login/")
    phone.get_by_role("button", name="Sign in").click()
    phone.get_by_role("link", name="Enter your work email address").click()
    assert phone.evaluate("document.activeElement.id") == "id_username"
    check_page(phone)


def test_a_line_managers_pages_fit_a_phone(phone, check_page, line_manager, staff_member):
    sign_in(phone, line_manager.work_email)
    for path in ["/mentoring/team/", "/profile/", "/notifications/", "/notifications/choices/"]:
        opens_and_fits(phone, check_page, path)
    opens_and_fits(phone, check_page, "/equality/")
    opens_and_fits(phone, check_page, f"/staff/{staff_member.pk}/")
    opens_and_fits(phone, check_page, "/no-such-page/", status=404)
    opens_and_fits(phone, check_page, "/staff/", status=403)


def test_a_coordinators_staff_and_audit_pages_fit_a_phone(
    phone, check_page, coordinator, staff_member
):
    sign_in(phone, coordinator.work_email)
    for path in ["/staff/", f"/staff/{staff_member.pk}/", "/staff/import/", "/audit/"]:
        opens_and_fits(phone, check_page, path)
