"""The coordinator dashboard pages (MON-1): what they show, whose programmes, that no
confidential content reaches them, and a number of queries that does not grow with the data."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from programmes.models import Application, Booking, TrainingSession
from relationships.models import Concern, Member, Proposal
from relationships.tasks import check_relationships
from tests.factories import StaffMemberFactory

from .dashboard_records import (
    NOW,
    TODAY,
    action,
    concern,
    meeting,
    people,
    programme_run_by,
    relationship_in,
    relationships_in,
)

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def programme(coordinator):
    return programme_run_by(coordinator)


@pytest.fixture
def other_coordinator(db):
    from mentoring.people.services import role_grant

    person = StaffMemberFactory(first_name="Pat", last_name="Quinn")
    role_grant(user=person.user, role="coordinator")
    return person


def dashboard_page(client, person, programme=None):
    """The page as it reads once the periodic check of relationships has run."""
    check_relationships()
    client.force_login(person.user)
    if programme is None:
        return client.get(reverse("evaluations:dashboard"))
    return client.get(reverse("evaluations:programme_dashboard", args=[programme.pk]))


def applications(programme, status, n, **fields):
    return Application.objects.bulk_create(
        Application(programme=programme, applicant=person, role="mentee", status=status, **fields)
        for person in people(n)
    )


def test_it_counts_what_waits_for_a_decision(client, coordinator, programme):
    applications(programme, "awaiting_manager", 2)
    applications(programme, "with_coordinator", 3)
    applications(programme, "declined", 1)
    applications(programme, "accepted", 4)  # mentees waiting for a mentor
    [mentor] = Application.objects.bulk_create(
        [Application(programme=programme, applicant=people(1)[0], role="mentor", status="accepted")]
    )
    mentee = Application.objects.filter(programme=programme, status="accepted", role="mentee")[0]
    Proposal.objects.create(
        programme=programme, mentee_application=mentee, mentor_application=mentor, score=80
    )
    response = dashboard_page(client, coordinator, programme)
    assert response.status_code == 200
    [row] = response.context["rows"]
    assert (row["awaiting_manager"], row["with_coordinator"], row["waiting_list"]) == (2, 3, 0)
    assert (row["waiting_for_mentor"], row["proposals"]) == (4, 1)
    queue = reverse("programmes:queue", args=[programme.pk])
    assert f'href="{queue}?status=awaiting_manager">2</a>' in response.text
    assert f'href="{queue}?status=with_coordinator">3</a>' in response.text


def test_it_shows_each_waiting_list_in_order(client, coordinator, programme):
    first, second = applications(programme, "waiting_list", 2, waiting_since=timezone.now())
    Application.objects.filter(pk=second.pk).update(waiting_since=timezone.now() - DAY)
    response = dashboard_page(client, coordinator, programme)
    shown = response.context["waiting_list"]
    assert [(a.pk, a.position) for a in shown] == [(second.pk, 1), (first.pk, 2)]
    assert response.context["rows"][0]["waiting_list"] == 2
    assert first.applicant.full_name in response.text


def test_it_shows_places_on_training_to_come(client, coordinator, programme):
    session = TrainingSession.objects.create(
        programme=programme,
        kind="mentor_training",
        starts_at=timezone.now() + 3 * DAY,
        place="Room 4",
        capacity=2,
    )
    TrainingSession.objects.create(
        kind="refresher", starts_at=timezone.now() - DAY, place="Room 1", capacity=9
    )
    for status, person in zip(["booked", "booked", "waiting"], people(3), strict=True):
        Booking.objects.create(session=session, person=person, status=status)
    response = dashboard_page(client, coordinator, programme)
    [shown] = response.context["sessions"]
    assert (shown.pk, shown.capacity, shown.booked, shown.waiting) == (session.pk, 2, 2, 1)


def test_it_counts_relationships_by_status_and_phase(client, coordinator, programme):
    relationships_in(programme, 2, phase="direction")
    relationships_in(programme, 1, status="proposed")
    relationships_in(programme, 3, status="ended")
    response = dashboard_page(client, coordinator, programme)
    totals = response.context["totals"]
    assert (totals["status_active"], totals["status_proposed"], totals["status_ended"]) == (2, 1, 3)
    assert totals["phase_direction"] == 2
    assert "Relationships by status" in response.text
    assert "<desc>Proposed: 1; Active: 2; Ended: 3</desc>" in response.text


def test_relationships_at_risk_link_to_their_page_with_reasons(client, coordinator, programme):
    quiet = relationship_in(programme, started=timedelta(weeks=6))
    fine = relationship_in(programme)
    response = dashboard_page(client, coordinator, programme)
    assert [r.pk for r in response.context["at_risk"]] == [quiet.pk]
    assert f'href="{quiet.get_absolute_url()}"' in response.text
    assert f'href="{fine.get_absolute_url()}"' not in response.text
    assert "No meeting held in the last 4 weeks" in response.text
    assert "1 relationship needs a look" in response.text


def test_it_shows_no_confidential_content(client, coordinator, programme):
    relationship = relationship_in(programme, started=timedelta(weeks=6))
    concern(relationship, text="PLANTED concern words")
    meeting(relationship, timedelta(weeks=5), log_text="PLANTED log words")
    action(relationship, TODAY - DAY)
    response = dashboard_page(client, coordinator, programme)
    assert "A concern has been raised" in response.text
    assert "Actions are past their due date" in response.text
    assert "PLANTED" not in response.text
    assert "Book a shadowing day" not in response.text  # the action's own words


def test_a_coordinator_in_a_relationship_learns_only_of_their_own_concerns(
    client, coordinator, programme
):
    """relationships/permissions.py: a coordinator in the relationship reads only their own
    concerns, so the dashboard does not say that the other person raised one."""
    mine = relationship_in(programme)
    Member.objects.filter(relationship=mine, role="mentor").update(person=coordinator)
    mentee = mine.members.get(role="mentee").person
    Concern.objects.create(relationship=mine, raised_by=mentee, text="About my mentor")
    response = dashboard_page(client, coordinator, programme)
    assert response.context["at_risk"] == []
    assert response.context["totals"]["concern"] == 0
    Concern.objects.create(relationship=mine, raised_by=coordinator, text="Mine")
    response = dashboard_page(client, coordinator, programme)
    assert [r.pk for r in response.context["at_risk"]] == [mine.pk]
    assert response.context["totals"]["concern"] == 1


def test_the_whole_dashboard_covers_only_my_programmes(
    client, coordinator, other_coordinator, programme
):
    theirs = programme_run_by(other_coordinator)
    concern(relationship_in(theirs))
    applications(theirs, "with_coordinator", 5)
    mine = relationship_in(programme, review_needed="Link.")
    response = dashboard_page(client, coordinator)
    assert [row["programme"] for row in response.context["rows"]] == [programme]
    assert [r.pk for r in response.context["at_risk"]] == [mine.pk]
    assert response.context["totals"]["with_coordinator"] == 0
    assert reverse("evaluations:programme_dashboard", args=[theirs.pk]) not in response.text


def test_the_whole_dashboard_adds_up_my_programmes(client, coordinator, programme):
    second = programme_run_by(coordinator, meeting_interval_weeks=13)
    concern(relationship_in(programme))
    concern(relationship_in(second))
    relationship_in(second, review_needed="Link.")
    response = dashboard_page(client, coordinator)
    rows = {row["programme"].pk: row["at_risk"] for row in response.context["rows"]}
    assert rows == {programme.pk: 1, second.pk: 2}
    assert response.context["totals"]["at_risk"] == 3
    assert response.context["totals"]["concern"] == 2
    assert "<desc>No meeting within the agreed cadence: 0; Review overdue: 0" in response.text


def test_coordinators_find_it_in_the_navigation(client, coordinator, staff_member):
    link = f'href="{reverse("evaluations:dashboard")}"'
    client.force_login(coordinator.user)
    assert link in client.get(reverse("home")).text
    client.force_login(staff_member.user)
    assert link not in client.get(reverse("home")).text


def test_a_programmes_coordinators_find_its_dashboard_on_its_page(
    client, coordinator, other_coordinator, programme
):
    link = f'href="{reverse("evaluations:programme_dashboard", args=[programme.pk])}"'
    client.force_login(coordinator.user)
    assert link in client.get(programme.get_absolute_url()).text
    client.force_login(other_coordinator.user)
    assert link not in client.get(programme.get_absolute_url()).text


def test_another_coordinator_is_refused_my_programme(client, other_coordinator, programme):
    assert dashboard_page(client, other_coordinator, programme).status_code == 403


def test_a_coordinator_with_no_programme_is_told_so(client, other_coordinator, programme):
    response = dashboard_page(client, other_coordinator)
    assert response.status_code == 200
    assert "You do not coordinate any programme" in response.text


def test_an_archived_programme_leaves_the_whole_dashboard(client, coordinator, programme):
    programme.archived_at = timezone.now()
    programme.save()
    response = dashboard_page(client, coordinator)
    assert response.context["rows"] == []


def test_the_first_fifty_at_risk_are_shown_and_all_are_counted(client, coordinator, programme):
    relationships_in(programme, 52, review_needed="Link.")
    response = dashboard_page(client, coordinator, programme)
    assert len(response.context["at_risk"]) == 50
    assert response.context["totals"]["at_risk"] == 52
    assert "These are the first 50" in response.text


def busy(programme, size):
    """`size` relationships with meetings, logs, actions and concerns, and `size`
    applications in each state, so that every part of the page has rows to read."""
    relationships = relationships_in(programme, size, started=timedelta(weeks=6))
    for relationship in relationships:
        meeting(relationship, timedelta(weeks=5), log_text="Notes")
        action(relationship, TODAY - DAY)
        concern(relationship)
    relationships_in(programme, size, status="ended")
    for status in ["awaiting_manager", "with_coordinator", "accepted"]:
        applications(programme, status, size)
    applications(programme, "waiting_list", size, waiting_since=timezone.now())
    session = TrainingSession.objects.create(
        programme=programme,
        kind="mentor_training",
        starts_at=timezone.now() + DAY,
        place="Room 4",
        capacity=size,
    )
    Booking.objects.bulk_create(
        Booking(session=session, person=person, status="booked") for person in people(size)
    )
    check_relationships()


# The session, the user and their permissions, and saving the session (3); then base.html's
# navigation (evaluations to complete, whether they line-manage anyone).
SIGNED_IN = 4 + 3
NAVIGATION = 2
# Applications, the matching queue, proposals, relationships, others' concerns in my own
# relationships, reasons, those at risk and their people (3: relationships, members,
# people), the waiting list, training.
DASHBOARD = 11 + 2  # and the trends: relationships started and ended, meetings held
QUERIES = {
    "programme": SIGNED_IN + 2 + DASHBOARD + NAVIGATION,  # the programme, am I its coordinator
    "all": SIGNED_IN + 1 + DASHBOARD + NAVIGATION,  # my programmes
}


@pytest.mark.parametrize("size", [3, 40])
def test_a_programme_dashboard_keeps_its_queries_whatever_the_size(
    client, coordinator, programme, django_assert_num_queries, size
):
    busy(programme, size)
    client.force_login(coordinator.user)
    url = reverse("evaluations:programme_dashboard", args=[programme.pk])
    with django_assert_num_queries(QUERIES["programme"]):
        response = client.get(url)
    assert len(response.context["at_risk"]) == size
    assert response.context["totals"]["concern"] == size


@pytest.mark.parametrize("size", [3, 40])
def test_the_whole_dashboard_keeps_its_queries_whatever_the_size(
    client, coordinator, programme, django_assert_num_queries, size
):
    busy(programme, size)
    client.force_login(coordinator.user)
    with django_assert_num_queries(QUERIES["all"]):
        response = client.get(reverse("evaluations:dashboard"))
    assert response.context["totals"]["waiting_list"] == size


@pytest.mark.parametrize("programmes", [1, 3])
def test_the_whole_dashboard_keeps_its_queries_whatever_the_programmes(
    client, coordinator, django_assert_num_queries, programmes
):
    for n in range(programmes):
        busy(programme_run_by(coordinator, meeting_interval_weeks=4 + n), 3)
    client.force_login(coordinator.user)
    with django_assert_num_queries(QUERIES["all"]):
        response = client.get(reverse("evaluations:dashboard"))
    assert len(response.context["rows"]) == programmes
    assert response.context["totals"]["at_risk"] == 3 * programmes
