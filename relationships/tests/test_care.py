"""Reviews at the programme's interval (REV-1), concerns raised in confidence (REL-4) and the
summary a pair may share with the mentee's line manager (REL-3)."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from mentoring.audit.models import AuditEntry
from relationships.dates import add_months
from relationships.models import Concern, ReviewAnswer, SharedSummary
from relationships.services.care import (
    concern_handle,
    concern_raise,
    review_answer,
    review_dates,
    review_open,
    summary_agree,
    summary_ask,
    summary_save,
    summary_withdraw,
)
from tests.matching import accepted, paired, programme_for_matching, went_ahead

NOT_WORKING = {"helping": "not_working", "plan_progress": "Stalled.", "practical_issues": ""}
HELPING = {"helping": "yes", "plan_progress": "Two goals done.", "practical_issues": "None."}


@pytest.fixture
def active(coordinator, colleague, staff_member):
    """Colleague mentors staff_member (whose line manager is line_manager), reviewed every
    three months for a year; no agreement needed to start."""
    programme = programme_for_matching(
        coordinator, agreement_required=False, review_interval_months=3, length_max_months=12
    )
    relationship = paired(
        accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
    )
    went_ahead(relationship)
    mail.outbox.clear()
    return relationship


def test_reviews_fall_due_at_the_programmes_interval_until_the_planned_end(active):
    start = timezone.localdate()
    assert review_dates(active) == [add_months(start, m) for m in (3, 6, 9, 12)]


def test_a_programme_with_no_interval_reviews_every_three_months(active):
    active.programme.review_interval_months = None
    active.programme.save()
    assert review_dates(active)[0] == add_months(timezone.localdate(), 3)


def test_the_next_review_may_be_answered_early_but_not_the_one_after(active, staff_member):
    today = timezone.localdate()
    first, second = review_dates(active)[:2]
    assert review_open(active, staff_member, today) == first
    review_answer(by=staff_member.user, relationship=active, **HELPING)
    assert review_open(active, staff_member, today) is None
    assert review_open(active, staff_member, first) == second


def test_a_proposed_relationship_has_no_review(coordinator, colleague, staff_member):
    programme = programme_for_matching(coordinator, review_interval_months=3)
    relationship = paired(
        accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
    )
    with pytest.raises(ValidationError, match="no review"):
        review_answer(by=staff_member.user, relationship=relationship, **HELPING)


def test_not_working_reaches_the_coordinator_in_confidence(
    active, staff_member, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review_answer(by=staff_member.user, relationship=active, **NOT_WORKING)
    assert [m.to for m in mail.outbox] == [[coordinator.work_email]]
    assert "Stalled" not in mail.outbox[0].body
    assert "not working" in mail.outbox[0].subject


def test_a_helping_answer_tells_nobody(active, staff_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review_answer(by=staff_member.user, relationship=active, **HELPING)
    assert mail.outbox == []


def test_each_person_answers_a_review_once(active, staff_member, colleague):
    review_answer(by=staff_member.user, relationship=active, **HELPING)
    review_answer(by=colleague.user, relationship=active, **NOT_WORKING)
    with pytest.raises(ValidationError):
        review_answer(by=staff_member.user, relationship=active, **HELPING)
    assert ReviewAnswer.objects.count() == 2
    assert active.reviews.count() == 1


def test_a_review_without_progress_is_refused_next_to_the_field(client, active, staff_member):
    client.force_login(staff_member.user)
    url = reverse("relationships:review", args=[active.pk])
    response = client.post(url, {"helping": "yes", "plan_progress": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["plan_progress"]
    assert not ReviewAnswer.objects.exists()


def test_the_other_participant_reads_the_answers_and_the_read_is_audited(
    client, active, staff_member, colleague
):
    review_answer(by=staff_member.user, relationship=active, **HELPING)
    client.force_login(colleague.user)
    response = client.get(reverse("relationships:review", args=[active.pk]))
    assert "Two goals done." in response.text
    read = AuditEntry.objects.get(action="read")
    assert (read.who, read.kind, read.relationship_id) == (colleague.full_name, "review", active.pk)
    assert "Two goals" not in f"{read.who}{read.kind}{read.note}"


def test_the_coordinator_reads_reviews_only_where_the_programme_allows(
    client, active, staff_member, coordinator
):
    review_answer(by=staff_member.user, relationship=active, **HELPING)
    client.force_login(coordinator.user)
    url = reverse("relationships:review", args=[active.pk])
    assert client.get(url).status_code == 403
    active.programme.coordinator_reads_meeting_logs = True
    active.programme.save()
    assert "Two goals done." in client.get(url).text


@pytest.mark.parametrize("who", ["line_manager", "sponsor", "director"])
def test_no_one_else_finds_the_reviews(client, request, active, staff_member, who):
    review_answer(by=staff_member.user, relationship=active, **HELPING)
    client.force_login(request.getfixturevalue(who).user)
    assert client.get(reverse("relationships:review", args=[active.pk])).status_code == 404


def test_a_concern_goes_to_the_coordinator_and_not_to_the_other_participant(
    client, active, staff_member, colleague, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(staff_member.user)
    url = reverse("relationships:concern_new", args=[active.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"text": "I am worried about a risk of harm."})
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.raised_by == staff_member
    assert [m.to for m in mail.outbox] == [[coordinator.work_email]]
    assert "risk of harm" not in mail.outbox[0].body
    client.force_login(colleague.user)
    assert "risk of harm" not in client.get(active.get_absolute_url()).text
    client.force_login(coordinator.user)
    assert "risk of harm" in client.get(active.get_absolute_url()).text
    assert AuditEntry.objects.filter(action="read", kind="concern", who=coordinator.full_name)


def test_an_empty_concern_is_refused_next_to_the_field(client, active, staff_member):
    client.force_login(staff_member.user)
    response = client.post(reverse("relationships:concern_new", args=[active.pk]), {"text": ""})
    assert response.context["form"].errors["text"]
    assert not Concern.objects.exists()
    assert mail.outbox == []


def test_only_the_people_in_it_raise_a_concern(active, line_manager, coordinator):
    for user in [line_manager.user, coordinator.user]:
        with pytest.raises(PermissionDenied):
            concern_raise(by=user, relationship=active, text="Something.")


def test_the_coordinator_marks_a_concern_dealt_with_and_nobody_else_can(
    client, active, staff_member, colleague, coordinator
):
    concern = concern_raise(by=staff_member.user, relationship=active, text="Worried.")
    client.force_login(colleague.user)
    url = reverse("relationships:concern_handled", args=[concern.pk])
    assert client.post(url).status_code == 404
    with pytest.raises(PermissionDenied):
        concern_handle(by=colleague.user, concern=concern)
    client.force_login(coordinator.user)
    client.post(url)
    concern.refresh_from_db()
    assert concern.handled_by == coordinator
    with pytest.raises(ValidationError):
        concern_handle(by=coordinator.user, concern=concern)


def test_the_line_manager_sees_a_summary_only_once_asked_and_agreed(
    client, active, staff_member, colleague, line_manager, django_capture_on_commit_callbacks
):
    summary = summary_save(
        by=colleague.user, relationship=active, mentee=staff_member, text="Growing as a leader."
    )
    client.force_login(line_manager.user)
    shared_page = reverse("relationships:shared")
    assert "Growing as a leader" not in client.get(shared_page).text
    summary_ask(by=staff_member.user, summary=summary)
    assert "Growing as a leader" not in client.get(shared_page).text
    with django_capture_on_commit_callbacks(execute=True):
        summary_agree(by=colleague.user, summary=summary)
    assert [m.to for m in mail.outbox] == [[line_manager.work_email]]
    assert "Growing as a leader" not in mail.outbox[0].body
    assert "Growing as a leader" in client.get(shared_page).text
    assert AuditEntry.objects.filter(action="read", who=line_manager.full_name).exists()


def test_the_manager_sees_the_summary_and_nothing_else(client, active, line_manager):
    client.force_login(line_manager.user)
    assert client.get(active.get_absolute_url()).status_code == 404


def test_only_the_mentee_asks_and_only_the_mentor_agrees(active, staff_member, colleague):
    summary = summary_save(
        by=staff_member.user, relationship=active, mentee=staff_member, text="Going well."
    )
    with pytest.raises(PermissionDenied):
        summary_ask(by=colleague.user, summary=summary)
    with pytest.raises(ValidationError):
        summary_agree(by=colleague.user, summary=summary)  # not asked yet
    summary_ask(by=staff_member.user, summary=summary)
    with pytest.raises(PermissionDenied):
        summary_agree(by=staff_member.user, summary=summary)


def test_a_change_after_sharing_takes_it_back_to_a_draft(
    client, active, staff_member, colleague, line_manager
):
    summary = summary_save(
        by=staff_member.user, relationship=active, mentee=staff_member, text="First words."
    )
    summary_ask(by=staff_member.user, summary=summary)
    summary_agree(by=colleague.user, summary=summary)
    summary_save(by=staff_member.user, relationship=active, mentee=staff_member, text="New words.")
    summary.refresh_from_db()
    assert summary.status == SharedSummary.Status.DRAFT
    client.force_login(line_manager.user)
    text = client.get(reverse("relationships:shared")).text
    assert "First words" not in text and "New words" not in text


def test_either_of_them_stops_sharing(client, active, staff_member, colleague, line_manager):
    summary = summary_save(
        by=staff_member.user, relationship=active, mentee=staff_member, text="Shared words."
    )
    summary_ask(by=staff_member.user, summary=summary)
    summary_agree(by=colleague.user, summary=summary)
    summary_withdraw(by=colleague.user, summary=summary)
    client.force_login(line_manager.user)
    assert "Shared words" not in client.get(reverse("relationships:shared")).text


def test_another_manager_and_the_coordinator_see_no_summary(
    client, active, staff_member, colleague, coordinator, director
):
    summary = summary_save(
        by=staff_member.user, relationship=active, mentee=staff_member, text="Shared words."
    )
    summary_ask(by=staff_member.user, summary=summary)
    summary_agree(by=colleague.user, summary=summary)
    for person in [director, coordinator, colleague]:
        client.force_login(person.user)
        assert "Shared words" not in client.get(reverse("relationships:shared")).text


def test_a_summary_is_about_a_mentee(active, colleague):
    with pytest.raises(ValidationError):
        summary_save(by=colleague.user, relationship=active, mentee=colleague, text="Me.")


def test_an_empty_summary_is_refused_next_to_the_field(client, active, staff_member):
    mentee = active.members.get(person=staff_member)
    client.force_login(staff_member.user)
    response = client.post(reverse("relationships:summary", args=[mentee.pk]), {"text": " "})
    assert response.context["form"].errors["text"]
    assert not SharedSummary.objects.exists()


def test_nothing_changes_once_it_has_ended(active, staff_member, colleague):
    active.status, active.ended_at, active.ending = "ended", timezone.now(), "completed"
    active.save()
    with pytest.raises(ValidationError):
        summary_save(by=colleague.user, relationship=active, mentee=staff_member, text="Late.")
    with pytest.raises(ValidationError):
        concern_raise(by=colleague.user, relationship=active, text="Late.")


def test_an_overdue_review_shows_on_the_relationship_page(client, active, staff_member):
    first = review_dates(active)[0]
    with time_machine.travel(first + timedelta(days=3), tick=False):
        client.force_login(staff_member.user)
        response = client.get(active.get_absolute_url())
    assert f"Your review was due on {first:%-d %B %Y}" in response.text


def test_either_of_them_stops_sharing_even_after_the_end(
    client, active, staff_member, colleague, line_manager
):
    summary = summary_save(
        by=staff_member.user, relationship=active, mentee=staff_member, text="Shared words."
    )
    summary_ask(by=staff_member.user, summary=summary)
    summary_agree(by=colleague.user, summary=summary)
    active.status, active.ended_at, active.ending = "ended", timezone.now(), "completed"
    active.save()
    summary_withdraw(by=staff_member.user, summary=summary)
    client.force_login(line_manager.user)
    assert "Shared words" not in client.get(reverse("relationships:shared")).text


def test_a_coordinator_who_is_in_the_relationship_reads_only_their_own_concerns(
    client, active, staff_member, colleague
):
    from mentoring.people.services import role_grant

    concern_raise(by=staff_member.user, relationship=active, text="Only for the coordinator.")
    role_grant(user=colleague.user, role="coordinator")
    active.programme.coordinators.add(colleague)
    client.force_login(colleague.user)
    assert "Only for the coordinator." not in client.get(active.get_absolute_url()).text
