"""A site administrator makes a provisioning token on a phone, copies it from the page, and
revokes it after confirming; each page fits the screen and passes axe."""

import pytest

from mentoring.people.models import ProvisioningToken
from tests.browser.conftest import PHONE, sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(tab):
    return tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_an_administrator_makes_and_revokes_a_token_on_a_phone(phone, check_page):
    UserFactory(email="it.admin@example.org", is_superuser=True, is_staff=True)
    sign_in(phone, "it.admin@example.org")
    phone.get_by_role("button", name="Menu").click()
    phone.get_by_role("link", name="Provisioning").click()
    phone.get_by_label("Name").fill("Entra ID")
    phone.get_by_role("button", name="Make a token").click()
    secret = phone.locator("#new-token").inner_text()
    assert secret.startswith("scim_") and fits(phone)
    check_page(phone)

    phone.get_by_role("button", name="Revoke Entra ID").click()
    phone.get_by_role("heading", name="Revoke the token “Entra ID”?").wait_for()
    check_page(phone)
    phone.get_by_role("button", name="Revoke the token").click()
    phone.get_by_text("The token “Entra ID” is revoked.").wait_for()
    assert ProvisioningToken.objects.get().revoked_at is not None
    assert fits(phone)
    check_page(phone)
