import pytest

from mentoring.people.models import StaffMember
from tests.browser.conftest import sign_in
from tests.csv_files import person, staff_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_imports_staff_finds_a_person_and_signs_out(
    page, check_page, coordinator, tmp_path
):
    page.goto("/")
    assert page.title().startswith("Sign in · Mentoring")
    check_page(page)
    sign_in(page, coordinator.work_email)
    page.get_by_role("heading", name="Hello, Alex").wait_for()
    check_page(page)

    bad = tmp_path / "bad.csv"
    bad.write_bytes(staff_csv(person("amira.khan@example.org", manager="ghost@example.org")).read())
    page.get_by_role("link", name="Manage").click()
    page.get_by_role("link", name="Staff", exact=True).click()
    page.get_by_role("link", name="Import staff").first.click()
    page.get_by_label("CSV file").set_input_files(bad)
    page.get_by_role("button", name="Import").click()
    page.get_by_text("Nothing was imported: 1 problem to fix").wait_for()
    check_page(page)
    assert not StaffMember.objects.filter(work_email="amira.khan@example.org").exists()

    good = tmp_path / "hr-export.csv"
    good.write_bytes(
        staff_csv(
            person("tom.reed@example.org", manager="amira.khan@example.org"),
            person("amira.khan@example.org", job_title="Head of People"),
        ).read()
    )
    page.get_by_label("CSV file").set_input_files(good)
    page.get_by_role("button", name="Import").click()
    page.get_by_text("Staff imported: 2 new").wait_for()

    page.get_by_role("link", name="Staff", exact=True).click()
    page.get_by_label("Name, email or job title").fill("amira")
    page.get_by_role("button", name="Show staff").click()
    page.get_by_role("heading", name="1 staff record").wait_for()
    check_page(page)
    page.get_by_role("link", name="Amira Khan").click()
    page.get_by_role("heading", name="Amira Khan").wait_for()
    assert page.get_by_role("cell", name="Tom Reed").is_visible()
    check_page(page)

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    page.goto("/staff/")
    assert "/accounts/login/" in page.url


def test_the_pages_for_everyone_pass_the_accessibility_check(
    page, check_page, line_manager, staff_member
):
    for path in [
        "/accounts/login/",
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/MQ/bad-token/",
        "/accounts/reset/done/",
    ]:
        page.goto(path)
        check_page(page)
    sign_in(page, line_manager.work_email)
    page.get_by_role("heading", name="Waiting for you").wait_for()
    check_page(page)
    page.goto(f"/staff/{staff_member.pk}/")
    check_page(page)
    for path in ["/accounts/password_change/", "/accounts/password_change/done/"]:
        page.goto(path)
        check_page(page)
    for path, status in [("/staff/", 403), ("/staff/999999/", 404)]:
        assert page.goto(path).status == status
        page.console_problems.remove(
            f"Failed to load resource: the server responded with a status of {status} "
            f"({'Forbidden' if status == 403 else 'Not Found'})"
        )
        check_page(page)


def test_wrong_passwords_show_a_message_then_pause_signing_in(
    page, check_page, staff_member, settings
):
    page.goto("/")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Email address").fill(staff_member.work_email)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
        if attempt == 0:
            page.get_by_text("The email address or password is not right").first.wait_for()
            check_page(page)
    page.get_by_role("heading", name="Signing in is paused").wait_for()
    page.console_problems.remove(
        "Failed to load resource: the server responded with a status of 429 (Too Many Requests)"
    )
    check_page(page)


def test_the_accessibility_check_does_catch_a_problem(page, check_page):
    page.set_content('<html lang="en"><title>x</title><main><input type="text"></main></html>')
    with pytest.raises(AssertionError, match="label"):
        check_page(page)
