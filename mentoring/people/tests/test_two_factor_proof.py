"""Checking it is you before changing your second factors: a factor passed in the last ten
minutes, your password if you have no factor, or signing in with the organisation's account
again; a session without any of these changes nothing."""

from binascii import unhexlify

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from mentoring.people.oidc import BACKEND as ORGANISATION
from mentoring.people.two_factor.proof import PROVED_AT, SIGNED_IN_AT
from mentoring.people.two_factor.services import recovery_codes_create
from tests.factories import PASSWORD

from .test_sign_in_with_organisation import back_from_provider

pytestmark = pytest.mark.django_db
PROVE = reverse("two_factor:prove")


def with_app(user):
    device = TOTPDevice.objects.create(user=user, key=random_hex(20), name="App", confirmed=True)
    return device


def code_for(device):
    return f"{totp(unhexlify(device.key)):06d}"


def session_aged(client, minutes, *keys):
    """As if what `keys` record happened `minutes` ago (None: never)."""
    session = client.session
    for key in keys:
        session.pop(key, None)
        if minutes is not None:
            session[key] = timezone.now().timestamp() - minutes * 60
    session.save()


def test_a_session_without_its_second_step_cannot_add_remove_or_renew_anything(
    client, staff_member
):
    device = with_app(staff_member.user)
    codes = recovery_codes_create(user=staff_member.user)
    client.force_login(staff_member.user, backend=ORGANISATION)
    assert client.get(reverse("two_factor:add_app")).url == PROVE
    assert client.get(reverse("two_factor:add_passkey")).url == PROVE
    remove = reverse("two_factor:remove", args=["app", device.pk])
    assert client.post(remove, {"confirmed": "yes"}).url == PROVE
    renew = client.post(reverse("two_factor:recovery_codes"), {"confirmed": "yes"})
    assert renew.url == PROVE
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(codes)
    begin = client.post(reverse("otp_webauthn:credential-registration-begin"))
    assert begin.status_code in (401, 403)


def test_the_app_code_proves_it_is_you_for_ten_minutes(client, staff_member):
    device = with_app(staff_member.user)
    client.force_login(staff_member.user, backend=ORGANISATION)
    client.get(reverse("two_factor:add_app"))
    page = client.get(PROVE)
    assert page.status_code == 200 and "Check it is you" in page.text
    response = client.post(PROVE, {"code": code_for(device)})
    assert response.url == reverse("two_factor:add_app")
    assert client.get(reverse("two_factor:add_app")).status_code == 200
    session_aged(client, 11, PROVED_AT)
    assert client.get(reverse("two_factor:add_app")).url == PROVE


def test_a_wrong_code_is_refused_beside_the_field_and_counts_towards_the_lockout(
    client, staff_member
):
    device = with_app(staff_member.user)
    client.force_login(staff_member.user, backend=ORGANISATION)
    wrong = f"{(int(code_for(device)) + 1) % 1000000:06d}"
    response = client.post(PROVE, {"code": wrong})
    assert response.status_code == 200 and "The code is not right" in response.text
    assert AccessAttempt.objects.get().failures_since_start == 1
    assert client.get(reverse("two_factor:add_app")).url == PROVE


def test_a_recovery_code_proves_it_is_you_and_is_used_up(client, staff_member):
    with_app(staff_member.user)
    codes = recovery_codes_create(user=staff_member.user)
    client.force_login(staff_member.user, backend=ORGANISATION)
    page = client.get(f"{PROVE}?with=recovery")
    assert "Enter one of your recovery codes" in page.text
    response = client.post(f"{PROVE}?with=recovery", {"code": codes[0]})
    assert response.status_code == 302
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    assert client.get(reverse("two_factor:add_app")).status_code == 200


def test_signing_in_with_password_and_code_counts_as_proof(client, staff_member):
    device = with_app(staff_member.user)
    client.post(reverse("login"), {"username": staff_member.work_email, "password": PASSWORD})
    client.post(reverse("two_factor:app_code"), {"code": code_for(device)})
    assert client.get(reverse("two_factor:add_app")).status_code == 200


def test_a_password_sign_in_from_before_two_factor_asks_for_the_password_again(
    client, staff_member
):
    client.force_login(staff_member.user)
    session_aged(client, None, SIGNED_IN_AT, PROVED_AT)
    assert client.get(reverse("two_factor:add_app")).url == PROVE
    wrong = client.post(PROVE, {"password": "not-it"})
    assert wrong.status_code == 200 and "Your password is not right." in wrong.text
    assert client.get(reverse("two_factor:add_app")).url == PROVE
    right = client.post(PROVE, {"password": PASSWORD})
    assert right.url == reverse("two_factor:add_app")
    assert client.get(reverse("two_factor:add_app")).status_code == 200


def test_a_fresh_sign_in_counts_for_someone_with_no_factor(client, staff_member):
    client.post(reverse("login"), {"username": staff_member.work_email, "password": PASSWORD})
    assert client.get(reverse("two_factor:add_app")).status_code == 200
    session_aged(client, 11, SIGNED_IN_AT)
    assert client.get(reverse("two_factor:add_app")).url == PROVE


def test_someone_without_a_password_or_organisation_account_is_told_to_sign_in_again(
    client, staff_member
):
    staff_member.user.set_unusable_password()
    staff_member.user.save()
    client.force_login(staff_member.user)
    session_aged(client, None, SIGNED_IN_AT)
    page = client.get(PROVE)
    assert page.status_code == 200
    assert "Sign out, sign in again" in page.text
    assert client.post(PROVE, {"password": PASSWORD}).status_code == 200
    assert client.get(reverse("two_factor:add_app")).url == PROVE


def test_the_organisation_account_signs_in_again_at_the_provider_to_prove_it(
    client, single_sign_on, staff_member
):
    client.get(back_from_provider(client, single_sign_on, staff_member.work_email))
    session_aged(client, 11, SIGNED_IN_AT)
    client.get(reverse("two_factor:add_app"))
    again = client.get(PROVE)
    assert again.url.startswith(reverse("organisation_sign_in"))
    start = client.get(again.url)
    assert "prompt=login" in start.url
    callback = back_from_provider(client, single_sign_on, staff_member.work_email, again.url)
    back = client.get(callback)
    assert back.url == reverse("two_factor:add_app")
    assert client.get(back.url).status_code == 200
    assert not StaticDevice.objects.exists()
