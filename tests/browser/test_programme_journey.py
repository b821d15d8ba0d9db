from datetime import timedelta

import pytest
from django.utils import timezone

from programmes.models import Programme, TrainingSession
from programmes.presets import PRESETS
from programmes.services.training import booking_cancel, booking_make
from tests.browser.conftest import fits, sign_in
from tests.factories import StaffMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def continue_through_the_steps(page, check_page=None, until="Check your answers"):
    while not page.get_by_role("heading", name=until).is_visible():
        if check_page:
            check_page(page)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def test_coordinator_sets_up_a_programme_in_steps_from_the_cleveland_preset_and_opens_it(
    page, check_page, coordinator, staff_member
):
    sign_in(page, coordinator.work_email)
    page.get_by_role("link", name="Manage").click()
    page.get_by_role("link", name="Areas").click()
    page.get_by_label("New area").fill("Leadership")
    page.get_by_role("button", name="Add area").click()
    page.get_by_text("“Leadership” added.").wait_for()
    check_page(page)
    page.get_by_role("link", name="Programmes").click()
    check_page(page)
    page.get_by_role("link", name="New programme").click()
    check_page(page)
    page.get_by_role("link", name="Traditional one-to-one").click()
    page.get_by_text("step 1 of 6").wait_for()
    assert page.get_by_label("Alex Morgan").is_checked()  # the coordinator, already named
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("Enter a name").or_(
        page.get_by_text("This field is required.")
    ).first.wait_for()
    check_page(page)
    page.get_by_label("Name").fill("Mentoring Programme 2027")
    page.get_by_label("Purpose").fill("Support our officers and staff to develop.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("step 2 of 6").wait_for()
    assert page.get_by_label("Largest group of mentees").count() == 0
    page.get_by_label("Most mentees a mentor may take").fill("4")
    check_page(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("step 3 of 6").wait_for()
    page.get_by_role("link", name="Back").click()
    assert page.get_by_label("Most mentees a mentor may take").input_value() == "4"
    continue_through_the_steps(page, check_page)
    check_page(page)
    assert not Programme.objects.exists()
    page.get_by_role("link", name="Change the mentoring model and its rules").click()
    page.get_by_label("Sessions", exact=False).first.wait_for()
    page.get_by_label("Most sessions").fill("10")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    page.get_by_role("button", name="Create programme").click()
    page.get_by_role("heading", name="Mentoring Programme 2027").wait_for()
    check_page(page)
    assert page.get_by_text("Up to 4").is_visible()
    assert page.get_by_text("3 to 10 sessions").is_visible()
    page.get_by_text("Based on Cleveland Police's mentoring policy, version 2.7.").wait_for()
    page.get_by_role("link", name="Edit policy").click()
    check_page(page)
    page.go_back()
    with page.expect_navigation():
        page.get_by_role("link", name="Edit programme").click()
    assert page.get_by_label("Largest group of mentees").count() == 0
    check_page(page)
    page.go_back()
    page.get_by_role("button", name="Open for applications").click()
    page.get_by_text("The programme is now open for applications.").wait_for()
    assert Programme.objects.get().status == "open"

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, staff_member.work_email)
    page.get_by_role("link", name="Programmes").click()
    page.get_by_role("link", name="Mentoring Programme 2027").click()
    page.get_by_role("heading", name="How it works").wait_for()
    page.locator("summary", has_text="Revision history").click()
    assert page.get_by_role("cell", name="Set up, based on Cleveland Police's").is_visible()
    assert page.get_by_role("cell", name="Version approved at SDG").count() == 0
    check_page(page)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_coordinator_sets_up_a_programme_from_each_preset(page, coordinator, preset):
    sign_in(page, coordinator.work_email)
    page.goto("/programmes/new/")
    page.get_by_role("link", name=PRESETS[preset]["name"]).click()
    page.get_by_label("Name").fill(f"{PRESETS[preset]['name']} 2027")
    page.get_by_label("Purpose").fill("Help our people grow.")
    continue_through_the_steps(page)
    page.get_by_role("button", name="Create programme").click()
    page.get_by_role("heading", name=f"{PRESETS[preset]['name']} 2027").wait_for()
    programme = Programme.objects.get()
    assert programme.preset == preset
    assert programme.mentoring_model == PRESETS[preset]["rules"]["mentoring_model"]
    assert (programme.policy.version, programme.policy.revisions.count()) == ("1", 1)


def test_a_set_up_step_fits_a_phone_and_asks_for_groups_only_for_a_group_model(
    phone, check_page, coordinator
):
    sign_in(phone, coordinator.work_email)
    phone.goto("/programmes/new/?preset=sssc-peer")
    phone.get_by_label("Name").fill("Peer groups")
    phone.get_by_label("Purpose").fill("Learn together.")
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_text("step 2 of 6").wait_for()
    fits(phone)
    check_page(phone)
    phone.get_by_role("radio", name="Group (one mentor, up to four mentees)").check()
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_text("Enter the largest group of mentees for this model.").first.wait_for()
    fits(phone)
    check_page(phone)
    phone.get_by_label("Smallest group of mentees").fill("2")
    phone.get_by_label("Largest group of mentees").fill("3")
    phone.get_by_label("Most mentees a mentor may take").fill("3")
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_text("step 3 of 6").wait_for()
    assert not Programme.objects.exists()


def test_a_mentee_applies_their_manager_approves_and_the_coordinator_accepts(
    page, check_page, coordinator, staff_member, line_manager, open_programme
):
    sign_in(page, staff_member.work_email)
    page.goto(open_programme.get_absolute_url())
    page.get_by_role("link", name="Apply to be a mentee").click()
    check_page(page)
    page.get_by_label("Leadership development").check()
    page.get_by_label("Your aims and goals").fill("Lead a response team within two years.")
    page.get_by_role("button", name="Send application").click()
    page.get_by_text("Waiting for the line manager").first.wait_for()
    check_page(page)
    page.goto(open_programme.get_absolute_url())
    page.get_by_text("to be a mentee: waiting for your manager, Sam Patel").wait_for()
    assert page.get_by_role("link", name="Apply to be a mentee").count() == 0
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, line_manager.work_email)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your team").click()
    check_page(page)
    page.get_by_role("link", name=f"Mentee in {open_programme.name}").click()
    check_page(page)
    page.get_by_label("Yes, I support it").check()
    page.get_by_label("I confirm they are not being managed for under-performance").check()
    page.get_by_role("button", name="Record my decision").click()
    page.get_by_text("Thank you: your decision is recorded.").wait_for()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, coordinator.work_email)
    page.goto("/programmes/queues/")
    check_page(page)
    page.get_by_role("link", name=open_programme.name).click()
    check_page(page)
    page.get_by_role("link", name=staff_member.full_name).click()
    check_page(page)
    page.get_by_label("Accept").check()
    page.get_by_role("button", name="Record decision").click()
    page.get_by_text("Decision recorded; the applicant can see it.").wait_for()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, staff_member.work_email)
    page.get_by_role("link", name="Programmes").click()
    page.get_by_role("link", name="Your applications").click()
    page.get_by_text("Accepted", exact=True).wait_for()
    check_page(page)
    page.goto(open_programme.get_absolute_url())
    page.get_by_text("to be a mentee: accepted").wait_for()
    check_page(page)


