"""Mentees asking mentors from the directory (MATCH-1)."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from mentoring.notifications.services import reminders_sweep
from relationships.models import MentorRequest, Relationship
from relationships.selectors import directory_for
from relationships.services.requests import (
    request_answer,
    request_send,
    request_withdraw,
    requests_expire,
)
from tests.factories import StaffMemberFactory
from tests.matching import accepted, programme_for_matching


def ask(mentee, mentor, message=""):
    return request_send(by=mentee.applicant.user, mentor_application=mentor, message=message)


def test_the_mentor_accepts_and_the_pair_is_proposed(
    mentor, mentee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(mentee, mentor, "I would like help with leadership.")
    assert [m.to for m in mail.outbox] == [[mentor.applicant.work_email]]
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep()
    assert len(mail.outbox) == 1  # the sweep finds the mentor told already
    with django_capture_on_commit_callbacks(execute=True):
        request = request_answer(by=mentor.applicant.user, mentor_request=request, accept=True)
    assert request.status == MentorRequest.Status.ACCEPTED
    assert request.relationship.status == Relationship.Status.PROPOSED
    assert {m.person for m in request.relationship.members.all()} == {
        mentor.applicant,
        mentee.applicant,
    }
    assert len(mail.outbox) == 3  # both told to arrange the introduction


def test_the_mentor_declines_with_a_note(mentor, mentee):
    request = request_answer(
        by=mentor.applicant.user,
        mentor_request=ask(mentee, mentor),
        accept=False,
        reply="I'm full.",
    )
    assert (request.status, request.reply) == (MentorRequest.Status.DECLINED, "I'm full.")
    assert not Relationship.objects.exists()


def test_only_the_mentor_asked_can_answer(mentor, mentee, coordinator):
    request = ask(mentee, mentor)
    for user in [mentee.applicant.user, coordinator.user]:
        with pytest.raises(PermissionDenied):
            request_answer(by=user, mentor_request=request, accept=True)
    assert MentorRequest.objects.get().status == MentorRequest.Status.PENDING


def test_up_to_three_requests_at_once(chooser, mentee):
    mentors = [accepted(chooser, StaffMemberFactory(), "mentor") for _ in range(4)]
    for mentor in mentors[:3]:
        ask(mentee, mentor)
    with pytest.raises(ValidationError, match="up to 3 mentors at once"):
        ask(mentee, mentors[3])
    with pytest.raises(ValidationError, match="already asked this mentor"):
        ask(mentee, mentors[0])


def test_when_one_accepts_the_other_requests_are_withdrawn(chooser, mentee):
    mentors = [accepted(chooser, StaffMemberFactory(), "mentor") for _ in range(3)]
    requests = [ask(mentee, mentor) for mentor in mentors]
    request_answer(by=mentors[1].applicant.user, mentor_request=requests[1], accept=True)
    statuses = [r.status for r in MentorRequest.objects.order_by("pk")]
    assert statuses == ["withdrawn", "accepted", "withdrawn"]
    with pytest.raises(ValidationError, match="no longer waiting: withdrawn"):
        request_answer(by=mentors[0].applicant.user, mentor_request=requests[0], accept=True)


def test_a_full_mentor_leaves_the_directory_and_declines_the_rest(mentor, mentee, other_mentees):
    first, second = ask(mentee, mentor), ask(other_mentees[0], mentor)
    assert directory_for(other_mentees[1]).filter(pk=mentor.pk).exists()
    request_answer(by=mentor.applicant.user, mentor_request=first, accept=True)
    assert not directory_for(other_mentees[1]).filter(pk=mentor.pk).exists()
    second.refresh_from_db()
    assert (second.status, second.reply) == ("declined", "All places are now taken.")
    with pytest.raises(ValidationError, match="no places left"):
        ask(other_mentees[1], mentor)


def test_a_request_lapses_after_the_programmes_days(mentor, mentee):
    request = ask(mentee, mentor)
    assert request.expires_at - request.created_at == pytest.approx(
        timedelta(days=7), abs=timedelta(minutes=1)
    )
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        with pytest.raises(ValidationError, match="lapsed"):
            request_answer(by=mentor.applicant.user, mentor_request=request, accept=True)
        assert requests_expire(now=timezone.now()) == 1
        request.refresh_from_db()
        assert request.status == MentorRequest.Status.EXPIRED
        ask(mentee, mentor)  # they may ask again


def test_the_expiry_sweep_runs_as_a_command(mentor, mentee, capsys):
    ask(mentee, mentor)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        call_command("expire_requests")
    assert MentorRequest.objects.get().status == MentorRequest.Status.EXPIRED
    assert "1 request" in capsys.readouterr().out


def test_the_mentee_withdraws(mentor, mentee):
    request = ask(mentee, mentor)
    with pytest.raises(PermissionDenied):
        request_withdraw(by=mentor.applicant.user, mentor_request=request)
    assert request_withdraw(by=mentee.applicant.user, mentor_request=request).status == "withdrawn"


def test_only_accepted_mentees_of_a_choosing_programme_ask(coordinator, mentor, colleague):
    with pytest.raises(PermissionDenied):
        request_send(by=coordinator.user, mentor_application=mentor)
    matched_by_coordinator = programme_for_matching(coordinator)
    other_mentor = accepted(matched_by_coordinator, StaffMemberFactory(), "mentor")
    accepted(matched_by_coordinator, colleague, "mentee")
    with pytest.raises(ValidationError, match="coordinator does the matching"):
        request_send(by=colleague.user, mentor_application=other_mentor)
