"""SINGLE_SIGN_ON_ONLY: staff sign in only with the organisation's account; people from partner
organisations and the break-glass administrator (a superuser) keep their passwords."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from mentoring.people.models import User
from tests.factories import PASSWORD, StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_single_sign_on(settings):
    settings.OIDC_ISSUER = "https://login.example.org/tenant/v2.0"
    settings.OIDC_RP_CLIENT_ID = "mentoring"
    settings.OIDC_PROVIDER_NAME = "Microsoft"
    settings.SINGLE_SIGN_ON_ONLY = True


def sign_in(client, email, page="login"):
    return client.post(reverse(page), {"username": email, "password": PASSWORD})


def test_staff_cannot_sign_in_with_a_password(client, only_single_sign_on, staff_member):
    response = sign_in(client, staff_member.work_email)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_staff_can_sign_in_with_a_password_when_the_option_is_off(client, staff_member):
    assert sign_in(client, staff_member.work_email).status_code == 302


def test_someone_from_a_partner_organisation_keeps_their_password(client, only_single_sign_on):
    partner = StaffMemberFactory(is_external=True, external_organisation="Suffolk Mind")
    response = sign_in(client, partner.work_email)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(partner.user.pk)


def test_the_break_glass_administrator_keeps_their_password(client, only_single_sign_on):
    User.objects.create_superuser("it.admin@example.org", PASSWORD)
    response = sign_in(client, "it.admin@example.org")
    # The password is taken; as a site administrator they then add a second factor.
    assert response.status_code == 302
    assert response.url == reverse("two_factor:settings")


def test_staff_with_admin_site_access_cannot_use_a_password_either(
    client, only_single_sign_on, staff_member
):
    staff_member.user.is_staff = True
    staff_member.user.save()
    assert client.get(reverse("admin:login")).url.startswith(reverse("login"))
    response = sign_in(client, staff_member.work_email)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_password_form_is_folded_away_under_the_button(client, only_single_sign_on):
    response = client.get(reverse("login"))
    assert "Sign in with Microsoft" in response.text
    assert '<details class="govuk-details">' in response.text
    assert "partner organisations and the administrator" in response.text


def test_staff_are_sent_no_link_to_choose_a_password(
    client, only_single_sign_on, staff_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": staff_member.work_email})
    assert response.status_code == 302
    assert mail.outbox == []


def test_the_option_without_a_provider_stops_the_portal_starting(settings):
    settings.SINGLE_SIGN_ON_ONLY = True
    with pytest.raises(SystemCheckError, match="SINGLE_SIGN_ON_ONLY"):
        call_command("check")


def test_the_option_with_a_saml_provider_lets_the_portal_start(settings):
    settings.SINGLE_SIGN_ON_ONLY = True
    settings.SAML_IDP_METADATA_URL = "https://login.example.org/federationmetadata.xml"
    settings.SAML_SP_ENTITY_ID = "https://mentoring.example.org/saml/metadata/"
    call_command("check")


def test_with_a_saml_provider_staff_are_offered_only_that_way_in(client, settings, staff_member):
    settings.SINGLE_SIGN_ON_ONLY = True
    settings.SAML_IDP_METADATA_URL = "https://login.example.org/federationmetadata.xml"
    settings.SAML_SP_ENTITY_ID = "https://mentoring.example.org/saml/metadata/"
    settings.SAML_PROVIDER_NAME = "Microsoft"
    page = client.get(reverse("login")).text
    assert "Sign in with Microsoft" in page
    assert "Sign in with a password: partner organisations and the administrator" in page
    assert sign_in(client, staff_member.work_email).status_code == 200
    assert "_auth_user_id" not in client.session
