import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from mentoring.notifications.models import Notification
from mentoring.notifications.services import reminders_sweep
from mentoring.people.models import StaffMember
from programmes.models import Application, Area, Booking, TrainingSession
from programmes.services.applications import application_decide, application_submit

pytestmark = pytest.mark.django_db
Status = Application.Status


def mentee_application(person, programme, **fields):
    values = {"needs": ["leadership"], "aims": "Lead a team within two years."} | fields
    return application_submit(
        by=person.user, application=Application(programme=programme, role="mentee", **values)
    )


def test_a_member_of_staff_applies_and_their_manager_is_emailed(
    client, staff_member, line_manager, open_programme, django_capture_on_commit_callbacks
):
    area = Area.objects.create(name="Leadership")
    client.force_login(staff_member.user)
    url = reverse("programmes:apply_mentee", args=[open_programme.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "needs": ["leadership", "confidence"],
                "aims": "Secret plan to lead.",
                "aims_private": "on",
                "areas": [area.pk],
                "department_preference": "different",
                "location_preference": "any",
                "meeting_methods": ["video"],
            },
            follow=True,
        )
    assert "Waiting for the line manager" in response.text
    application = Application.objects.get()
    assert application.needs == ["leadership", "confidence"] and application.aims_private
    [email] = mail.outbox
    assert email.to == [line_manager.work_email]
    assert f"/programmes/approvals/{application.pk}/" in email.body
    assert "Secret plan" not in email.body and "leadership" not in email.body.lower()
    assert Notification.objects.get().person == line_manager  # in their list too
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep()
    assert len(mail.outbox) == 1  # the sweep finds it told already