def test_a_mentor_applies_is_waitlisted_for_training_given_a_place_and_attends(
    page, check_page, coordinator, colleague, open_programme
):
    session = TrainingSession.objects.create(
        kind="mentor_training",
        starts_at=timezone.now() + timedelta(days=5),
        place="Training room, Ladgate Lane",
        capacity=1,
        programme=open_programme,
    )
    early_bird = StaffMemberFactory(first_name="Early", last_name="Bird")
    booking_make(by=early_bird.user, session=session)

    sign_in(page, colleague.work_email)
    page.goto(open_programme.get_absolute_url())
    page.get_by_role("link", name="Apply to be a mentor").click()
    page.get_by_label("Biography").fill("Fifteen years in neighbourhood policing.")
    page.get_by_label("How many mentees you can take").fill("2")
    page.get_by_label("I accept the statement of suitability").check()
    page.get_by_role("button", name="Send application").click()
    page.get_by_text("Application sent.").wait_for()

    page.get_by_role("link", name="Training").click()
    check_page(page)
    page.get_by_role("link", name="Mentor training").click()
    page.get_by_role("button", name="Book a place").click()
    page.get_by_text("The session is full: you are on the waiting list.").wait_for()
    check_page(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, coordinator.work_email)
    page.goto(f"/programmes/training/{session.pk}/")
    check_page(page)
    page.get_by_role("button", name=f"Give a place to {colleague.full_name}").click()
    page.get_by_text("The session is full: add places").wait_for()
    early = session.bookings.get(person=early_bird)
    booking_cancel(by=early_bird.user, booking=early)  # a cancellation frees the place
    page.get_by_role("button", name=f"Give a place to {colleague.full_name}").click()
    page.get_by_text("Place given.").wait_for()

    TrainingSession.objects.filter(pk=session.pk).update(starts_at=timezone.now())  # the day came
    page.reload()
    page.get_by_role("button", name=f"Attended : {colleague.full_name}").click()
    page.get_by_text("Attendance recorded.").wait_for()
    check_page(page)
    assert session.bookings.get(person=colleague).attended is True


@pytest.mark.parametrize("who", ["coordinator", "staff_member"])
def test_the_training_list_and_the_applications_queue_fit_a_phone(
    page, check_page, request, coordinator, staff_member, open_programme, who
):
    from programmes.models import Application
    from programmes.services.applications import application_submit

    application_submit(
        by=staff_member.user,
        application=Application(
            programme=open_programme, role="mentee", needs=["advice"], aims="Lead a team."
        ),
    )
    TrainingSession.objects.create(
        kind="mentor_training",
        starts_at=timezone.now() + timedelta(days=5),
        place="Training room 2, West Suffolk House, Western Way, Bury St Edmunds",
        capacity=12,
        programme=open_programme,
    )
    person = request.getfixturevalue(who)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, person.work_email)
    urls = ["/programmes/training/", open_programme.get_absolute_url()]
    if who == "coordinator":
        urls += ["/programmes/queues/", f"/programmes/{open_programme.pk}/applications/"]
    for url in urls:
        page.goto(url)
        fits(page)
        check_page(page)
