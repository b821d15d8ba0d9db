import re

import pytest

from programmes.models import Area
from relationships.models import Proposal, Relationship
from tests.browser.conftest import sign_in
from tests.factories import StaffMemberFactory
from tests.matching import accepted, programme_for_matching

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mentee_picks_a_mentor_from_the_directory_and_the_mentor_accepts(
    page, check_page, coordinator, staff_member, colleague
):
    programme = programme_for_matching(coordinator, matching_mode="directory")
    leadership = Area.objects.create(name="Leadership")
    accepted(programme, staff_member, "mentee")
    mentor = accepted(programme, colleague, "mentor", meeting_methods=["video"])
    mentor.areas_offered.set([leadership])
    accepted(programme, StaffMemberFactory(first_name="Pat", last_name="Other"), "mentor")

    sign_in(page, staff_member.work_email)
    page.get_by_role("link", name="My mentoring").click()
    check_page(page)
    page.get_by_role("link", name=f"Browse mentors in {programme.name}").click()
    page.get_by_text("2 mentors").wait_for()
    check_page(page)
    page.get_by_label("Area offered").select_option(label="Leadership")
    page.get_by_role("button", name="Show mentors").click()
    page.get_by_text("1 mentor", exact=True).wait_for()
    page.get_by_role("link", name=f"Ask {colleague.first_name}").click()
    check_page(page)
    page.get_by_label("A note to the mentor").fill("I would like help leading my team.")
    page.get_by_role("button", name="Send request").click()
    page.get_by_text(f"Request sent to {colleague.full_name}.").wait_for()
    check_page(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, colleague.work_email)
    page.get_by_role("link", name="My mentoring").click()
    page.get_by_text("I would like help leading my team.").wait_for()
    check_page(page)
    page.get_by_role("button", name=f"Accept {staff_member.first_name}").click()
    page.get_by_text("Accepted: arrange an introductory meeting.").wait_for()
    page.get_by_role("link", name=f"{colleague.full_name} (mentor)").click()
    check_page(page)
    page.get_by_label("Yes, let's go ahead").check()
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_text("you said you would like to go ahead").wait_for()
    relationship = Relationship.objects.get()
    assert relationship.status == "proposed"
    assert relationship.members.get(person=colleague).goes_ahead is True


def test_a_coordinator_proposes_for_forty_pins_one_re_solves_and_approves(
    page, check_page, coordinator
):
    programme = programme_for_matching(coordinator)
    areas = [Area.objects.create(name=name) for name in ["Leadership", "Finance", "Digital"]]
    for n in range(15):
        mentor = accepted(programme, StaffMemberFactory(), "mentor", capacity=1 + n % 3)
        mentor.areas_offered.set([areas[n % 3]])
    for n in range(40):
        mentee = accepted(programme, StaffMemberFactory(), "mentee")
        mentee.areas_wanted.set([areas[n % 3]])

    sign_in(page, coordinator.work_email)
    page.goto(f"/mentoring/programmes/{programme.pk}/matching/")
    page.get_by_text("40 mentees waiting").wait_for()
    check_page(page)
    page.get_by_role("button", name="Propose matches").click()
    page.get_by_text("Proposed 30 pairings for 40 waiting.").wait_for()
    check_page(page)
    first = Proposal.objects.order_by("-score", "pk").first()
    page.locator(".govuk-summary-card").filter(
        has_text=first.mentee_application.applicant.full_name
    ).get_by_role("button", name="Pin").click()
    page.get_by_text("Pinned: it stays when you re-solve.").wait_for()
    page.get_by_role("button", name="Propose matches").click()
    page.get_by_text("Proposed 30 pairings for 40 waiting.").wait_for()
    pinned = Proposal.objects.get(is_pinned=True)
    assert (pinned.mentee_application, pinned.mentor_application) == (
        first.mentee_application,
        first.mentor_application,
    )
    page.get_by_text("Score").first.click()  # open one explanation
    check_page(page)
    page.get_by_role("button", name="Approve the ticked proposals").click()
    page.get_by_text(re.compile(r"This emails \d+ people")).wait_for()
    check_page(page)
    ticked = Proposal.objects.filter(score__gte=60).count()  # those under 60 start unticked
    page.get_by_role("button", name="Approve and tell them").click()
    page.get_by_text(f"{ticked} relationships proposed").wait_for()
    check_page(page)
    assert Relationship.objects.filter(status="proposed").count() == ticked
    assert not Proposal.objects.filter(score__gte=60).exists()


def test_a_coordinator_matches_with_someone_left_unmatched_and_approves_all_but_a_weak_pair(
    page, check_page, coordinator
):
    """Four mentees, three places: one is left unmatched with the reason and what would help;
    the pair that shares no area scores under 60, so it stays unticked and unapproved."""
    programme = programme_for_matching(coordinator)
    leadership, digital = (Area.objects.create(name=n) for n in ["Leadership", "Digital"])
    for first, area in [("Carys", leadership), ("Idris", leadership), ("Nia", digital)]:
        mentor = accepted(programme, StaffMemberFactory(first_name=first), "mentor")
        mentor.areas_offered.set([area])
    for first in ["Sam", "Liam", "Ann", "Maya"]:
        mentee = accepted(programme, StaffMemberFactory(first_name=first), "mentee")
        mentee.areas_wanted.set([leadership])

    sign_in(page, coordinator.work_email)
    page.goto(f"/mentoring/programmes/{programme.pk}/matching/")
    page.get_by_role("button", name="Propose matches").click()
    page.get_by_text("Proposed 3 pairings for 4 waiting.").wait_for()
    check_page(page)
    page.get_by_role("link", name="1 left unmatched").click()
    unmatched = page.locator("section", has=page.get_by_role("heading", name="Left unmatched"))
    unmatched.get_by_text("Every mentor who could take them is full").wait_for()
    unmatched.get_by_text("1 more mentor offering leadership would match 1 more").wait_for()

    weak = Proposal.objects.get(mentor_application__applicant__first_name="Nia")
    assert weak.score < 60
    weak_name = weak.mentee_application.applicant.full_name
    box = page.get_by_label(f"{weak.mentor_application.applicant.full_name} mentoring {weak_name}")
    assert not box.is_checked()
    page.get_by_text(f"Its score, {weak.score}, is under 60").wait_for()
    page.get_by_role("button", name="Approve the ticked proposals").click()
    page.get_by_role("heading", name="Approve 2 proposals?").wait_for()
    check_page(page)
    page.get_by_role("button", name="Approve and tell them").click()
    page.get_by_text("2 relationships proposed").wait_for()
    check_page(page)
    assert Relationship.objects.filter(status="proposed").count() == 2
    assert list(Proposal.objects.all()) == [weak]
