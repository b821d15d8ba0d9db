import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, email, password, address="10.0.0.1", **headers):
    return client.post(
        reverse("login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def test_it_signs_in_with_the_work_email_in_any_case(client, staff_member):
    response = sign_in(client, staff_member.work_email.upper(), PASSWORD)
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(staff_member.user.pk)


def test_a_wrong_password_is_refused_with_a_message(client, staff_member):
    response = sign_in(client, staff_member.work_email, "wrong-password")
    assert response.status_code == 200
    assert "Please enter a correct email address and password" in response.text
    assert "_auth_user_id" not in client.session


def test_an_inactive_leaver_cannot_sign_in(client, staff_member):
    staff_member.user.is_active = False
    staff_member.user.save()
    sign_in(client, staff_member.work_email, PASSWORD)
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_from_that_address(client, staff_member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, staff_member.work_email, "wrong-password")
    response = sign_in(client, staff_member.work_email, PASSWORD)
    assert response.status_code == 429
    assert "Signing in is paused" in response.text
    assert "_auth_user_id" not in client.session


def test_a_locked_account_still_signs_in_from_another_address(client, staff_member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, staff_member.work_email, "wrong-password")
    response = sign_in(client, staff_member.work_email, PASSWORD, address="10.0.0.2")
    assert response.status_code == 302


def test_one_attacker_does_not_lock_out_the_office(client, staff_member, colleague, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, staff_member.work_email, "wrong-password")
    response = sign_in(client, colleague.work_email, PASSWORD)
    assert response.status_code == 302


def test_sessions_expire_after_inactivity(client, staff_member, settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    client.force_login(staff_member.user)
    client.get(reverse("home"))
    assert 0 < client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE <= 60 * 60


def test_signing_out_ends_the_session(client, staff_member):
    client.force_login(staff_member.user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_a_forged_forwarded_address_does_not_dodge_the_lockout(client, staff_member, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(
            client, staff_member.work_email, "wrong-password", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}"
        )
    response = sign_in(client, staff_member.work_email, PASSWORD, HTTP_X_FORWARDED_FOR="9.9.9.9")
    assert response.status_code == 429
