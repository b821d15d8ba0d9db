"""Switching on "the coordinator may read meeting logs" (or written evaluation answers) applies
only to what is written from then on (issue 18, finding 6): what was written under the old
promise stays with the pair. The people in the programme are told, and the change is audited;
switching it off applies at once."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mentoring.audit.models import AuditEntry
from mentoring.notifications.models import Notification
from programmes.models import Programme
from programmes.services.programmes import programme_update
from relationships.models import ActionPlan, Meeting, MeetingLog, Review, ReviewAnswer
from relationships.services.agreements import agreement_prefill, agreement_save
from tests.matching import accepted, paired, programme_for_matching, went_ahead


@pytest.fixture
def active(coordinator, colleague, staff_member):
    """Chris (colleague) mentors Jo (staff_member) in a programme whose coordinators do not
    read logs."""
    programme = programme_for_matching(coordinator, agreement_required=False)
    return went_ahead(
        paired(
            accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
        )
    )


def log_now(relationship, author, words):
    meeting = Meeting.objects.create(
        relationship=relationship, starts_at=timezone.now(), minutes=60, method="video"
    )
    return MeetingLog.objects.create(meeting=meeting, minutes=60, achieved=words, written_by=author)


def switch(coordinator, programme, on, field="coordinator_reads_meeting_logs"):
    programme = Programme.objects.get(pk=programme.pk)
    setattr(programme, field, on)
    return programme_update(by=coordinator.user, programme=programme, coordinators=[coordinator])


def read_log(client, person, log):
    client.force_login(person.user)
    return client.get(reverse("relationships:log", args=[log.meeting_id]))


@pytest.fixture
def before_and_after(active, colleague, coordinator):
    """A log written under the old promise, the switch turned on, then a log written after."""
    before = log_now(active, colleague, "BEFORE under the old promise")
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        switch(coordinator, active.programme, True)
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        after = log_now(active, colleague, "AFTER the switch")
    return before, after


def test_what_was_written_before_the_switch_stays_with_the_pair(
    client, before_and_after, coordinator
):
    before, _ = before_and_after
    assert read_log(client, coordinator, before).status_code == 404


def test_what_is_written_after_the_switch_the_coordinator_reads(
    client, before_and_after, coordinator, active
):
    _, after = before_and_after
    response = read_log(client, coordinator, after)
    assert response.status_code == 200
    assert "AFTER the switch" in response.text
    page = client.get(active.get_absolute_url()).text
    assert reverse("relationships:log", args=[before_and_after[0].meeting_id]) not in page


def test_the_pair_still_read_everything(client, before_and_after, staff_member):
    for log in before_and_after:
        assert read_log(client, staff_member, log).status_code == 200


def test_switching_it_off_applies_at_once(client, before_and_after, coordinator, active):
    switch(coordinator, active.programme, False)
    assert read_log(client, coordinator, before_and_after[1]).status_code == 404


def test_the_people_in_live_relationships_are_told_once(
    before_and_after, coordinator, active, colleague, staff_member
):
    switch(coordinator, active.programme, True)  # no change: nobody is told again
    told = list(Notification.objects.filter(kind="coordinator_reads").values_list("person"))
    assert sorted(told) == sorted([(colleague.pk,), (staff_member.pk,)])
    message = Notification.objects.filter(kind="coordinator_reads").first().message
    assert "from now on" in message.lower() and "before" in message


def test_the_change_is_audited_with_who_and_when(before_and_after, coordinator, active):
    switch(coordinator, active.programme, False)
    entries = AuditEntry.objects.filter(kind="programme settings", programme_id=active.programme_id)
    assert [(e.who, e.user_id, e.note) for e in entries.order_by("pk")] == [
        (coordinator.full_name, coordinator.user.pk, "coordinators may read meeting logs: on"),
        (coordinator.full_name, coordinator.user.pk, "coordinators may read meeting logs: off"),
    ]
    assert all(e.at for e in entries)


def test_the_admin_site_cannot_switch_it_behind_the_peoples_backs(client, active, director):
    director.user.is_staff = director.user.is_superuser = True
    director.user.save()
    client.force_login(director.user)
    page = client.get(reverse("admin:programmes_programme_change", args=[active.programme_id]))
    assert 'name="coordinator_reads_meeting_logs"' not in page.text
    assert 'name="coordinator_reads_evaluation_text"' not in page.text


def test_a_plan_and_review_answers_written_before_the_switch_stay_with_the_pair(
    client, active, coordinator, staff_member
):
    mentee = active.members.get(person=staff_member)
    ActionPlan.objects.create(mentee=mentee, long_term_goal="PLANTED-PLAN lead a team")
    review = Review.objects.create(relationship=active, due_on=timezone.localdate())
    ReviewAnswer.objects.create(
        review=review, person=staff_member, helping="yes", plan_progress="PLANTED-REVIEW fine"
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        switch(coordinator, active.programme, True)
        client.force_login(coordinator.user)
        assert client.get(reverse("relationships:plan", args=[mentee.pk])).status_code == 404
        assert "PLANTED" not in client.get(active.get_absolute_url()).text
        assert "PLANTED" not in client.get(reverse("relationships:review", args=[active.pk])).text


def test_an_agreement_written_before_the_switch_stays_with_the_pair(
    client, active, coordinator, colleague
):
    data = agreement_prefill(active) | {"aims": "PLANTED-AIMS"}
    agreement_save(by=colleague.user, relationship=active, data=data)
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        switch(coordinator, active.programme, True)
        client.force_login(coordinator.user)
        url = reverse("relationships:agreement", args=[active.pk, 1])
        assert client.get(url).status_code == 404
        assert (
            client.get(reverse("relationships:agreement_pdf", args=[active.pk, 1])).status_code
            == 404
        )
