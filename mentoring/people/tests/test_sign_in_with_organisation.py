"""Signing in with the organisation's account, against a real OpenID Connect provider started
for the tests (tests/peers/oidc_provider): the portal's own pages, the provider's own sign-in."""

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from axes.models import AccessAttempt
from django.urls import reverse

from mentoring.people.models import User
from tests.factories import PASSWORD, StaffMemberFactory
from tests.roles import ROLES

pytestmark = pytest.mark.django_db


def back_from_provider(client, provider, email, start_at=None):
    """Start signing in at the portal, sign in on the provider's own page, and return the
    address the provider sends the browser back to (the portal's callback, not yet visited)."""
    provider.add_person(email)
    start = client.get(start_at or reverse("organisation_sign_in"))
    assert start.status_code == 302
    browser = requests.Session()
    login_page = browser.get(start.url, timeout=10)
    assert "Test identity provider" in login_page.text
    signed_in = browser.post(
        login_page.url,
        {
            "username": email,
            "password": provider.password,
            "next": parse_qs(urlsplit(login_page.url).query)["next"][0],
            "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert signed_in.status_code == 302, signed_in.text
    authorize = urljoin(login_page.url, signed_in.headers["Location"])
    back = browser.get(authorize, allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["Location"])
    assert callback.path == reverse("organisation_sign_in_callback")
    return f"{callback.path}?{callback.query}"


def signed_in_user(client):
    return client.session.get("_auth_user_id")


def test_a_member_of_staff_lands_in_their_own_account(client, single_sign_on, staff_member):
    callback = back_from_provider(client, single_sign_on, staff_member.work_email)
    response = client.get(callback)
    assert response.status_code == 302 and response.url == reverse("home")
    assert signed_in_user(client) == str(staff_member.user.pk)
    assert client.get(reverse("home")).status_code == 200


def test_the_work_email_is_matched_as_the_staff_import_matches_it(client, single_sign_on):
    person = StaffMemberFactory(work_email="jo.evans@example.org")
    callback = back_from_provider(client, single_sign_on, "Jo.Evans@EXAMPLE.org")
    client.get(callback)
    assert signed_in_user(client) == str(person.user.pk)


def test_someone_without_a_staff_record_gets_no_account(client, single_sign_on, staff_member):
    accounts = User.objects.count()
    callback = back_from_provider(client, single_sign_on, "stranger@example.org")
    response = client.get(callback)
    assert response.status_code == 403
    assert "no current staff record" in response.text
    assert "stranger@example.org" in response.text
    assert signed_in_user(client) is None
    assert User.objects.count() == accounts


def test_a_refusal_does_not_count_towards_pausing_sign_in(client, single_sign_on):
    client.get(back_from_provider(client, single_sign_on, "stranger@example.org"))
    assert AccessAttempt.objects.count() == 0


def test_the_refusal_says_who_to_ask(client, single_sign_on, settings):
    settings.ORGANISATION_CONTACT = "the IT service desk on 01234 567890"
    callback = back_from_provider(client, single_sign_on, "stranger@example.org")
    response = client.get(callback)
    assert "Ask the IT service desk on 01234 567890" in response.text


def test_a_leaver_is_refused(client, single_sign_on, staff_member):
    staff_member.is_active = False
    staff_member.save()
    callback = back_from_provider(client, single_sign_on, staff_member.work_email)
    response = client.get(callback)
    assert response.status_code == 403
    assert signed_in_user(client) is None


def test_someone_from_a_partner_organisation_is_refused(client, single_sign_on):
    partner = StaffMemberFactory(is_external=True, external_organisation="Suffolk Mind")
    callback = back_from_provider(client, single_sign_on, partner.work_email)
    assert client.get(callback).status_code == 403
    assert signed_in_user(client) is None


@pytest.mark.parametrize(
    "mischief", ["bad-signature", "expired", "wrong-audience", "wrong-issuer", "unverified-email"]
)
def test_an_altered_id_token_is_refused(client, single_sign_on, staff_member, mischief):
    callback = back_from_provider(client, single_sign_on, staff_member.work_email)
    single_sign_on.next_id_token(mischief)
    response = client.get(callback)
    assert response.status_code == 400
    assert "Signing in did not finish" in response.text
    assert signed_in_user(client) is None


def test_the_same_return_from_the_provider_is_refused_a_second_time(
    client, single_sign_on, staff_member
):
    callback = back_from_provider(client, single_sign_on, staff_member.work_email)
    client.get(callback)
    client.post(reverse("logout"))
    response = client.get(callback)
    assert response.status_code == 400
    assert signed_in_user(client) is None


def test_a_used_code_is_refused_with_a_fresh_state(client, single_sign_on, staff_member):
    used = back_from_provider(client, single_sign_on, staff_member.work_email)
    client.get(used)
    client.post(reverse("logout"))
    fresh = back_from_provider(client, single_sign_on, staff_member.work_email)
    code = parse_qs(urlsplit(used).query)["code"][0]
    state = parse_qs(urlsplit(fresh).query)["state"][0]
    response = client.get(reverse("organisation_sign_in_callback") + f"?code={code}&state={state}")
    assert response.status_code == 400
    assert signed_in_user(client) is None


def test_a_state_the_portal_never_issued_is_refused(client, single_sign_on, staff_member):
    back_from_provider(client, single_sign_on, staff_member.work_email)
    response = client.get(reverse("organisation_sign_in_callback") + "?code=x&state=forged")
    assert response.status_code == 400
    assert signed_in_user(client) is None


def test_signing_out_ends_the_session_and_signs_out_at_the_provider(
    client, single_sign_on, staff_member
):
    client.get(back_from_provider(client, single_sign_on, staff_member.work_email))
    response = client.post(reverse("logout"))
    assert response.url.startswith(single_sign_on.issuer + "/logout/?id_token_hint=")
    assert signed_in_user(client) is None


def test_someone_who_signed_in_with_a_password_signs_out_here(client, single_sign_on, staff_member):
    client.post(reverse("login"), {"username": staff_member.work_email, "password": PASSWORD})
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert signed_in_user(client) is None


def test_without_a_provider_set_up_there_is_no_button_and_no_way_in(client):
    assert "Sign in with" not in client.get(reverse("login")).text
    assert client.get(reverse("organisation_sign_in")).status_code == 404
    assert client.get(reverse("organisation_sign_in_callback")).status_code == 404


def test_the_sign_in_page_offers_the_provider_by_name(client, single_sign_on):
    response = client.get(reverse("login"))
    assert "Sign in with Test Identity" in response.text


def test_forms_may_lead_to_the_provider_to_sign_out_there(client, single_sign_on):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    form_action = next(d for d in policy.split("; ") if d.startswith("form-action"))
    assert form_action == f"form-action 'self' {single_sign_on.issuer.removesuffix('/o')}"


@pytest.mark.parametrize("role", ROLES)
def test_anyone_may_start_signing_in_and_only_a_real_return_signs_in(
    client, single_sign_on, people, role
):
    if role != "anonymous":
        client.force_login(people[role].user)
    start = client.get(reverse("organisation_sign_in"))
    assert start.status_code == 302 and start.url.startswith(single_sign_on.issuer + "/authorize/")
    assert client.get(reverse("organisation_sign_in_callback")).status_code == 400


def test_a_provider_that_does_not_answer_gets_a_page_not_an_error(client, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:9/o"  # the discard port: nothing answers
    settings.OIDC_RP_CLIENT_ID = "mentoring-portal"
    response = client.get(reverse("organisation_sign_in"))
    assert response.status_code == 503
    assert "could not reach" in response.text


def test_a_leaver_signed_in_with_the_provider_is_signed_out(client, single_sign_on, staff_member):
    client.get(back_from_provider(client, single_sign_on, staff_member.work_email))
    staff_member.is_active = False
    staff_member.save()
    assert client.get(reverse("home")).status_code == 302


def test_the_page_asked_for_opens_after_signing_in(client, single_sign_on, staff_member):
    start_at = reverse("organisation_sign_in") + "?next=/programmes/"
    callback = back_from_provider(client, single_sign_on, staff_member.work_email, start_at)
    assert client.get(callback).url == "/programmes/"
