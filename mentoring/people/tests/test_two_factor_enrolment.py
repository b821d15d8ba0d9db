"""Setting up two-factor sign-in from your own account: an authenticator app confirmed with a
code, ten recovery codes shown once, removing a factor, and the rule that coordinators and
site administrators who sign in with a password must have one."""

import json
from binascii import unhexlify

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mentoring.audit.models import AuditEntry
from mentoring.people.two_factor.enrolment import NEW_KEY
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def code_for(key):
    return f"{totp(unhexlify(key)):06d}"


def add_app(client):
    """Open the page, read the secret it offers as the app would, confirm with its code."""
    page = client.get(reverse("two_factor:add_app"))
    key = client.session[NEW_KEY]
    return page, client.post(reverse("two_factor:add_app"), {"code": code_for(key)})


def test_the_app_page_shows_a_qr_code_drawn_in_the_page_and_the_key_as_text(client, staff_member):
    client.force_login(staff_member.user)
    page = client.get(reverse("two_factor:add_app"))
    assert page.status_code == 200
    assert '<svg role="img" aria-label="QR code"' in page.text
    assert 'id="text-key"' in page.text
    assert not TOTPDevice.objects.exists()


def test_adding_an_app_with_its_code_adds_it_and_shows_ten_recovery_codes_once(
    client, staff_member, mailoutbox
):
    client.force_login(staff_member.user)
    _, response = add_app(client)
    assert response.status_code == 302 and response.url == reverse("two_factor:recovery_codes")
    assert TOTPDevice.objects.filter(user=staff_member.user, confirmed=True).count() == 1
    codes = StaticToken.objects.filter(device__user=staff_member.user)
    assert codes.count() == 10
    shown = client.get(response.url).text
    assert all(code.token in shown for code in codes)
    assert not any(code.token in client.get(response.url).text for code in codes)


def test_adding_an_app_is_audited_and_emailed_without_any_code(
    client, staff_member, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff_member.user)
    with django_capture_on_commit_callbacks(execute=True):
        add_app(client)
    assert AuditEntry.objects.filter(
        kind="second factor", action="create", note="Authenticator app"
    ).exists()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [staff_member.work_email]
    assert "Authenticator app was added" in mailoutbox[0].body
    device = TOTPDevice.objects.get()
    tokens = StaticToken.objects.values_list("token", flat=True)
    assert device.key not in mailoutbox[0].body
    assert not any(token in mailoutbox[0].body for token in tokens)


def test_a_wrong_code_adds_no_app(client, staff_member):
    client.force_login(staff_member.user)
    client.get(reverse("two_factor:add_app"))
    wrong = f"{(int(code_for(client.session[NEW_KEY])) + 1) % 1000000:06d}"
    response = client.post(reverse("two_factor:add_app"), {"code": wrong})
    assert response.status_code == 200 and "The code is not right" in response.text
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()


def test_new_recovery_codes_ask_first_then_replace_the_old_ones(client, staff_member):
    client.force_login(staff_member.user)
    add_app(client)
    old = set(StaticToken.objects.values_list("token", flat=True))
    asked = client.post(reverse("two_factor:recovery_codes"))
    assert "Your old recovery codes stop working" in asked.text
    assert set(StaticToken.objects.values_list("token", flat=True)) == old
    client.post(reverse("two_factor:recovery_codes"), {"confirmed": "yes"})
    new = set(StaticToken.objects.values_list("token", flat=True))
    assert len(new) == 10 and not new & old


def test_removing_a_factor_asks_first_then_removes_it_audited_and_emailed(
    client, staff_member, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff_member.user)
    add_app(client)
    device = TOTPDevice.objects.get()
    url = reverse("two_factor:remove", args=["app", device.pk])
    assert "Remove this authenticator app?" in client.post(url).text
    assert TOTPDevice.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirmed": "yes"})
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    assert AuditEntry.objects.filter(kind="second factor", action="delete").exists()
    assert "Authenticator app was removed" in mailoutbox[-1].body


def test_nobody_removes_someone_elses_factor(client, staff_member, colleague):
    device = TOTPDevice.objects.create(user=colleague.user, name="Authenticator app")
    client.force_login(staff_member.user)
    url = reverse("two_factor:remove", args=["app", device.pk])
    client.post(url, {"confirmed": "yes"})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_an_unknown_kind_of_factor_is_not_found(client, staff_member):
    client.force_login(staff_member.user)
    url = reverse("two_factor:remove", args=["password", 1])
    assert client.post(url, {"confirmed": "yes"}).status_code == 404


