"""000 §3.2 as the people meet it: the coordinator asks Jo's line manager about the proposed
mentor, Sam answers from Your team on a phone, and the coordinator reads it when approving."""

import pytest

from relationships.models import Proposal, Relationship
from tests.browser.conftest import fits, sign_in
from tests.matching import accepted, programme_for_matching

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_line_manager_raises_a_concern_the_coordinator_reads_before_approving(
    page, phone, check_page, coordinator, staff_member, line_manager, colleague
):
    programme = programme_for_matching(coordinator, manager_asked_about_mentor=True)
    Proposal.objects.create(
        programme=programme,
        mentee_application=accepted(programme, staff_member, "mentee", aims="Private aims"),
        mentor_application=accepted(programme, colleague, "mentor"),
        score=80,
    )
    sign_in(page, coordinator.work_email)
    page.goto(f"/mentoring/programmes/{programme.pk}/matching/")
    page.get_by_text("Not asked yet.").wait_for()
    page.get_by_role("button", name=f"Ask {line_manager.full_name}").click()
    page.get_by_text("The line manager has been asked about this mentor").wait_for()
    check_page(page)

    sign_in(phone, line_manager.work_email)
    phone.get_by_role("link", name="Your team").first.click()
    phone.get_by_role("link", name=f"The mentor proposed in {programme.name}").click()
    phone.get_by_text(colleague.full_name).wait_for()
    assert "Private aims" not in phone.content()
    fits(phone)
    check_page(phone)
    phone.get_by_label("I have a concern").check()
    phone.get_by_role("button", name="Send my answer").click()
    phone.get_by_text("Say what your concern is").first.wait_for()
    check_page(phone)
    phone.get_by_label("I have a concern").check()
    phone.get_by_label("Your concern").fill("They sit in the same small team.")
    phone.get_by_role("button", name="Send my answer").click()
    phone.get_by_text("the coordinator will read your answer").wait_for()

    page.reload()
    page.get_by_text("They sit in the same small team.").wait_for()
    page.get_by_role("button", name="Approve the ticked proposals").click()
    page.get_by_text(f"{line_manager.full_name} has a concern").wait_for()
    check_page(page)
    page.get_by_role("button", name="Approve and tell them").click()
    page.get_by_text("1 relationship proposed").wait_for()
    assert Relationship.objects.count() == 1
