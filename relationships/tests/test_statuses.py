"""One status per thing, said the same way on every page: a log's status from the reader's
side, once; one date for the next review of a relationship."""

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from relationships.models import ActionItem, ActionPlan, Agreement, Goal, MeetingLog, Relationship
from relationships.services.logs import log_correct
from relationships.tests.test_logs import meeting_at, write
from tests.matching import accepted, paired, programme_for_matching, went_ahead


@pytest.fixture
def relationship(coordinator, colleague, staff_member):
    """Chris (colleague) mentors Jo (staff_member); it has started."""
    programme = programme_for_matching(coordinator, agreement_required=False)
    mentor = accepted(programme, colleague, "mentor")
    return went_ahead(paired(mentor, accepted(programme, staff_member, "mentee")))


def page(client, person, url):
    client.force_login(person.user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_person_asked_to_confirm_a_log_reads_it_once_from_their_side(
    client, relationship, colleague, staff_member
):
    write(colleague, meeting_at(relationship, days=-2))
    html = page(client, staff_member, relationship.get_absolute_url())
    assert "Waiting for you to confirm" in html
    assert "other party" not in html


def test_the_writer_of_a_log_reads_whom_it_waits_for(client, relationship, colleague, staff_member):
    meeting = meeting_at(relationship, days=-2)
    write(colleague, meeting)
    for url in (relationship.get_absolute_url(), reverse("relationships:log", args=[meeting.pk])):
        html = page(client, colleague, url)
        assert f"Waiting for {staff_member.full_name} to confirm" in html
        assert "Waiting for you to confirm" not in html
        assert "other party" not in html


def test_a_correction_suggested_is_something_for_the_writer_to_do(
    client, relationship, colleague, staff_member
):
    meeting = meeting_at(relationship, days=-2)
    log_correct(by=staff_member.user, log=write(colleague, meeting), correction="It was Tuesday.")
    html = page(client, colleague, relationship.get_absolute_url())
    assert f"{staff_member.full_name} suggested a correction" in html
    assert reverse("relationships:log_write", args=[meeting.pk]) in html
    assert "You suggested a correction" in page(
        client, staff_member, relationship.get_absolute_url()
    )


def test_every_status_has_its_words_declared_once():
    for model in (MeetingLog, ActionItem, Goal):
        assert set(model.TAGS) == set(model.Status.values), model.__name__
    assert set(Relationship.TAGS) == set(Relationship.Status.values) | set(
        Relationship.Ending.values
    )


@pytest.fixture
def reviewed_later(relationship, staff_member):
    """Started on 10 August 2026 in a programme reviewing every three months; the mentee's
    action plan carries an old review date of its own."""
    Relationship.objects.filter(pk=relationship.pk).update(
        started_at=timezone.make_aware(timezone.datetime(2026, 8, 10, 10))
    )
    relationship.refresh_from_db()
    mentee = relationship.members.get(person=staff_member)
    plan = ActionPlan.objects.create(
        mentee=mentee, long_term_goal="Lead a team.", next_review_on=date(2026, 12, 26)
    )
    Goal.objects.create(plan=plan, specific="Chair a meeting", review_on=date(2027, 1, 5))
    return mentee


@time_machine.travel("2026-12-06 09:00Z", tick=False)
def test_a_relationship_has_one_next_review_date_on_every_page(
    client, relationship, reviewed_later, staff_member
):
    urls = [
        relationship.get_absolute_url(),
        reverse("relationships:review", args=[relationship.pk]),
        reverse("relationships:plan", args=[reviewed_later.pk]),
    ]
    for url in urls:
        html = page(client, staff_member, url)
        assert "10 November 2026" in html or "10 February 2027" in html, url
        assert "26 December 2026" not in html, url
    assert relationship.next_review_on(date(2026, 12, 6)) == date(2026, 11, 10)
    assert relationship.next_review_on(date(2026, 12, 6), answered={date(2026, 11, 10)}) == date(
        2027, 2, 10
    )


@time_machine.travel("2026-12-06 09:00Z", tick=False)
def test_the_plan_pdf_gives_the_same_next_review(
    client, relationship, reviewed_later, staff_member
):
    client.force_login(staff_member.user)
    response = client.get(reverse("relationships:plan_pdf", args=[reviewed_later.pk]))
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Next review 10 November 2026" in text
    assert "26 December 2026" not in text


def test_overdue_actions_are_said_once_in_words(client, relationship, staff_member):
    ActionItem.objects.create(
        relationship=relationship,
        description="Ask to chair",
        owner=staff_member,
        due_on=timezone.localdate() - timedelta(days=1),
    )
    html = page(client, staff_member, relationship.get_absolute_url())
    assert html.count("Overdue") == 1


@time_machine.travel("2026-12-06 09:00Z", tick=False)
def test_the_agreement_gives_the_same_next_review(client, relationship, colleague, staff_member):
    Relationship.objects.filter(pk=relationship.pk).update(
        started_at=timezone.make_aware(timezone.datetime(2026, 8, 10, 10))
    )
    Agreement.objects.create(
        relationship=relationship,
        version=1,
        aims=["Delegation"],
        mentor_role="Listen.",
        mentee_role="Prepare.",
        confidentiality="Confidential.",
        feedback="Constructive.",
        documentation="None.",
        breakdown="Talk first.",
        created_by=colleague,
        review_on=date(2027, 1, 7),
    )
    html = page(client, staff_member, reverse("relationships:agreement", args=[relationship.pk, 1]))
    assert "10 November 2026" in html
    assert "7 January 2027" not in html


def test_an_ending_is_said_the_same_way_in_the_summary_and_the_timeline(
    client, relationship, staff_member
):
    from relationships.services.pairing import rematch_request

    rematch_request(by=staff_member.user, relationship=relationship, reason="time")
    html = page(client, staff_member, relationship.get_absolute_url())
    assert html.count("Ended for a rematch") == 2  # the status tag and the timeline
    assert "Rematch requested" not in html


def test_what_needs_doing_lists_the_reader_s_own_tasks(
    client, relationship, colleague, staff_member
):
    meeting = meeting_at(relationship, days=-2)
    log = write(colleague, meeting)
    day = f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"
    assert f"Confirm the log of {day}" in page(
        client, staff_member, relationship.get_absolute_url()
    )
    assert f"Confirm the log of {day}" not in page(
        client, colleague, relationship.get_absolute_url()
    )
    log_correct(by=staff_member.user, log=log, correction="It was Tuesday.")
    html = page(client, colleague, relationship.get_absolute_url())
    assert f"{staff_member.full_name} suggested a correction to the log of {day}" in html