def test_a_coordinator_cannot_remove_their_last_factor(client, coordinator):
    client.force_login(coordinator.user)
    add_app(client)
    device = TOTPDevice.objects.get()
    url = reverse("two_factor:remove", args=["app", device.pk])
    response = client.post(url, {"confirmed": "yes"}, follow=True)
    assert "You must keep a second factor" in response.text
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def sign_in(client, email):
    return client.post(reverse("login"), {"username": email, "password": PASSWORD})


@pytest.mark.parametrize(
    ("role", "must"),
    [
        ("staff_member", False),
        ("line_manager", False),
        ("sponsor", False),
        ("coordinator", True),
        ("site_administrator", True),
    ],
)
def test_who_must_set_up_a_second_factor_before_signing_in(client, request, role, must):
    person = request.getfixturevalue(role)
    response = sign_in(client, person.work_email)
    assert response.status_code == 302
    if must:
        assert response.url == reverse("two_factor:settings")
        assert "_auth_user_id" not in client.session
        assert "Set up two-factor sign-in" in client.get(response.url).text
    else:
        assert response.url == reverse("home")
        assert client.session["_auth_user_id"] == str(person.user.pk)


@pytest.fixture
def site_administrator(colleague):
    colleague.user.is_staff = True
    colleague.user.save()
    return colleague


def test_the_requirement_can_be_turned_off_for_a_trial(client, coordinator, settings):
    settings.TWO_FACTOR_REQUIRED = False
    response = sign_in(client, coordinator.work_email)
    assert response.url == reverse("home") and "_auth_user_id" in client.session


def test_a_coordinator_setting_up_opens_nothing_else_until_done(client, coordinator):
    sign_in(client, coordinator.work_email)
    for name in ["home", "profile", "people:staff_list", "two_factor:recovery_codes"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_coordinator_who_adds_an_app_is_signed_in_and_shown_their_codes(client, coordinator):
    client.post(
        reverse("login"),
        {"username": coordinator.work_email, "password": PASSWORD, "next": "/programmes/"},
    )
    _, response = add_app(client)
    assert response.url == reverse("two_factor:recovery_codes")
    assert client.session["_auth_user_id"] == str(coordinator.user.pk)
    page = client.get(response.url)
    assert StaticToken.objects.first().token in page.text
    assert 'href="/programmes/"' in page.text
    assert client.get(reverse("people:staff_list")).status_code == 200


def test_the_data_download_lists_factors_by_name_and_date_without_secrets(client, staff_member):
    client.force_login(staff_member.user)
    add_app(client)
    data = json.loads(client.get(reverse("my_data_json")).content)
    section = next(s for s in data["sections"] if s["title"] == "Your ways of signing in")
    kinds = [record["Kind"] for record in section["records"]]
    assert kinds == ["Authenticator app", "Recovery codes"]
    text = json.dumps(data)
    assert TOTPDevice.objects.get().key not in text
    assert not any(t in text for t in StaticToken.objects.values_list("token", flat=True))


def test_the_admin_site_shows_no_key_and_no_recovery_code(client, staff_member, admin_user):
    client.force_login(staff_member.user)
    add_app(client)
    client.force_login(admin_user)
    app = TOTPDevice.objects.get()
    codes = StaticDevice.objects.get()
    for url in [
        reverse("admin:otp_totp_totpdevice_change", args=[app.pk]),
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:otp_static_staticdevice_change", args=[codes.pk]),
    ]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert app.key not in page.text
        assert not any(t.token in page.text for t in codes.token_set.all())
    # django-otp's own admin drew the key as a QR code at config/: ours has no such page.
    config = client.get(f"/admin/otp_totp/totpdevice/{app.pk}/config/", follow=True)
    assert app.key not in config.text and "qrcode" not in config.text.lower()


@pytest.mark.parametrize("apps", [1, 4])
def test_the_settings_page_keeps_its_queries_whatever_the_number_of_factors(
    client, staff_member, apps, django_assert_num_queries
):
    for _ in range(apps):
        TOTPDevice.objects.create(user=staff_member.user, name="Authenticator app")
    client.force_login(staff_member.user)
    # The session, the user and what the header and navigation show; one query for each kind
    # of factor; two for the recovery codes left.
    with django_assert_num_queries(13):
        assert client.get(reverse("two_factor:settings")).status_code == 200


def test_a_site_administrator_without_a_staff_record_finds_two_factor_sign_in_in_the_navigation(
    client, staff_member
):
    link = f'href="{reverse("two_factor:settings")}"'
    administrator = UserFactory(email="it.admin@example.org", is_superuser=True, is_staff=True)
    client.force_login(administrator)
    home = client.get(reverse("home"))
    assert home.status_code == 200 and link in home.text
    settings_page = client.get(reverse("two_factor:settings"))
    assert 'aria-current="page"' in settings_page.text
    client.force_login(staff_member.user)
    assert link not in client.get(reverse("home")).text  # theirs is under Your profile