def test_a_mentee_application_without_content_is_refused_next_to_the_fields(
    client, staff_member, open_programme
):
    client.force_login(staff_member.user)
    response = client.post(
        reverse("programmes:apply_mentee", args=[open_programme.pk]),
        {
            "department_preference": "any",
            "location_preference": "any",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["needs"] == ["Choose at least one thing you would like help with."]
    assert form.errors["aims"] == ["Say what you hope to achieve."]
    assert not Application.objects.exists()


def test_a_mentor_cannot_offer_more_places_than_the_programme_allows(
    client, colleague, open_programme
):
    client.force_login(colleague.user)
    response = client.post(
        reverse("programmes:apply_mentor", args=[open_programme.pk]),
        {
            "biography": "Twenty years in policing.",
            "capacity": 5,
            "suitability_accepted": "on",
        },
    )
    assert response.context["form"].errors["capacity"] == [
        "Choose between 1 and 3, the programme's maximum."
    ]
    assert not Application.objects.exists()


def test_the_line_manager_sees_no_private_aims(client, staff_member, line_manager, open_programme):
    application = mentee_application(
        staff_member, open_programme, aims="Leave for a rival force", aims_private=True
    )
    client.force_login(line_manager.user)
    response = client.get(reverse("programmes:approval", args=[application.pk]))
    assert "Leave for a rival force" not in response.text
    assert "Kept private to the mentoring programme." in response.text


def test_the_line_manager_supports_it_from_their_task(
    client, staff_member, line_manager, open_programme
):
    application = mentee_application(staff_member, open_programme)
    client.force_login(line_manager.user)
    assert staff_member.full_name in client.get(reverse("programmes:approvals")).text
    url = reverse("programmes:approval", args=[application.pk])
    response = client.post(url, {"approve": "yes"})
    assert "under-performance" in response.context["form"].errors["confirms_performance"][0]
    client.post(url, {"approve": "yes", "confirms_performance": "on"})
    assert Application.objects.get().status == Status.WITH_COORDINATOR


def test_the_applicant_sees_a_decline_and_asks_for_a_review(
    client, staff_member, line_manager, open_programme
):
    application = mentee_application(staff_member, open_programme)
    client.force_login(line_manager.user)
    client.post(
        reverse("programmes:approval", args=[application.pk]),
        {"approve": "no", "reason": "Not during the restructure."},
    )
    client.force_login(staff_member.user)
    assert "Not during the restructure." in client.get(reverse("programmes:my_applications")).text
    response = client.post(
        reverse("programmes:review", args=[application.pk]),
        {"note": "Please look again."},
        follow=True,
    )
    assert "review it in confidence" in response.text
    assert Application.objects.get().confidential_review


def test_the_applicant_withdraws(client, staff_member, open_programme):
    application = mentee_application(staff_member, open_programme)
    client.force_login(staff_member.user)
    url = reverse("programmes:withdraw", args=[application.pk])
    response = client.post(url, {"confirmed": "yes"}, follow=True)
    assert "Application withdrawn." in response.text
    assert Application.objects.get().status == Status.WITHDRAWN


def test_withdrawing_someone_elses_application_is_not_found(
    client, staff_member, colleague, open_programme
):
    application = mentee_application(staff_member, open_programme)
    client.force_login(colleague.user)
    assert client.post(reverse("programmes:withdraw", args=[application.pk])).status_code == 404
    assert Application.objects.get().status == Status.AWAITING_MANAGER


@pytest.fixture
def with_coordinator(open_programme):
    open_programme.mentee_manager_approval = False
    open_programme.save()
    return open_programme


def test_the_coordinator_decides_in_bulk_and_sees_waiting_list_positions(
    client, coordinator, with_coordinator
):
    people = [
        StaffMember.objects.create(
            first_name=f"P{n}", last_name="Q", work_email=f"p{n}@example.org"
        )
        for n in range(3)
    ]
    from django.contrib.auth import get_user_model

    for person in people:
        person.user = get_user_model().objects.create_user(person.work_email)
        person.save()
    applications = [mentee_application(p, with_coordinator) for p in people]
    client.force_login(coordinator.user)
    response = client.post(
        reverse("programmes:bulk", args=[with_coordinator.pk]),
        {
            "applications": [a.pk for a in applications],
            "decision": "waiting_list",
            "confirmed": "yes",
        },
        follow=True,
    )
    assert "Decision recorded for 3 applications." in response.text
    page = client.get(
        reverse("programmes:queue", args=[with_coordinator.pk]), {"status": "waiting_list"}
    )
    assert "(position 1)" in page.text and "(position 3)" in page.text


def test_a_bulk_decline_without_a_reason_is_refused_per_application(
    client, coordinator, staff_member, with_coordinator
):
    application = mentee_application(staff_member, with_coordinator)
    client.force_login(coordinator.user)
    response = client.post(
        reverse("programmes:bulk", args=[with_coordinator.pk]),
        {"applications": [application.pk], "decision": "decline", "confirmed": "yes"},
        follow=True,
    )
    assert "Give a reason" in response.text
    assert Application.objects.get().status == Status.WITH_COORDINATOR


def test_the_coordinator_accepts_and_the_applicant_sees_accepted(
    client, coordinator, staff_member, with_coordinator
):
    application = mentee_application(staff_member, with_coordinator)
    client.force_login(coordinator.user)
    client.post(reverse("programmes:decide", args=[application.pk]), {"decision": "accept"})
    client.force_login(staff_member.user)
    assert "Accepted" in client.get(reverse("programmes:my_applications")).text


def test_the_waiting_list_reads_you_are_on_it(client, coordinator, staff_member, with_coordinator):
    application = mentee_application(staff_member, with_coordinator)
    application_decide(by=coordinator.user, application=application, decision="waiting_list")
    client.force_login(staff_member.user)
    assert "You are on the waiting list" in client.get(reverse("programmes:my_applications")).text


@pytest.mark.parametrize("size", [10, 500])
def test_the_queue_takes_the_same_queries_whatever_the_number(
    client, coordinator, with_coordinator, django_assert_num_queries, size
):
    people = StaffMember.objects.bulk_create(
        StaffMember(first_name="A", last_name=str(n), work_email=f"a{n}@example.org")
        for n in range(size)
    )
    Application.objects.bulk_create(
        Application(
            programme=with_coordinator,
            applicant=p,
            role="mentee",
            status="waiting_list" if n % 2 else "with_coordinator",
            waiting_since="2026-11-01T00:00Z" if n % 2 else None,
        )
        for n, p in enumerate(people)
    )
    client.force_login(coordinator.user)
    # session, user, permissions (2), programme, manager check, count, page, positions,
    # status counts, the navigation's line-manager check, session expiry (3)
    with django_assert_num_queries(15):
        response = client.get(reverse("programmes:queue", args=[with_coordinator.pk]))
    assert response.context["page"].paginator.count == size


def test_the_coordinator_sees_whether_required_training_is_done(
    client, coordinator, colleague, with_coordinator
):
    application = application_submit(
        by=colleague.user,
        application=Application(
            programme=with_coordinator,
            role="mentor",
            biography="Bio",
            capacity=1,
            suitability_accepted=True,
        ),
    )
    client.force_login(coordinator.user)
    response = client.get(reverse("programmes:decide", args=[application.pk]))
    assert "Not yet: mentor training is required before matching" in response.text


def test_the_admin_action_decides_through_the_same_rules(
    client, coordinator, director, staff_member, open_programme
):
    coordinator.user.is_staff = coordinator.user.is_superuser = True
    coordinator.user.save()
    waiting_for_manager = mentee_application(staff_member, open_programme)
    ready = mentee_application(director, open_programme)  # no manager: with the coordinator
    client.force_login(coordinator.user)
    response = client.post(
        reverse("admin:programmes_application_changelist"),
        {"action": "accept", "index": 0, "_selected_action": [waiting_for_manager.pk, ready.pk]},
        follow=True,
    )
    assert "is not waiting for a decision" in response.text
    assert Application.objects.get(pk=waiting_for_manager.pk).status == Status.AWAITING_MANAGER
    assert Application.objects.get(pk=ready.pk).status == Status.ACCEPTED


def test_the_coordinator_sees_the_mentors_skills_and_when_they_signed_for_suitability(
    client, coordinator, colleague, with_coordinator
):
    with time_machine.travel("2026-12-06 09:30Z", tick=False):
        application = application_submit(
            by=colleague.user,
            application=Application(
                programme=with_coordinator,
                role="mentor",
                biography="Bio",
                skills_experience="Twenty years in housing; coached new officers.",
                capacity=1,
                suitability_accepted=True,
            ),
        )
    assert application.suitability_accepted_at.isoformat() == "2026-12-06T09:30:00+00:00"
    client.force_login(coordinator.user)
    response = client.get(reverse("programmes:decide", args=[application.pk]))
    assert "Twenty years in housing; coached new officers." in response.text
    assert "Signed on 6 December 2026" in response.text


def test_the_coordinator_sees_when_an_older_mentor_application_has_no_signature_date(
    client, coordinator, colleague, with_coordinator
):
    application = Application.objects.create(
        programme=with_coordinator,
        applicant=colleague,
        role="mentor",
        status="with_coordinator",
        biography="Bio",
        capacity=1,
        suitability_accepted=True,
    )
    client.force_login(coordinator.user)
    response = client.get(reverse("programmes:decide", args=[application.pk]))
    assert "Signed; the date was not recorded" in response.text
    assert "None given" in response.text  # no skills written


def test_the_coordinator_sees_that_an_induction_is_not_the_training_reverse_mentoring_needs(
    client, coordinator, staff_member, with_coordinator
):
    with_coordinator.mentee_induction_required = True
    with_coordinator.mentee_training_kinds = ["joint_reverse"]
    with_coordinator.save()
    application = mentee_application(staff_member, with_coordinator)
    session = TrainingSession.objects.create(
        kind="mentee_induction", starts_at="2026-11-01T09:00Z", place="Room 1", capacity=5
    )
    Booking.objects.create(session=session, person=staff_member, status="booked", attended=True)
    client.force_login(coordinator.user)
    response = client.get(reverse("programmes:decide", args=[application.pk]))
    assert "Not yet: joint reverse-mentoring training is required before matching" in response.text
