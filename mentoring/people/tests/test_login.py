from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
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
    assert "The email address or password is not right" in response.text
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


def test_changing_letter_case_does_not_earn_more_attempts(client, staff_member, settings):
    email = staff_member.work_email
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, email.upper() if n % 2 else email.title(), "wrong-password")
    response = sign_in(client, email, PASSWORD)
    assert response.status_code == 429


def test_the_paused_page_says_how_long_to_wait(client, staff_member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, staff_member.work_email, "wrong-password")
    assert "Wait 15 minutes, then try again" in response.text


PROXY = "10.0.0.254"  # nginx, which appends the address it sees to X-Forwarded-For


def through_the_proxy(real_address, sent=None):
    """What the portal gets from nginx for a client at `real_address` that sent `sent` as its
    own X-Forwarded-For ($proxy_add_x_forwarded_for)."""
    forwarded = f"{sent}, {real_address}" if sent else real_address
    return {"address": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def recorded_addresses():
    return set(AccessAttempt.objects.values_list("ip_address", flat=True))


def test_behind_a_proxy_a_failure_is_recorded_under_the_persons_own_address(
    client, staff_member, settings
):
    settings.PROXY_COUNT = 1
    sign_in(client, staff_member.work_email, "wrong-password", **through_the_proxy("198.51.100.7"))
    assert recorded_addresses() == {"198.51.100.7"}


def test_behind_a_proxy_the_lockout_follows_the_persons_address(client, staff_member, settings):
    settings.PROXY_COUNT = 1
    attacker = through_the_proxy("203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, staff_member.work_email, "wrong-password", **attacker)
    assert sign_in(client, staff_member.work_email, PASSWORD, **attacker).status_code == 429
    owner = through_the_proxy("198.51.100.7")
    assert sign_in(client, staff_member.work_email, PASSWORD, **owner).status_code == 302


def test_behind_a_proxy_forged_forwarded_addresses_earn_no_more_attempts(
    client, staff_member, settings
):
    settings.PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        forged = through_the_proxy("203.0.113.9", sent=f"6.6.6.{n}")
        sign_in(client, staff_member.work_email, "wrong-password", **forged)
    forged = through_the_proxy("203.0.113.9", sent="6.6.6.99, 198.51.100.7")
    assert sign_in(client, staff_member.work_email, PASSWORD, **forged).status_code == 429
    assert recorded_addresses() == {"203.0.113.9"}


def test_behind_a_proxy_a_missing_header_is_not_one_address_shared_by_everyone(
    client, staff_member, settings
):
    settings.PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, staff_member.work_email, "wrong-password", address="203.0.113.9")
    response = sign_in(client, staff_member.work_email, PASSWORD, address="198.51.100.7")
    assert response.status_code == 302
    assert recorded_addresses() == {"203.0.113.9"}


def test_behind_two_proxies_the_address_is_the_second_from_the_right(
    client, staff_member, settings
):
    settings.PROXY_COUNT = 2
    forwarded = {"HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.7, 192.0.2.10"}
    sign_in(client, staff_member.work_email, "wrong-password", address=PROXY, **forwarded)
    assert recorded_addresses() == {"198.51.100.7"}


def test_behind_a_proxy_a_forwarded_entry_that_is_not_an_address_is_ignored(
    client, staff_member, settings
):
    settings.PROXY_COUNT = 2
    forwarded = {"HTTP_X_FORWARDED_FOR": "not-an-address, 192.0.2.10"}
    response = sign_in(
        client, staff_member.work_email, "wrong-password", address=PROXY, **forwarded
    )
    assert response.status_code == 200
    assert recorded_addresses() == {PROXY}


def test_a_leaver_marked_inactive_in_the_records_cannot_sign_in(client, staff_member):
    staff_member.is_active = False
    staff_member.save()
    response = sign_in(client, staff_member.work_email, PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_leavers_open_session_ends_when_they_are_marked_inactive(client, staff_member):
    client.force_login(staff_member.user)
    assert client.get(reverse("home")).status_code == 200
    staff_member.is_active = False
    staff_member.save()
    assert client.get(reverse("home")).status_code == 302


def test_a_site_administrator_keeps_access_whatever_the_hr_export_says(client, staff_member):
    staff_member.is_active = False
    staff_member.save()
    staff_member.user.is_superuser = True
    staff_member.user.save()
    assert sign_in(client, staff_member.work_email, PASSWORD).status_code == 302


def test_a_session_ends_after_half_an_hour_without_activity(client, staff_member):
    with time_machine.travel("2026-11-23 09:00", tick=False) as clock:
        client.force_login(staff_member.user)
        clock.shift(timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


LOOK_ALIKES = {
    "fullwidth": lambda email: "\uff48" + email[1:],  # ｈ, which NFKC makes h
    "upper case": str.upper,
    "trailing spaces": lambda email: email + "  ",
    "long s": lambda email: email.replace("s", "\u017f"),  # ſ, which NFKC makes s
    "Kelvin sign": lambda email: email.replace("k", "\u212a"),  # K, which NFKC makes K
}


@pytest.fixture
def helen(sponsor):
    """An account whose address has letters with look-alikes. (The admin site signs in through
    the same page: test_two_factor_sign_in.py.)"""
    sponsor.work_email = sponsor.user.email = "helen.ward@demo-council.example"
    sponsor.save()
    sponsor.user.save()
    return sponsor


@pytest.mark.parametrize("spelling", LOOK_ALIKES)
def test_a_look_alike_spelling_of_a_locked_account_is_still_refused(
    client, helen, settings, spelling
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": helen.work_email, "password": "wrong-password"},
            REMOTE_ADDR="10.0.0.1",
        )
    look_alike = LOOK_ALIKES[spelling](helen.work_email)
    response = client.post(
        reverse("login"), {"username": look_alike, "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("spelling", LOOK_ALIKES)
def test_failures_under_a_look_alike_spelling_count_against_the_account(
    client, helen, settings, spelling
):
    look_alike = LOOK_ALIKES[spelling](helen.work_email)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": look_alike, "password": "wrong-password"},
            REMOTE_ADDR="10.0.0.1",
        )
    response = client.post(
        reverse("login"),
        {"username": helen.work_email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 429


@pytest.mark.parametrize("spelling", LOOK_ALIKES)
def test_the_real_person_signs_in_from_another_address_with_any_spelling(
    client, helen, settings, spelling
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": helen.work_email, "password": "wrong-password"},
            REMOTE_ADDR="10.0.0.1",
        )
    look_alike = LOOK_ALIKES[spelling](helen.work_email)
    response = client.post(
        reverse("login"), {"username": look_alike, "password": PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(helen.user.pk)


def keep_busy(client, clock, hours):
    """A request every 20 minutes for `hours`, each one answered."""
    for _ in range(hours * 3):
        clock.shift(timedelta(minutes=20))
        assert client.get(reverse("home")).status_code == 200


def test_a_session_ends_ten_hours_after_signing_in_however_busy(client, staff_member):
    with time_machine.travel("2026-11-23 08:00", tick=False) as clock:
        sign_in(client, staff_member.work_email, PASSWORD)
        keep_busy(client, clock, hours=10)  # the last request at 18:00
        clock.shift(timedelta(minutes=1))
        response = client.get(reverse("programmes:list"))
        assert response.status_code == 302
        assert response.url == reverse("login") + "?next=" + reverse("programmes:list")
        assert "_auth_user_id" not in client.session
        assert client.get(reverse("home")).status_code == 302


def test_the_session_lifetime_is_a_setting(client, staff_member, settings):
    settings.SESSION_MAX_HOURS = 2
    with time_machine.travel("2026-11-23 08:00", tick=False) as clock:
        client.force_login(staff_member.user)
        keep_busy(client, clock, hours=2)
        clock.shift(timedelta(minutes=1))
        assert client.get(reverse("home")).status_code == 302


def test_signing_in_again_starts_a_new_session_lifetime(client, staff_member):
    with time_machine.travel("2026-11-23 08:00", tick=False) as clock:
        sign_in(client, staff_member.work_email, PASSWORD)
        keep_busy(client, clock, hours=10)
        clock.shift(timedelta(minutes=1))
        assert client.get(reverse("home")).status_code == 302
        sign_in(client, staff_member.work_email, PASSWORD)
        keep_busy(client, clock, hours=10)


def test_a_dotless_i_is_another_address_and_does_not_sign_in(client, helen):
    """ı (U+0131) has no NFKC form, so the lockout counts it as another address; PostgreSQL's
    UPPER makes it I, so a case-blind look-up would let it sign in past the lockout."""
    look_alike = helen.work_email.replace("i", "\u0131")
    response = client.post(
        reverse("login"), {"username": look_alike, "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
