"""Signing in with a second factor: the password alone signs nobody in who has one, the code
from their app (computed here from the secret, as the app would) or a recovery code does,
and wrong codes count towards the same lockout as wrong passwords."""

from binascii import unhexlify

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mentoring.audit.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
ADDRESS = "10.0.0.1"


def sign_in(client, email, password=PASSWORD, next_url=""):
    data = {"username": email, "password": password, "next": next_url}
    return client.post(reverse("login"), data, REMOTE_ADDR=ADDRESS)


def answer(client, step, code):
    return client.post(reverse(step), {"code": code}, REMOTE_ADDR=ADDRESS)


def app_for(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_now(device):
    return f"{totp(unhexlify(device.key)):06d}"


def recovery_codes_for(user, *codes):
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return device


def signed_in(client):
    return "_auth_user_id" in client.session


def test_someone_with_an_app_is_asked_for_its_code_after_the_password(client, staff_member):
    app_for(staff_member.user)
    response = sign_in(client, staff_member.work_email)
    assert response.status_code == 302 and response.url == reverse("two_factor:app_code")
    assert not signed_in(client)
    page = client.get(response.url)
    assert "Enter the 6-digit code from your authenticator app" in page.text


def test_a_half_signed_in_session_opens_nothing_else(client, staff_member):
    app_for(staff_member.user)
    sign_in(client, staff_member.work_email)
    for name in ["home", "profile", "programmes:list", "two_factor:settings"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_code_from_the_app_finishes_signing_in_and_goes_where_they_were_going(
    client, staff_member
):
    device = app_for(staff_member.user)
    sign_in(client, staff_member.work_email, next_url=reverse("programmes:list"))
    response = answer(client, "two_factor:app_code", code_now(device))
    assert response.status_code == 302 and response.url == reverse("programmes:list")
    assert client.session["_auth_user_id"] == str(staff_member.user.pk)
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_is_refused_beside_the_field_and_signs_nobody_in(client, staff_member):
    device = app_for(staff_member.user)
    sign_in(client, staff_member.work_email)
    wrong = f"{(int(code_now(device)) + 1) % 1000000:06d}"
    response = answer(client, "two_factor:app_code", wrong)
    assert response.status_code == 200
    assert "The code is not right" in response.text
    assert not signed_in(client)


def test_a_code_that_is_not_six_digits_gets_a_clear_message(client, staff_member):
    app_for(staff_member.user)
    sign_in(client, staff_member.work_email)
    response = answer(client, "two_factor:app_code", "12345x")
    assert "Enter the code as 6 digits" in response.text
    assert not signed_in(client)


def test_a_code_cannot_be_used_twice(client, staff_member):
    device = app_for(staff_member.user)
    code = code_now(device)
    sign_in(client, staff_member.work_email)
    answer(client, "two_factor:app_code", code)
    client.post(reverse("logout"))
    sign_in(client, staff_member.work_email)
    response = answer(client, "two_factor:app_code", code)
    assert response.status_code == 200 and not signed_in(client)


def test_the_code_page_without_a_password_first_goes_back_to_sign_in(client, staff_member):
    app_for(staff_member.user)
    response = answer(client, "two_factor:app_code", "123456")
    assert response.status_code == 302 and response.url == reverse("login")


def test_a_recovery_code_signs_in_once_and_is_audited(client, staff_member):
    app_for(staff_member.user)
    recovery_codes_for(staff_member.user, "abcd2345", "efgh6789")
    sign_in(client, staff_member.work_email)
    response = answer(client, "two_factor:recovery_code", "ABCD 2345")
    assert response.status_code == 302 and signed_in(client)
    assert AuditEntry.objects.filter(kind="second factor", note__contains="recovery code").exists()
    client.post(reverse("logout"))
    sign_in(client, staff_member.work_email)
    response = answer(client, "two_factor:recovery_code", "abcd2345")
    assert "That recovery code is not right, or it has been used" in response.text
    assert not signed_in(client)


def test_someone_without_a_factor_who_need_not_have_one_signs_in_with_the_password(
    client, staff_member
):
    response = sign_in(client, staff_member.work_email)
    assert response.status_code == 302 and response.url == reverse("home")
    assert signed_in(client)


def test_wrong_codes_count_towards_the_lockout_and_show_the_paused_page(
    client, staff_member, settings
):
    device = app_for(staff_member.user)
    sign_in(client, staff_member.work_email)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        answer(client, "two_factor:app_code", "000000")
    response = answer(client, "two_factor:app_code", "000000")
    assert response.status_code == 429 and "Signing in is paused" in response.text
    response = answer(client, "two_factor:app_code", code_now(device))
    assert response.status_code == 429 and not signed_in(client)


def test_the_right_password_again_does_not_reset_the_count_of_wrong_codes(
    client, staff_member, settings
):
    app_for(staff_member.user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, staff_member.work_email)
        answer(client, "two_factor:app_code", "000000")
    sign_in(client, staff_member.work_email)
    response = answer(client, "two_factor:app_code", "000000")
    assert response.status_code == 429
    assert sign_in(client, staff_member.work_email).status_code == 429


def test_wrong_passwords_and_wrong_codes_add_up(client, staff_member, settings):
    app_for(staff_member.user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, staff_member.work_email, password="wrong-password")
    sign_in(client, staff_member.work_email)
    response = answer(client, "two_factor:app_code", "000000")
    assert response.status_code == 429


def test_wrong_recovery_codes_count_towards_the_lockout(client, staff_member, settings):
    app_for(staff_member.user)
    recovery_codes_for(staff_member.user, "abcd2345")
    sign_in(client, staff_member.work_email)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = answer(client, "two_factor:recovery_code", "zzzz9999")
    assert response.status_code == 429
    assert answer(client, "two_factor:recovery_code", "abcd2345").status_code == 429


def test_the_half_finished_sign_in_runs_out(client, staff_member, settings):
    import time_machine

    device = app_for(staff_member.user)
    with time_machine.travel("2026-12-07 09:00", tick=False) as clock:
        sign_in(client, staff_member.work_email)
        clock.shift(settings.TWO_FACTOR_STEP_MINUTES * 60 + 1)
        response = answer(client, "two_factor:app_code", code_now(device))
    assert response.status_code == 302 and response.url == reverse("login")
    assert not signed_in(client)


def test_a_leaver_made_inactive_between_the_steps_is_not_signed_in(client, staff_member):
    device = app_for(staff_member.user)
    sign_in(client, staff_member.work_email)
    staff_member.is_active = False
    staff_member.save()
    response = answer(client, "two_factor:app_code", code_now(device))
    assert response.status_code == 302 and not signed_in(client)


def test_the_admin_sites_own_sign_in_page_sends_people_to_the_portals(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_failed_passkey_counts_towards_the_lockout(client, staff_member, settings):
    app_for(staff_member.user)
    sign_in(client, staff_member.work_email)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("otp_webauthn:credential-authentication-begin"), REMOTE_ADDR=ADDRESS)
        client.post(
            reverse("otp_webauthn:credential-authentication-complete"),
            '{"id": "not-a-passkey"}',
            content_type="application/json",
            REMOTE_ADDR=ADDRESS,
        )
    assert not signed_in(client)
    assert client.get(reverse("two_factor:passkey"), REMOTE_ADDR=ADDRESS).status_code == 429


def test_no_passkey_step_starts_without_a_password_first(client, staff_member):
    response = client.post(reverse("otp_webauthn:credential-authentication-begin"))
    assert response.status_code == 403
    assert "otp_webauthn_authentication_state" not in client.session
