"""000 §3.2 on every path as the people meet it: Chris accepts Jo's request on a phone, both
read that it waits for Jo's line manager, Sam raises a concern, and the coordinator pairs them
with the concern in view; a pairing formed by hand asks Sam first, on a phone too."""

import re

import pytest

from relationships.models import ManagerAnswer, MentorRequest, Relationship
from relationships.services.requests import request_send
from tests.browser.conftest import fits, sign_in
from tests.matching import accepted, programme_for_matching

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_request_waits_for_the_line_manager_then_the_coordinator_decides(
    page, phone, check_page, coordinator, staff_member, line_manager, colleague
):
    programme = programme_for_matching(
        coordinator, matching_mode="directory", manager_asked_about_mentor=True
    )
    accepted(programme, staff_member, "mentee")
    mentor = accepted(programme, colleague, "mentor")
    request_send(by=staff_member.user, mentor_application=mentor, message="Private hopes")

    sign_in(phone, colleague.work_email)
    phone.goto("/mentoring/")
    phone.get_by_role("button", name="Accept Jo").click()
    phone.get_by_text("Waiting for Jo Evans's line manager").wait_for()
    fits(phone)
    check_page(phone)

    sign_in(phone, staff_member.work_email)
    phone.goto("/mentoring/")
    phone.get_by_text("Waiting for your line manager").wait_for()
    check_page(phone)

    sign_in(phone, line_manager.work_email)
    phone.get_by_role("link", name="Your team").first.click()
    phone.get_by_role("link", name=f"The mentor proposed in {programme.name}").click()
    assert "Private hopes" not in phone.content()
    phone.get_by_label("I have a concern").check()
    phone.get_by_label("Your concern").fill("They sit in the same small team.")
    phone.get_by_role("button", name="Send my answer").click()
    phone.get_by_text("the coordinator will read your answer").wait_for()
    assert not Relationship.objects.exists()

    sign_in(page, coordinator.work_email)
    page.goto(f"/mentoring/programmes/{programme.pk}/matching/")
    page.get_by_text("They sit in the same small team.").wait_for()
    assert "Private hopes" not in page.content()
    check_page(page)
    page.get_by_role("button", name=re.compile("^Pair them")).click()
    page.get_by_text("Sam Patel has a concern").wait_for()
    check_page(page)
    page.get_by_role("button", name=re.compile("^Pair them")).click()
    page.get_by_text("Paired; both are asked").wait_for()
    assert MentorRequest.objects.get().status == MentorRequest.Status.ACCEPTED
    assert Relationship.objects.count() == 1


def test_a_pairing_by_hand_asks_the_line_manager_first(
    phone, check_page, coordinator, staff_member, line_manager, colleague
):
    programme = programme_for_matching(coordinator, manager_asked_about_mentor=True)
    accepted(programme, staff_member, "mentee")
    accepted(programme, colleague, "mentor")
    sign_in(phone, coordinator.work_email)
    phone.goto(f"/mentoring/programmes/{programme.pk}/groups/new/")
    phone.get_by_text("No line manager has been asked about anyone waiting yet.").wait_for()
    phone.get_by_label(colleague.full_name).check()
    phone.get_by_label(staff_member.full_name).check()
    phone.get_by_role("button", name="Form it", exact=True).click()
    phone.get_by_text("Ask Jo Evans's line manager about Chris Taylor first").first.wait_for()
    check_page(phone)
    phone.get_by_role("button", name="Ask their line managers first").click()
    phone.get_by_text("Asked 1 line manager").wait_for()
    phone.get_by_text("Sam Patel was asked on").wait_for()
    fits(phone)
    phone.reload()  # a GET after the redirect: nothing is posted again
    assert phone.get_by_label(colleague.full_name).is_checked()
    assert ManagerAnswer.objects.count() == 1
    check_page(phone)
    phone.get_by_role("button", name="Form it", exact=True).click()
    phone.get_by_text("Chris Taylor mentoring Jo Evans: Sam Patel was asked on").wait_for()
    check_page(phone)
    phone.get_by_role("button", name="Form it and tell them").click()
    phone.get_by_text("Group formed").wait_for()
    assert Relationship.objects.count() == 1
