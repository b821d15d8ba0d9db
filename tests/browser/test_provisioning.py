"""A site administrator makes a provisioning token on a phone, copies it from the page, and
revokes it after confirming; each page fits the screen and passes axe."""

import pytest

from mentoring.people.models import ProvisioningToken
from tests.browser.conftest import fits, sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_makes_and_revokes_a_token_on_a_phone(phone, check_page):
    UserFactory(email="it.admin@example.org", is_superuser=True, is_staff=True)
    sign_in(phone, "it.admin@example.org")
    phone.get_by_role("button", name="Menu").click()
    phone.get_by_role("link", name="Provisioning").click()
    phone.get_by_label("Name").fill("Entra ID")
    phone.get_by_role("button", name="Make a token").click()
    secret = phone.locator("#new-token").inner_text()
    assert secret.startswith("scim_")
    fits(phone)
    check_page(phone)

    phone.get_by_role("button", name="Revoke Entra ID").click()
    phone.get_by_role("heading", name="Revoke the token “Entra ID”?").wait_for()
    check_page(phone)
    phone.get_by_role("button", name="Revoke the token").click()
    phone.get_by_text("The token “Entra ID” is revoked.").wait_for()
    assert ProvisioningToken.objects.get().revoked_at is not None
    fits(phone)
    check_page(phone)


WIDE_TABLE = """
const region = document.createElement("div");
region.className = "app-table-scroll";
region.innerHTML = `<table class="govuk-table"><tbody class="govuk-table__body">
  <tr class="govuk-table__row">
  <td class="govuk-table__cell">${"W".repeat(60)}</td>
  <td class="govuk-table__cell">Edit<span class="govuk-visually-hidden"> the last row</span></td>
</tr></tbody></table>`;
document.querySelector("main").append(region);
"""


def test_hidden_words_at_the_end_of_a_wide_table_do_not_widen_a_phone_page(phone):
    """Words hidden for screen readers ("Change<hidden> her name</hidden>") in a table wider
    than the phone stay inside its scrolling box (frontend/_portal.scss), on any page."""
    phone.goto("/accounts/login/")
    phone.evaluate(WIDE_TABLE)
    table = phone.locator(".app-table-scroll")
    assert table.evaluate("e => e.scrollWidth > e.clientWidth")  # the table does scroll
    fits(phone)


def test_the_tokens_table_names_each_revoke_button_and_fits_a_phone(phone, check_page):
    administrator = UserFactory(email="it.admin@example.org", is_superuser=True, is_staff=True)
    for name in ["Entra-ID-provisioning-for-the-whole-organisation", "Okta"]:
        ProvisioningToken.objects.create(name=name, token_hash=name, created_by=administrator)
    sign_in(phone, "it.admin@example.org")
    phone.goto("/staff/provisioning/")
    assert phone.get_by_role("button", name="Revoke Okta").is_visible()
    fits(phone)
    check_page(phone)
