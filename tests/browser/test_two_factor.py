"""Two-factor sign-in in a real Chromium: an authenticator app set up from the key on the page
and its codes computed here as the app would; a passkey made and used by Chromium's virtual
authenticator (the DevTools WebAuthn domain), through django-otp-webauthn's own script."""

import re
from base64 import b32decode
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp_webauthn.models import WebAuthnCredential

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def password_step(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def sign_out(page):
    page.get_by_role("button", name="Sign out").first.click()
    page.wait_for_url(re.compile(r"/accounts/"))


def code_from(text_key):
    return f"{totp(b32decode(text_key.replace(' ', ''))):06d}"


def virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
    }
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})
    return cdp


def test_someone_sets_up_an_authenticator_app_and_signs_in_with_its_code(
    phone, staff_member, check_page
):
    password_step(phone, staff_member.work_email)
    phone.goto("/accounts/two-factor/")
    check_page(phone)
    phone.get_by_role("link", name="Add an authenticator app").click()
    phone.get_by_text("I cannot scan the QR code").click()
    check_page(phone)
    text_key = phone.locator("#text-key").inner_text()
    phone.get_by_label("Enter the 6-digit code from your authenticator app").fill(
        code_from(text_key)
    )
    phone.get_by_role("button", name="Add the app").click()
    phone.wait_for_url("**/two-factor/recovery-codes/")
    codes = phone.locator(".app-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    check_page(phone)
    phone.get_by_role("link", name="I have saved my codes, continue").click()
    sign_out(phone)

    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=True):
        password_step(phone, staff_member.work_email)
        field = phone.get_by_label("Enter the 6-digit code from your authenticator app")
        check_page(phone)
        field.fill(code_from(text_key))
        phone.get_by_role("button", name="Continue").click()
        phone.wait_for_url("**/")
        assert phone.get_by_role("button", name="Sign out").first.is_visible()


def test_a_recovery_code_signs_in_once_in_the_browser(page, staff_member, check_page):
    password_step(page, staff_member.work_email)
    page.goto("/accounts/two-factor/app/")
    text_key = page.locator("#text-key").text_content()
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill(
        code_from(text_key)
    )
    page.get_by_role("button", name="Add the app").click()
    code = page.locator(".app-recovery-codes code").first.inner_text()
    page.get_by_role("link", name="I have saved my codes, continue").click()
    sign_out(page)
    password_step(page, staff_member.work_email)
    page.get_by_role("link", name="Use a recovery code").click()
    check_page(page)
    page.get_by_label("Enter one of your recovery codes").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Sign out").first.is_visible()
    assert not StaticToken.objects.filter(token=code).exists()


def test_a_coordinator_must_add_a_passkey_then_signs_in_with_it(phone, coordinator, check_page):
    virtual_authenticator(phone)
    password_step(phone, coordinator.work_email)
    assert phone.get_by_role("heading", name="Set up two-factor sign-in").is_visible()
    check_page(phone)
    phone.goto("/programmes/")  # nothing else opens until one is set up
    assert "/accounts/login/" in phone.url
    phone.goto("/accounts/two-factor/")
    phone.get_by_role("link", name="Add a passkey").click()
    check_page(phone)
    phone.get_by_role("button", name="Add a passkey").click()
    phone.wait_for_url("**/two-factor/recovery-codes/")
    assert WebAuthnCredential.objects.filter(user=coordinator.user, confirmed=True).exists()
    assert phone.locator(".app-recovery-codes code").count() == 10
    phone.get_by_role("link", name="I have saved my codes, continue").click()
    phone.goto("/staff/")
    assert phone.get_by_role("heading", level=1).first.is_visible()
    assert "/accounts/login/" not in phone.url
    sign_out(phone)

    password_step(phone, coordinator.work_email)
    phone.wait_for_url("**/sign-in/passkey/")
    check_page(phone)
    phone.get_by_role("button", name="Use a passkey").click()
    phone.wait_for_url(lambda url: "/sign-in/" not in url and "/login/" not in url)
    phone.goto("/staff/")
    assert "/accounts/login/" not in phone.url
