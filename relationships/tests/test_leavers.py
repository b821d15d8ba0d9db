"""A mentee who leaves a group that carries on (issue 18, finding 4): they read only what was
written while they were in it, and change nothing there any more."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programmes.models import Application
from relationships.models import Meeting, MeetingLog, Member
from relationships.services.lifecycle import closing_save, relationship_end
from relationships.services.logs import log_write
from relationships.services.pairing import introduction_answer, pair, rematch_request
from tests.factories import StaffMemberFactory
from tests.matching import accepted, programme_for_matching

LOG = {
    "minutes": 45,
    "achieved": "WHILE-IN delegation",
    "topics": "Delegating",
    "challenges": "",
    "steps_agreed": "",
    "resources_needed": "",
    "next_meeting_on": None,
}


def group_of_three(coordinator, colleague, staff_member):
    """Chris (colleague) mentors a group of three mentees, Jo (staff_member) among them:
    proposed, waiting for the introduction."""
    programme = programme_for_matching(
        coordinator,
        mentoring_model="group",
        group_size_min=2,
        group_size_max=3,
        mentor_capacity=3,
        agreement_required=False,
    )
    mentor = accepted(programme, colleague, "mentor", capacity=3)
    mentees = [accepted(programme, staff_member, "mentee")]
    mentees += [accepted(programme, StaffMemberFactory(), "mentee") for _ in range(2)]
    return pair(programme=programme, mentor_ids=[mentor.pk], mentee_ids=[a.pk for a in mentees])


@pytest.fixture
def group(coordinator, colleague, staff_member):
    return group_of_three(coordinator, colleague, staff_member)


def places_taken(group):
    return Application.objects.get(role="mentor", memberships__relationship=group).places_taken


def all_go_ahead(group):
    for member in group.members.select_related("person__user"):
        introduction_answer(by=member.person.user, relationship=group, goes_ahead=True)


def logged(group, author, days_ago, words):
    meeting = Meeting.objects.create(
        relationship=group,
        starts_at=timezone.now() - timedelta(days=days_ago),
        minutes=60,
        method="video",
    )
    return log_write(by=author.user, meeting=meeting, data=LOG | {"achieved": words}, actions=[])


@pytest.fixture
def left(group, colleague, staff_member):
    """The group went ahead and met; a log was written; Jo then left and the group went on to
    meet again, and that meeting was logged too."""
    all_go_ahead(group)
    before = logged(group, colleague, 10, "WHILE-IN delegation")
    with time_machine.travel(timezone.now() + timedelta(seconds=1)):
        rematch_request(by=staff_member.user, relationship=group, reason="time")
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        after = logged(group, colleague, 1, "AFTER-LEAVING budgets")
    return before, after


def test_a_leaver_reads_a_log_written_while_they_were_in_it(client, left, staff_member):
    before, _ = left
    client.force_login(staff_member.user)
    response = client.get(reverse("relationships:log", args=[before.meeting_id]))
    assert response.status_code == 200
    assert "WHILE-IN delegation" in response.text


def test_a_leaver_does_not_read_a_log_written_after_they_left(client, left, staff_member, group):
    _, after = left
    client.force_login(staff_member.user)
    assert client.get(reverse("relationships:log", args=[after.meeting_id])).status_code == 404
    assert "AFTER-LEAVING" not in client.get(group.get_absolute_url()).text


def test_a_leavers_data_download_holds_only_what_was_written_while_they_were_in_it(
    client, left, staff_member
):
    client.force_login(staff_member.user)
    text = client.get(reverse("my_data_json")).content.decode()
    assert "WHILE-IN delegation" in text
    assert "AFTER-LEAVING" not in text


def test_those_still_in_the_group_read_every_log(client, left, group):
    stayed = group.members.filter(role="mentee", is_live=True).first().person
    client.force_login(stayed.user)
    for log in left:
        assert client.get(reverse("relationships:log", args=[log.meeting_id])).status_code == 200


def test_a_leaver_cannot_answer_the_introduction_again(group, staff_member):
    introduction_answer(by=staff_member.user, relationship=group, goes_ahead=False, reason="time")
    assert places_taken(group) == 2
    for goes_ahead in (False, True):
        with pytest.raises(ValidationError, match="left"):
            introduction_answer(
                by=staff_member.user, relationship=group, goes_ahead=goes_ahead, reason="time"
            )
    assert places_taken(group) == 2
    assert Member.objects.get(person=staff_member).goes_ahead is False


def test_answering_the_introduction_again_through_the_page_is_refused_with_a_message(
    client, group, staff_member
):
    introduction_answer(by=staff_member.user, relationship=group, goes_ahead=False, reason="time")
    client.force_login(staff_member.user)
    url = reverse("relationships:introduction", args=[group.pk])
    response = client.post(url, {"goes_ahead": "no", "reason": "time"}, follow=True)
    assert response.status_code == 200
    assert "You have left this relationship" in response.text
    assert places_taken(group) == 2


@pytest.mark.parametrize("how", ["rematch", "not going ahead"])
def test_the_group_ends_normally_after_someone_left(group, staff_member, colleague, how):
    introduction_answer(by=staff_member.user, relationship=group, goes_ahead=False, reason="time")
    with pytest.raises(ValidationError):
        introduction_answer(
            by=staff_member.user, relationship=group, goes_ahead=False, reason="time"
        )
    if how == "rematch":
        rematch_request(by=colleague.user, relationship=group, reason="time")
    else:
        introduction_answer(by=colleague.user, relationship=group, goes_ahead=False, reason="time")
    group.refresh_from_db()
    assert group.status == "ended"
    assert places_taken(group) == 0


def test_a_leaver_logs_nothing(left, staff_member, group):
    meeting = Meeting.objects.create(
        relationship=group, starts_at=timezone.now(), minutes=60, method="video"
    )
    with pytest.raises(ValidationError, match="left"):
        log_write(by=staff_member.user, meeting=meeting, data=LOG, actions=[])
    assert not MeetingLog.objects.filter(meeting=meeting).exists()


def test_a_leaver_keeps_no_closing_checklist_when_the_group_ends(
    left, group, colleague, staff_member
):
    rematch_request(by=colleague.user, relationship=group, reason="time")
    with pytest.raises(ValidationError, match="left"):
        closing_save(
            by=staff_member.user, relationship=group, learned="Sneaked in", next_steps="More"
        )
    assert Member.objects.get(person=staff_member).learned == ""


def test_a_leaver_does_not_see_meetings_held_after_they_left(client, left, staff_member, group):
    later = Meeting.objects.create(
        relationship=group,
        starts_at=timezone.now() + timedelta(hours=1),
        minutes=30,
        method="telephone",
    )
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        client.force_login(staff_member.user)
        response = client.get(group.get_absolute_url())
    assert response.status_code == 200
    page = response.text
    assert reverse("relationships:private_note", args=[left[0].meeting_id]) in page
    assert reverse("relationships:private_note", args=[later.pk]) not in page


def test_a_leaver_gets_no_calendar_file_for_a_meeting_after_they_left(
    client, left, staff_member, group
):
    later = Meeting.objects.create(
        relationship=group,
        starts_at=timezone.now() + timedelta(days=3),
        minutes=30,
        method="telephone",
    )
    client.force_login(staff_member.user)
    invite = "relationships:meeting_invite"
    assert client.get(reverse(invite, args=[left[0].meeting_id])).status_code == 200
    assert client.get(reverse(invite, args=[later.pk])).status_code == 404


def test_a_leaver_sees_neither_the_meetings_to_come_nor_the_closing_checklists_written_after(
    client, left, group, colleague, staff_member
):
    Meeting.objects.create(
        relationship=group,
        starts_at=timezone.now() + timedelta(days=3),
        minutes=30,
        method="telephone",
        place="PLANTED-PLACE room 4",
    )
    client.force_login(staff_member.user)
    assert "PLANTED-PLACE" not in client.get(group.get_absolute_url()).text
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        relationship_end(
            by=colleague.user,
            relationship=group,
            reason="goals_achieved",
            learned="PLANTED-LEARNED after Jo left",
            next_steps="More",
        )
        client.force_login(staff_member.user)
        page = client.get(group.get_absolute_url()).text
    assert "PLANTED-LEARNED" not in page
    assert "</time>: Completed" not in page  # the ending is not in their timeline
