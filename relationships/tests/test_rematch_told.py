"""Asking for a rematch tells the other person and the coordinators, as ending does (001, 002
Resource 5 §9: no blame, at the coordinator's discretion): the other person is never told the
reason; the coordinators are told its category, so they can help."""

import pytest
from django.core import mail

from mentoring.notifications.models import Kind, Notification
from mentoring.notifications.tests.sweeping import sweep
from relationships.services.pairing import pair, rematch_request
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching

pytestmark = pytest.mark.django_db
REASON_WORDS = "not the right fit"


@pytest.fixture
def relationship(mentor, mentee):
    return paired(mentor, mentee)


def told():
    return sorted(
        Notification.objects.filter(kind=Kind.REMATCH_ASKED).values_list("person", "message")
    )


def ask(user, relationship, capture):
    with capture(execute=True):
        rematch_request(by=user, relationship=relationship, reason="not_right_fit")


def test_a_mentees_rematch_tells_the_mentor_without_the_reason_and_the_coordinator_with_it(
    relationship, mentor, mentee, coordinator, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    ask(mentee.applicant.user, relationship, django_capture_on_commit_callbacks)
    sweep(django_capture_on_commit_callbacks)
    by_person = dict(told())
    assert set(by_person) == {mentor.applicant_id, coordinator.pk}
    assert REASON_WORDS not in by_person[mentor.applicant_id].lower()
    assert "Nobody is blamed" in by_person[mentor.applicant_id]
    assert REASON_WORDS in by_person[coordinator.pk].lower()
    emails = {m.to[0]: m.body for m in mail.outbox if m.subject == "A rematch has been asked for"}
    assert set(emails) == {mentor.applicant.work_email, coordinator.work_email}
    assert REASON_WORDS not in emails[mentor.applicant.work_email].lower()


def test_a_rematch_the_coordinator_asks_for_tells_both_people_and_not_the_coordinator(
    relationship, mentor, mentee, coordinator, django_capture_on_commit_callbacks
):
    ask(coordinator.user, relationship, django_capture_on_commit_callbacks)
    assert {person for person, _ in told()} == {mentor.applicant_id, mentee.applicant_id}


def test_a_mentee_leaving_a_group_tells_the_others_without_the_reason(
    coordinator, colleague, staff_member, django_capture_on_commit_callbacks
):
    programme = programme_for_matching(
        coordinator, mentoring_model="group", group_size_min=1, group_size_max=3, mentor_capacity=3
    )
    mentor = accepted(programme, colleague, "mentor", capacity=3)
    leaving = accepted(programme, staff_member, "mentee")
    staying = accepted(programme, StaffMemberFactory(), "mentee")
    group = pair(programme=programme, mentor_ids=[mentor.pk], mentee_ids=[leaving.pk, staying.pk])
    ask(leaving.applicant.user, group, django_capture_on_commit_callbacks)
    by_person = dict(told())
    assert set(by_person) == {mentor.applicant_id, staying.applicant_id, coordinator.pk}
    assert all(REASON_WORDS not in by_person[p.applicant_id].lower() for p in [mentor, staying])
    assert "has left" in by_person[mentor.applicant_id]


def test_the_page_that_asks_first_says_who_is_told_what(client, relationship, mentee):
    from django.urls import reverse

    client.force_login(mentee.applicant.user)
    page = client.post(
        reverse("relationships:rematch", args=[relationship.pk]), {"reason": "not_right_fit"}
    ).text
    assert "told by email, without the reason" in page
    assert "coordinators are told the reason" in page
    assert told() == []
