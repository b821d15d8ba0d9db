"""What cannot be undone, or tells many people, asks first: without `confirmed=yes` nothing
changes and the page says what will happen; with it the action happens."""

import pytest
from django.urls import reverse

from programmes.models import Application, Programme
from programmes.services.applications import application_submit
from programmes.services.programmes import programme_set_status
from relationships.models import Relationship
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching

pytestmark = pytest.mark.django_db
Status = Application.Status


def mentee_application(person, programme):
    return application_submit(
        by=person.user,
        application=Application(
            programme=programme, role="mentee", needs=["advice"], aims="Lead a team."
        ),
    )


def test_closing_a_programme_asks_first_and_says_what_stops(client, coordinator, open_programme):
    client.force_login(coordinator.user)
    url = reverse("programmes:status", args=[open_programme.pk])
    response = client.post(url, {"status": "closed"})
    assert response.status_code == 200
    assert "Close Cleveland mentoring?" in response.text
    assert "Nobody can apply" in response.text
    assert "Nobody is emailed" in response.text
    assert Programme.objects.get().status == "open"
    client.post(url, {"status": "closed", "confirmed": "yes"})
    assert Programme.objects.get().status == "closed"


def test_opening_a_programme_happens_at_once(client, coordinator, open_programme):
    client.force_login(coordinator.user)
    url = reverse("programmes:status", args=[open_programme.pk])
    assert client.post(url, {"status": "running"}).status_code == 302
    assert Programme.objects.get().status == "running"


def test_closing_counts_the_applications_and_relationships_that_carry_on(
    client, coordinator, staff_member, open_programme
):
    mentee_application(staff_member, open_programme)
    client.force_login(coordinator.user)
    response = client.post(
        reverse("programmes:status", args=[open_programme.pk]), {"status": "closed"}
    )
    assert "1 application still waiting" in response.text
    assert "0 relationships" not in response.text


def test_archiving_asks_first_and_says_who_stops_seeing_it(client, coordinator, open_programme):
    programme_set_status(by=coordinator.user, programme=open_programme, status="closed")
    client.force_login(coordinator.user)
    url = reverse("programmes:archive", args=[open_programme.pk])
    response = client.post(url)
    assert response.status_code == 200
    assert "Archive Cleveland mentoring?" in response.text
    assert "Nothing about it can change" in response.text
    assert Programme.objects.get().archived_at is None
    client.post(url, {"confirmed": "yes"})
    assert Programme.objects.get().archived_at is not None


def test_withdrawing_asks_first(client, staff_member, open_programme):
    application = mentee_application(staff_member, open_programme)
    client.force_login(staff_member.user)
    url = reverse("programmes:withdraw", args=[application.pk])
    response = client.post(url)
    assert response.status_code == 200
    assert "Withdraw your application to be a mentee in Cleveland mentoring?" in response.text
    assert Application.objects.get().status == Status.AWAITING_MANAGER
    client.post(url, {"confirmed": "yes"})
    assert Application.objects.get().status == Status.WITHDRAWN


def test_withdrawing_while_a_relationship_runs_says_it_ends(
    client, coordinator, staff_member, colleague
):
    programme = programme_for_matching(coordinator)
    mentee = accepted(programme, staff_member, "mentee")
    relationship = paired(accepted(programme, colleague, "mentor"), mentee)
    client.force_login(staff_member.user)
    url = reverse("programmes:withdraw", args=[mentee.pk])
    response = client.post(url)
    assert "Your mentoring relationship with Chris Taylor ends today" in response.text
    assert Relationship.objects.get().is_live
    client.post(url, {"confirmed": "yes"})
    relationship.refresh_from_db()
    assert not relationship.is_live
    assert Application.objects.get(pk=mentee.pk).status == Status.WITHDRAWN


def test_a_mentor_withdrawing_is_told_their_mentees_wait_for_another(
    client, coordinator, staff_member, colleague
):
    programme = programme_for_matching(coordinator)
    mentor = accepted(programme, colleague, "mentor")
    paired(mentor, accepted(programme, staff_member, "mentee"))
    client.force_login(colleague.user)
    response = client.post(reverse("programmes:withdraw", args=[mentor.pk]))
    assert "Your mentoring relationship with Jo Evans ends today" in response.text
    assert "the coordinator finds Jo Evans another mentor" in response.text


@pytest.fixture
def with_coordinator(open_programme):
    open_programme.mentee_manager_approval = False
    open_programme.save()
    return open_programme


def test_a_bulk_decision_asks_first_and_counts_who_is_told(client, coordinator, with_coordinator):
    applications = [mentee_application(StaffMemberFactory(), with_coordinator) for _ in range(3)]
    client.force_login(coordinator.user)
    url = reverse("programmes:bulk", args=[with_coordinator.pk])
    data = {"applications": [a.pk for a in applications], "decision": "accept"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Accept 3 applications?" in response.text
    assert "3 people see the decision" in response.text
    assert "Each is emailed that you have decided" in response.text
    assert set(Application.objects.values_list("status", flat=True)) == {Status.WITH_COORDINATOR}
    response = client.post(url, data | {"confirmed": "yes"}, follow=True)
    assert "Decision recorded for 3 applications." in response.text
    assert set(Application.objects.values_list("status", flat=True)) == {Status.ACCEPTED}


def test_a_bulk_decision_with_nothing_ticked_says_so_without_asking(
    client, coordinator, with_coordinator
):
    client.force_login(coordinator.user)
    url = reverse("programmes:bulk", args=[with_coordinator.pk])
    response = client.post(url, {"decision": "accept"}, follow=True)
    assert "Tick at least one application" in response.text


def test_closing_says_the_relationships_under_way_carry_on(
    client, coordinator, staff_member, colleague
):
    programme = programme_for_matching(coordinator)
    paired(accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee"))
    client.force_login(coordinator.user)
    response = client.post(reverse("programmes:status", args=[programme.pk]), {"status": "closed"})
    assert "1 relationship under way carries on to its planned end." in response.text


def test_withdrawing_says_requests_to_mentors_are_withdrawn(
    client, coordinator, staff_member, colleague
):
    from datetime import timedelta

    from django.utils import timezone

    from relationships.models import MentorRequest

    programme = programme_for_matching(coordinator, matching_mode="directory")
    mentee = accepted(programme, staff_member, "mentee")
    MentorRequest.objects.create(
        mentee_application=mentee,
        mentor_application=accepted(programme, colleague, "mentor"),
        expires_at=timezone.now() + timedelta(days=14),
    )
    client.force_login(staff_member.user)
    response = client.post(reverse("programmes:withdraw", args=[mentee.pk]))
    assert "Your requests to mentors that are waiting for an answer are withdrawn." in (
        response.text
    )
    assert MentorRequest.objects.get().status == "pending"


def test_a_bulk_decline_repeats_the_reason_each_applicant_is_told(
    client, coordinator, with_coordinator
):
    application = mentee_application(StaffMemberFactory(), with_coordinator)
    client.force_login(coordinator.user)
    response = client.post(
        reverse("programmes:bulk", args=[with_coordinator.pk]),
        {"applications": [application.pk], "decision": "decline", "reason": "Full this year."},
    )
    assert "Decline 1 application?" in response.text
    assert "Each is told your reason: “Full this year.”" in response.text
    assert "1 person sees the decision" in response.text
    assert Application.objects.get().status == Status.WITH_COORDINATOR
