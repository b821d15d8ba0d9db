"""000's evaluation form ends with each party's signature and its date: on a phone, the mentor
reads when the mentee confirmed the form and that their own section waits for confirming."""

import pytest
from django.urls import reverse

from evaluations.services.responses import response_confirm
from evaluations.tests.test_responses import answer, copy_of, ended, programme  # noqa: F401
from tests.browser.conftest import fits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_mentor_reads_when_the_mentee_signed_the_form_on_a_phone(
    phone,
    check_page,
    ended,  # noqa: F811
    colleague,
    staff_member,
):
    answer(staff_member, rating=4, text="Jo's part")
    answer(colleague, text="Chris's part")
    response_confirm(by=staff_member.user, response=copy_of(staff_member))
    signed = copy_of(staff_member).confirmed_at
    sign_in(phone, colleague.work_email)
    phone.goto(reverse("evaluations:response", args=[copy_of(colleague).pk]))
    parties = phone.locator(".govuk-summary-list").first.inner_text()
    assert f"Confirmed on {signed:%-d %B %Y}, at" in parties
    assert "not yet confirmed Completed on" in parties
    fits(phone)
    check_page(phone)
