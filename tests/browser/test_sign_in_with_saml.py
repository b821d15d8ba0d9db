"""A person signs in through the organisation's SAML identity provider (pysaml2's own, started
for the tests, with its own sign-in page), uses the portal, and signs out there too."""

import pytest
import requests

from tests.peers.fixtures import set_up_saml

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider(settings, saml_provider, live_server):
    set_up_saml(settings, saml_provider, live_server.url)
    metadata = requests.get(f"{live_server.url}/saml/metadata/", timeout=10)
    saml_provider.meet_portal(metadata.content)
    return saml_provider


def sign_in_at_the_provider(page, provider, email):
    page.goto("/")
    page.get_by_role("button", name="Sign in with Test SAML Identity").click()
    page.get_by_role("heading", name="Test identity provider").wait_for()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(provider.password)
    page.get_by_role("button", name="Sign in to the identity provider").click()


def test_staff_sign_in_with_the_provider_and_sign_out(page, check_page, provider, staff_member):
    page.goto("/")
    check_page(page)
    sign_in_at_the_provider(page, provider, staff_member.work_email)
    page.get_by_role("heading", name="Hello, Jo").wait_for()
    check_page(page)
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    assert "/accounts/login/" in page.url
    assert staff_member.work_email not in provider_signed_in(provider)
    page.goto("/")
    assert "/accounts/login/" in page.url


def provider_signed_in(provider) -> str:
    return requests.get(f"{provider.base}/signed-in", timeout=10).text


def test_someone_with_no_staff_record_is_told_who_to_ask(page, check_page, provider, settings):
    settings.ORGANISATION_CONTACT = "the IT service desk"
    sign_in_at_the_provider(page, provider, "stranger@example.org")
    page.get_by_role("heading", name="You cannot sign in to the mentoring portal yet").wait_for()
    page.get_by_text("Ask the IT service desk").wait_for()
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


def test_a_tampered_answer_signs_nobody_in(page, check_page, provider, staff_member):
    provider.next_answer("tampered")
    sign_in_at_the_provider(page, provider, staff_member.work_email)
    page.get_by_role("heading", name="Signing in did not finish").wait_for()
    page.console_problems = [p for p in page.console_problems if "400 (Bad Request)" not in p]
    check_page(page)
    page.goto("/")
    assert "/accounts/login/" in page.url
