"""A person signs in through the organisation's identity provider (a real OpenID Connect
provider started for the tests, with its own sign-in page), uses the portal, and signs out."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider(single_sign_on, live_server):
    single_sign_on.add_portal(live_server.url)
    return single_sign_on


def sign_in_at_the_provider(page, provider, email):
    provider.add_person(email)
    page.goto("/")
    page.get_by_role("button", name="Sign in with Test Identity").click()
    page.get_by_role("heading", name="Test identity provider").wait_for()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(provider.password)
    page.get_by_role("button", name="Continue").click()


def test_staff_sign_in_with_the_provider_and_sign_out(page, check_page, provider, staff_member):
    page.goto("/")
    check_page(page)
    sign_in_at_the_provider(page, provider, staff_member.work_email)
    page.get_by_role("heading", name="Hello, Jo").wait_for()
    assert page.url.endswith("/")
    check_page(page)
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    page.goto("/")
    page.get_by_role("heading", name="Sign in").wait_for()
    assert "/accounts/login/" in page.url


def test_someone_with_no_staff_record_is_told_who_to_ask(page, check_page, provider, settings):
    settings.ORGANISATION_CONTACT = "the IT service desk"
    sign_in_at_the_provider(page, provider, "stranger@example.org")
    page.get_by_role("heading", name="You cannot sign in to the mentoring portal yet").wait_for()
    page.get_by_text("Ask the IT service desk").wait_for()
    # The refusal is answered 403 (Chromium notes the status in the console), as it should be.
    page.console_problems = [p for p in page.console_problems if "403 (Forbidden)" not in p]
    check_page(page)
    page.goto("/")
    assert "/accounts/login/" in page.url


def test_a_leaver_is_refused(page, provider, staff_member):
    staff_member.is_active = False
    staff_member.save()
    sign_in_at_the_provider(page, provider, staff_member.work_email)
    page.get_by_role("heading", name="You cannot sign in to the mentoring portal yet").wait_for()
    page.goto("/")
    assert "/accounts/login/" in page.url
