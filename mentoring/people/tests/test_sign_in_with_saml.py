"""Signing in with the organisation's account over SAML 2.0, against a real identity provider
started for the tests (tests/peers/saml_idp.py: pysaml2's own Server, signing with xmlsec1):
the portal's own pages, the provider's own sign-in page."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from mentoring.people.models import User
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """A browser as Django checks one: the provider's post carries no CSRF token of ours."""
    return Client(enforce_csrf_checks=True)


def provider_answer(client, provider, email, start_at=None) -> dict:
    """Start signing in at the portal, sign in on the provider's own page, and return the
    form the provider has the browser post back to the portal (not yet posted)."""
    start = client.get(start_at or reverse("saml2_login"))
    assert start.status_code == 302, start.content
    assert start.url.startswith(provider.base)
    browser = requests.Session()
    sign_in_page = browser.get(start.url, timeout=10)
    assert "Test identity provider" in sign_in_page.text
    query = parse_qs(urlsplit(start.url).query)
    answer = browser.post(
        f"{provider.base}/sso",
        {
            "username": email,
            "password": provider.password,
            "SAMLRequest": query["SAMLRequest"][0],
            "RelayState": query.get("RelayState", [""])[0],
        },
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    action = re.search(r'<form action="([^"]+)"', answer.text).group(1)
    assert urlsplit(action).path == reverse("saml2_acs")
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', answer.text))
    return {name: unescape(value) for name, value in fields.items()}


def signed_in_user(client):
    return client.session.get("_auth_user_id")


def test_a_member_of_staff_lands_in_their_own_account(client, saml_sign_on, staff_member):
    answer = provider_answer(client, saml_sign_on, staff_member.work_email)
    response = client.post(reverse("saml2_acs"), answer)
    assert response.status_code == 302 and response.url == reverse("home")
    assert signed_in_user(client) == str(staff_member.user.pk)
    assert client.get(reverse("home")).status_code == 200


def test_the_work_email_is_matched_as_the_staff_import_matches_it(client, saml_sign_on):
    person = StaffMemberFactory(work_email="jo.evans@example.org")
    client.post(reverse("saml2_acs"), provider_answer(client, saml_sign_on, "Jo.Evans@EXAMPLE.org"))
    assert signed_in_user(client) == str(person.user.pk)


def test_the_work_email_may_come_in_an_attribute_as_entra_sends_it(client, saml_sign_on, settings):
    settings.SAML_EMAIL_ATTRIBUTE = (
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
    )
    person = StaffMemberFactory(work_email="jo.evans@example.org")
    client.post(reverse("saml2_acs"), provider_answer(client, saml_sign_on, "jo.evans@example.org"))
    assert signed_in_user(client) == str(person.user.pk)


def test_someone_without_a_staff_record_gets_no_account(client, saml_sign_on, staff_member):
    accounts = User.objects.count()
    answer = provider_answer(client, saml_sign_on, "stranger@example.org")
    response = client.post(reverse("saml2_acs"), answer)
    assert response.status_code == 403
    assert "no current staff record" in response.text
    assert "stranger@example.org" in response.text
    assert signed_in_user(client) is None
    assert User.objects.count() == accounts
    assert AccessAttempt.objects.count() == 0


def test_a_leaver_cannot_sign_in(client, saml_sign_on, staff_member):
    staff_member.is_active = False
    staff_member.save()
    response = client.post(
        reverse("saml2_acs"), provider_answer(client, saml_sign_on, staff_member.work_email)
    )
    assert response.status_code == 403
    assert "You cannot sign in to the mentoring portal yet" in response.text
    assert signed_in_user(client) is None


def test_someone_from_a_partner_organisation_signs_in_with_a_password(client, saml_sign_on):
    partner = StaffMemberFactory(is_external=True, external_organisation="Suffolk Mind")
    response = client.post(
        reverse("saml2_acs"), provider_answer(client, saml_sign_on, partner.work_email)
    )
    assert response.status_code == 403
    assert signed_in_user(client) is None


def refused(response, client):
    assert response.status_code == 400, response.content
    assert "Signing in did not finish" in response.text
    assert signed_in_user(client) is None


@pytest.mark.parametrize(
    "mischief", ["tampered", "expired", "wrong_audience", "wrong_request", "unsigned"]
)
def test_a_spoilt_answer_signs_nobody_in(client, saml_sign_on, staff_member, mischief):
    StaffMemberFactory(work_email=saml_sign_on.tamper_to)
    saml_sign_on.next_answer(mischief)
    answer = provider_answer(client, saml_sign_on, staff_member.work_email)
    refused(client.post(reverse("saml2_acs"), answer), client)


def test_the_same_answer_posted_twice_signs_in_once(client, saml_sign_on, staff_member):
    answer = provider_answer(client, saml_sign_on, staff_member.work_email)
    client.post(reverse("saml2_acs"), answer)
    client.logout()
    refused(client.post(reverse("saml2_acs"), answer), client)


def test_an_answer_to_another_browsers_request_signs_nobody_in(client, saml_sign_on, staff_member):
    answer = provider_answer(client, saml_sign_on, staff_member.work_email)
    elsewhere = Client(enforce_csrf_checks=True)
    refused(elsewhere.post(reverse("saml2_acs"), answer), elsewhere)


@pytest.mark.parametrize("garbage", ["", "not base64 at all", "PHhtbD48L3htbD4=", "A" * 5000])
def test_garbage_is_refused_with_the_portals_own_page(client, saml_sign_on, garbage):
    client.get(reverse("saml2_login"))
    refused(client.post(reverse("saml2_acs"), {"SAMLResponse": garbage}), client)


def test_the_portal_publishes_its_metadata(client, saml_sign_on):
    response = client.get(reverse("saml2_metadata"))
    assert response.status_code == 200
    assert b'entityID="http://testserver/saml/metadata/"' in response.content
    assert b"http://testserver/saml/acs/" in response.content
    assert b'WantAssertionsSigned="true"' in response.content


def test_without_saml_set_up_its_addresses_are_not_found(client):
    for name in ("saml2_login", "saml2_metadata"):
        assert client.get(reverse(name)).status_code == 404
    assert client.post(reverse("saml2_acs"), {"SAMLResponse": "x"}).status_code == 404


def test_the_sign_in_page_offers_the_provider(client, saml_sign_on):
    response = client.get(reverse("login"))
    assert "Sign in with Test SAML Identity" in response.text
    assert reverse("saml2_login") in response.text


def test_signing_out_ends_the_session_and_asks_the_provider_to_sign_out(
    client, saml_sign_on, staff_member
):
    client.post(
        reverse("saml2_acs"), provider_answer(client, saml_sign_on, staff_member.work_email)
    )
    assert signed_in_user(client)
    client.get(reverse("home"))
    response = client.post(
        reverse("logout"), {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    )
    assert response.status_code == 302
    assert response.url.startswith(f"{saml_sign_on.base}/slo?SAMLRequest=")
    assert signed_in_user(client) is None
    back = urlsplit(
        requests.get(response.url, allow_redirects=False, timeout=10).headers["Location"]
    )
    assert back.path == reverse("saml2_ls")
    finished = client.get(f"{back.path}?{back.query}")
    assert finished.status_code == 302 and finished.url == reverse("login")
    assert signed_in_user(client) is None


def test_a_provider_that_cannot_be_reached_gets_a_page_saying_so(client, settings):
    settings.SAML_IDP_METADATA_URL = "http://127.0.0.1:9/metadata"  # the discard port
    settings.SAML_SP_ENTITY_ID = "http://testserver/saml/metadata/"
    for response in (
        client.get(reverse("saml2_login")),
        client.post(reverse("saml2_acs"), {"SAMLResponse": "PHhtbD48L3htbD4="}),
    ):
        assert response.status_code == 503
        assert "could not reach" in response.text
        assert signed_in_user(client) is None


def test_a_coordinator_is_not_asked_for_a_second_factor_the_provider_checks_its_own(
    client, saml_sign_on, coordinator, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    answer = provider_answer(client, saml_sign_on, coordinator.work_email)
    response = client.post(reverse("saml2_acs"), answer)
    assert response.status_code == 302 and response.url == reverse("home")
    assert signed_in_user(client) == str(coordinator.user.pk)
    assert client.get(reverse("home")).status_code == 200
