"""A line manager's "Your team" page: for each person they manage now, the applications that
wait for their support and their participation (programme, role, status, dates), never what
anyone wrote; nothing of someone they no longer manage."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.people.staff_import import staff_import
from programmes.models import Application
from programmes.services.applications import application_submit
from relationships.models import ActionItem
from relationships.services.lifecycle import relationship_end
from tests.csv_files import person, staff_csv
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching, went_ahead

pytestmark = pytest.mark.django_db

SECRET = "Tell nobody about the restructure"


@pytest.fixture
def mentoring_jo(coordinator, staff_member, colleague):
    """Jo (Sam's report) is Chris's mentee, started, with an action written in it."""
    programme = programme_for_matching(coordinator, agreement_required=False)
    programme.name = "Leaders of tomorrow"
    programme.save(update_fields=["name"])
    relationship = went_ahead(
        paired(
            accepted(programme, colleague, "mentor"),
            accepted(programme, staff_member, "mentee", aims=SECRET),
        )
    )
    ActionItem.objects.create(relationship=relationship, description=SECRET, owner=staff_member)
    return relationship


def team_page(client, manager):
    client.force_login(manager.user)
    response = client.get(reverse("relationships:team"))
    assert response.status_code == 200
    return response.text


def test_a_line_manager_sees_their_reports_programme_role_status_and_dates(
    client, line_manager, staff_member, mentoring_jo
):
    page = team_page(client, line_manager)
    assert staff_member.full_name in page
    assert "Leaders of tomorrow" in page and "Mentee" in page and "Active" in page
    started = timezone.localdate(mentoring_jo.started_at)
    assert f"{started:%-d %B %Y}" in page
    assert reverse("programmes:history", args=[staff_member.pk]) in page
    assert reverse("relationships:shared") in page


def test_a_line_manager_never_reads_aims_or_anything_written(client, line_manager, mentoring_jo):
    assert SECRET not in team_page(client, line_manager)


def test_an_application_waiting_for_support_links_to_the_decision(
    client, line_manager, staff_member, open_programme
):
    application = application_submit(
        by=staff_member.user,
        application=Application(
            programme=open_programme, role="mentee", needs=["advice"], aims="Grow."
        ),
    )
    page = team_page(client, line_manager)
    assert reverse("programmes:approval", args=[application.pk]) in page
    assert "Waiting for your support" in page
    assert "Waiting for the line manager" not in page  # one status, said from their side


def test_an_application_reviewed_in_confidence_is_not_shown_to_the_manager(
    client, line_manager, staff_member, mentoring_jo
):
    Application.objects.filter(applicant=staff_member).update(confidential_review=True)
    page = team_page(client, line_manager)
    assert staff_member.full_name in page
    assert "Leaders of tomorrow" not in page


def test_a_former_manager_sees_nothing_once_an_import_moves_the_report(
    client, line_manager, staff_member, colleague, mentoring_jo
):
    moved = person(staff_member.work_email, manager=colleague.work_email, first_name="Jo")
    staff_import(file=staff_csv(moved | {"last_name": "Evans"}))
    page = team_page(client, line_manager)
    assert staff_member.full_name not in page and "Leaders of tomorrow" not in page
    assert "Nobody reports to you" in page
    assert staff_member.full_name in team_page(client, colleague)


def test_another_line_manager_sees_only_their_own_team(client, staff_member, mentoring_jo):
    other_manager = StaffMemberFactory()
    their_report = StaffMemberFactory(line_manager=other_manager)
    page = team_page(client, other_manager)
    assert their_report.full_name in page
    assert staff_member.full_name not in page and "Leaders of tomorrow" not in page


@pytest.mark.parametrize("who", ["colleague", "sponsor", "coordinator"])
def test_someone_who_manages_nobody_is_told_so(client, request, who, mentoring_jo):
    page = team_page(client, request.getfixturevalue(who))
    assert "Nobody reports to you" in page and "Leaders of tomorrow" not in page


def test_the_page_keeps_its_queries_whatever_the_size_of_the_team(
    client, line_manager, coordinator, django_assert_num_queries
):
    programme = programme_for_matching(coordinator)

    def report_in_mentoring():
        mentee = StaffMemberFactory(line_manager=line_manager)
        mentor = StaffMemberFactory()
        went_ahead(
            paired(accepted(programme, mentor, "mentor"), accepted(programme, mentee, "mentee"))
        )

    client.force_login(line_manager.user)
    url = reverse("relationships:team")
    report_in_mentoring()
    client.get(url)
    with django_assert_num_queries(TEAM_QUERIES):
        client.get(url)
    for _ in range(3):
        report_in_mentoring()
    with django_assert_num_queries(TEAM_QUERIES):
        assert client.get(url).text.count("Mentee") >= 4


# The session, the account and its permissions, the navigation, then four for the team: its
# people, their applications, the relationships those led to, and the mentors proposed.
TEAM_QUERIES = 13


@pytest.mark.parametrize(
    "page", ["relationships:team", "relationships:shared", "programmes:approvals"]
)
def test_your_team_is_the_current_place_on_a_line_managers_pages(
    client, line_manager, staff_member, page
):
    client.force_login(line_manager.user)
    response = client.get(reverse(page))
    current = f'href="{reverse("relationships:team")}" aria-current="page"'
    assert current in response.text


def test_people_who_manage_nobody_are_not_offered_your_team(client, colleague):
    client.force_login(colleague.user)
    assert reverse("relationships:team") not in client.get(reverse("home")).text


def test_a_line_manager_sees_when_their_reports_mentoring_is_planned_to_end(
    client, line_manager, mentoring_jo
):
    mentoring_jo.planned_end_on = date(2027, 6, 4)
    mentoring_jo.save(update_fields=["planned_end_on"])
    page = team_page(client, line_manager)
    assert "Planned for 4 June 2027" in page


def test_an_ended_relationship_shows_the_day_it_ended_not_the_plan(
    client, line_manager, mentoring_jo
):
    mentoring_jo.planned_end_on = date(2027, 6, 4)
    mentoring_jo.save(update_fields=["planned_end_on"])
    relationship_end(
        by=mentoring_jo.members.get(role="mentee").person.user,
        relationship=mentoring_jo,
        reason="goals_achieved",
        learned="To delegate.",
        next_steps="Apply for the post.",
    )
    page = team_page(client, line_manager)
    assert f"{timezone.localdate():%-d %B %Y}" in page and "Planned for" not in page
