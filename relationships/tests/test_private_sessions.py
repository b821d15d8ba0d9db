"""A one-to-one session outside the group (002 group model: "We recommend that mentors offer
one-to-one sessions out with the group setting if requested"): the mentor arranges a meeting
just with one mentee, and it, its log and the actions written from that log stay between the
two of them on every path."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from mentoring.notifications.models import Kind, Notification
from mentoring.notifications.tests.sweeping import matched, sweep
from relationships.models import ActionItem, Meeting, Relationship
from relationships.permissions import Reader, sees_session, sessions_seen_by
from relationships.selectors import last_meeting_held, loose_ends
from relationships.services.logs import log_write
from relationships.services.meetings import meeting_arrange
from relationships.services.pairing import rematch_request
from relationships.services.retention import content_erase
from relationships.tests.test_leavers import LOG, all_go_ahead, group_of_three
from tests.matching import accepted, paired, programme_for_matching

SECRET = "JUST-WITH-JO worries about the restructure"
DAY = timedelta(days=1)


@pytest.fixture
def group(coordinator, colleague, staff_member):
    """Chris (colleague) mentors Jo (staff_member) and two others, all gone ahead."""
    relationship = group_of_three(coordinator, colleague, staff_member)
    all_go_ahead(relationship)
    relationship.refresh_from_db()
    return matched(relationship)


@pytest.fixture
def jo(group, staff_member):
    return group.members.get(person=staff_member)


@pytest.fixture
def other(group, staff_member):
    """Another mentee of the same group, who must never meet Jo's session."""
    return group.members.filter(role="mentee").exclude(person=staff_member).first().person


def session(group, jo, starts_at, **fields):
    return Meeting.objects.create(
        relationship=group,
        starts_at=starts_at,
        minutes=60,
        method="video",
        with_member=jo,
        **fields,
    )


@pytest.fixture
def held(group, jo, colleague, staff_member):
    """A session just with Jo, held last week and logged by Chris, with an action for Jo."""
    meeting = session(group, jo, timezone.now() - 7 * DAY)
    action = {
        "description": "JUST-WITH-JO action",
        "owner": staff_member,
        "due_on": timezone.localdate() + DAY,
    }
    log_write(by=colleague.user, meeting=meeting, data=LOG | {"achieved": SECRET}, actions=[action])
    return meeting


def pages_of(meeting):
    return [
        reverse("relationships:log", args=[meeting.pk]),
        reverse("relationships:log_write", args=[meeting.pk]),
        reverse("relationships:private_note", args=[meeting.pk]),
        reverse("relationships:meeting_invite", args=[meeting.pk]),
    ]


# Arranging one


def test_the_mentor_arranges_a_session_just_with_one_mentee(group, jo, colleague):
    meeting = Meeting(starts_at=timezone.now() + DAY, minutes=60, method="video", with_member=jo)
    meeting_arrange(by=colleague.user, relationship=group, meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).with_member == jo


def test_a_mentee_asks_the_mentor_rather_than_arranging_one_themselves(group, jo, staff_member):
    meeting = Meeting(starts_at=timezone.now() + DAY, minutes=60, method="video", with_member=jo)
    with pytest.raises(PermissionDenied, match="mentor"):
        meeting_arrange(by=staff_member.user, relationship=group, meeting=meeting)
    assert not Meeting.objects.exists()


def test_a_session_is_only_with_a_current_mentee_of_that_group(group, jo, colleague):
    mentor = group.members.get(role="mentor")
    with pytest.raises(ValidationError, match="mentee"):
        session(group, mentor, timezone.now() + DAY).full_clean()
    jo.is_live, jo.left_at = False, timezone.now()
    jo.save()
    with pytest.raises(ValidationError, match="mentee"):
        session(group, jo, timezone.now() + DAY).full_clean()


def test_a_session_is_never_with_someone_of_another_relationship(group, coordinator, colleague):
    programme = programme_for_matching(coordinator, mentoring_model="group")
    elsewhere = paired(
        accepted(programme, colleague, "mentor"), accepted(programme, coordinator, "mentee")
    )
    stranger = elsewhere.members.get(role="mentee")
    with pytest.raises(ValidationError, match="mentee"):
        session(group, stranger, timezone.now() + DAY).full_clean()


def test_a_one_to_one_relationship_does_not_offer_it(coordinator, colleague, staff_member):
    programme = programme_for_matching(coordinator)
    pair = paired(
        accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
    )
    mentee = pair.members.get(role="mentee")
    with pytest.raises(ValidationError, match="group"):
        session(pair, mentee, timezone.now() + DAY).full_clean()


def test_the_mentor_picks_the_mentee_on_the_meeting_form(client, group, jo, colleague):
    client.force_login(colleague.user)
    url = reverse("relationships:meeting_new", args=[group.pk])
    assert "Who is the meeting with?" in client.get(url).text
    starts = (timezone.localtime() + 2 * DAY).replace(second=0, microsecond=0)
    response = client.post(
        url,
        {
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "minutes": 60,
            "method": "video",
            "with_member": jo.pk,
        },
    )
    assert response.status_code == 302
    assert Meeting.objects.get().with_member == jo


def test_a_mentee_on_the_form_is_not_offered_the_choice(client, group, staff_member):
    client.force_login(staff_member.user)
    page = client.get(reverse("relationships:meeting_new", args=[group.pk])).text
    assert 'name="with_member"' not in page
    assert "ask your mentor" in page


def test_a_one_to_one_form_does_not_offer_the_choice(client, coordinator, colleague, staff_member):
    programme = programme_for_matching(coordinator)
    pair = paired(
        accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
    )
    client.force_login(colleague.user)
    page = client.get(reverse("relationships:meeting_new", args=[pair.pk])).text
    assert 'name="with_member"' not in page


def test_a_made_up_mentee_on_the_form_is_refused_next_to_the_field(client, group, colleague):
    client.force_login(colleague.user)
    starts = (timezone.localtime() + 2 * DAY).strftime("%Y-%m-%dT%H:%M")
    for bad in ["999999", "abc", str(group.members.get(role="mentor").pk)]:
        response = client.post(
            reverse("relationships:meeting_new", args=[group.pk]),
            {"starts_at": starts, "minutes": 60, "method": "video", "with_member": bad},
        )
        assert response.status_code == 200
        assert "govuk-error-message" in response.text
    assert not Meeting.objects.exists()


def test_the_mentor_logs_a_session_held_elsewhere_just_with_one_mentee(
    client, group, jo, colleague, other
):
    Relationship.objects.filter(pk=group.pk).update(created_at=timezone.now() - 30 * DAY)
    client.force_login(colleague.user)
    url = reverse("relationships:meeting_held", args=[group.pk])
    assert "Who was the meeting with?" in client.get(url).text
    starts = (timezone.localtime() - 2 * DAY).strftime("%Y-%m-%dT%H:%M")
    data = {
        "starts_at": starts,
        "method": "video",
        "with_member": jo.pk,
        **{k: v for k, v in LOG.items() if v is not None},
        "achieved": SECRET,
        "actions-TOTAL_FORMS": 1,
        "actions-INITIAL_FORMS": 0,
        "actions-0-description": "Talk to the other mentee about it",
        "actions-0-owner": other.pk,
        "actions-0-due_on": (timezone.localdate() + DAY).isoformat(),
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the other mentee was not at it: no action for them
    assert "Choose one of the people at this meeting." in response.text
    assert not Meeting.objects.exists()
    data |= {"actions-0-owner": jo.person.pk}
    assert client.post(url, data).status_code == 302
    held = Meeting.objects.get()
    assert held.with_member == jo and held.log.achieved == SECRET
    client.force_login(other.user)
    assert SECRET not in client.get(group.get_absolute_url()).text


def test_a_mentee_cannot_log_a_session_just_with_herself(client, group, jo, staff_member):
    client.force_login(staff_member.user)
    page = client.get(reverse("relationships:meeting_held", args=[group.pk])).text
    assert 'name="with_member"' not in page


# The other mentee never meets it


def test_the_other_mentee_does_not_see_the_session_on_the_relationship_page(
    client, group, held, other
):
    client.force_login(other.user)
    page = client.get(group.get_absolute_url()).text
    assert SECRET not in page
    assert "JUST-WITH-JO" not in page
    for url in pages_of(held):
        assert url not in page
    assert "Meeting held" not in page  # nor in the timeline


def test_the_other_mentee_gets_not_found_for_every_page_of_the_session(client, held, other):
    client.force_login(other.user)
    for url in pages_of(held):
        assert client.get(url).status_code == 404, url
    cancel = reverse("relationships:meeting_cancel", args=[held.pk])
    assert client.post(cancel).status_code == 404


def test_cancelling_a_session_says_only_the_other_one_at_it_is_told(
    client, group, jo, colleague, other, staff_member
):
    coming = session(group, jo, timezone.now() + 3 * DAY)
    client.force_login(colleague.user)
    page = client.post(reverse("relationships:meeting_cancel", args=[coming.pk])).text
    assert f"{staff_member.full_name} is told in the portal and by email" in page
    assert other.full_name not in page
    client.post(reverse("relationships:meeting_cancel", args=[coming.pk]), {"confirmed": "yes"})
    told = Notification.objects.filter(kind=Kind.MEETING_CANCELLED)
    assert sorted(n.person_id for n in told) == sorted([staff_member.pk, colleague.pk])


def test_the_other_mentee_cannot_move_an_action_written_from_the_session(client, held, other):
    action = ActionItem.objects.get(meeting_log__meeting=held)
    client.force_login(other.user)
    response = client.post(
        reverse("relationships:action_status", args=[action.pk]), {"status": "done"}
    )
    assert response.status_code == 404
    assert ActionItem.objects.get(pk=action.pk).status == "to_do"


def test_the_mentee_and_the_mentor_read_it(client, group, held, staff_member, colleague):
    for person in [staff_member, colleague]:
        client.force_login(person.user)
        assert SECRET in client.get(reverse("relationships:log", args=[held.pk])).text
        assert "JUST-WITH-JO action" in client.get(group.get_absolute_url()).text


def test_the_page_says_who_the_session_was_with(client, group, held, colleague, staff_member):
    client.force_login(colleague.user)
    page = client.get(reverse("relationships:log", args=[held.pk])).text
    assert f"Just with {staff_member.full_name}" in page


def test_the_other_mentee_is_not_asked_to_confirm_the_log(client, held, other, staff_member):
    reader_of = {p: Reader(p.user, held.relationship) for p in [other, staff_member]}
    assert not reader_of[other].can_read_record(held.log)
    assert reader_of[staff_member].can_read_record(held.log)


def test_the_other_mentees_data_download_holds_nothing_of_it(client, held, other, staff_member):
    client.force_login(other.user)
    text = client.get(reverse("my_data_json")).content.decode()
    assert "JUST-WITH-JO" not in text
    assert held.starts_at.isoformat()[:16] not in text
    client.force_login(staff_member.user)
    assert "JUST-WITH-JO" in client.get(reverse("my_data_json")).content.decode()


def test_only_the_two_are_told_of_a_session_tomorrow(
    group, jo, colleague, staff_member, other, django_capture_on_commit_callbacks
):
    arranged = session(group, jo, timezone.now() + DAY)
    sweep(django_capture_on_commit_callbacks)
    told = set(
        Notification.objects.filter(kind="meeting_tomorrow", about=arranged.pk).values_list(
            "person", flat=True
        )
    )
    assert told == {colleague.pk, staff_member.pk}
    assert {m.to[0] for m in mail.outbox} == {colleague.work_email, staff_member.work_email}


def test_only_the_two_are_reminded_to_log_it(
    group, jo, colleague, staff_member, other, django_capture_on_commit_callbacks
):
    session(group, jo, timezone.now() - 2 * DAY)
    sweep(django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(person=other, kind="meeting_not_logged").exists()
    assert other.work_email not in {m.to[0] for m in mail.outbox}
    assert Notification.objects.filter(person=staff_member, kind="meeting_not_logged").exists()


def test_only_jo_is_asked_to_confirm_the_mentors_log(
    held, colleague, staff_member, other, django_capture_on_commit_callbacks
):
    from relationships.reminders import logs_to_confirm

    asked = {row["person"] for row in logs_to_confirm(timezone.now())}
    assert asked == {staff_member.pk}


def test_the_other_mentees_home_page_does_not_list_the_session(client, group, jo, other):
    session(group, jo, timezone.now() + 2 * DAY)
    session(group, jo, timezone.now() - 2 * DAY)
    client.force_login(other.user)
    page = client.get(reverse("home")).text
    assert "Mentoring meeting" not in page
    assert "Write the log" not in page


# Leaving


def test_when_jo_leaves_the_group_the_session_stays_closed_to_the_others(
    client, group, held, other, staff_member
):
    with time_machine.travel(timezone.now() + timedelta(seconds=1)):
        rematch_request(by=staff_member.user, relationship=group, reason="time")
    client.force_login(other.user)
    assert SECRET not in client.get(group.get_absolute_url()).text
    for url in pages_of(held):
        assert client.get(url).status_code == 404
    client.force_login(staff_member.user)
    assert SECRET in client.get(reverse("relationships:log", args=[held.pk])).text


def test_when_jo_leaves_her_sessions_to_come_are_cancelled(group, jo, staff_member):
    coming = session(group, jo, timezone.now() + 3 * DAY)
    group_meeting = Meeting.objects.create(
        relationship=group, starts_at=timezone.now() + 3 * DAY, minutes=30, method="video"
    )
    rematch_request(by=staff_member.user, relationship=group, reason="time")
    coming.refresh_from_db()
    group_meeting.refresh_from_db()
    assert coming.is_cancelled and coming.sequence == 1
    assert not group_meeting.is_cancelled


# Counted only for those who see it


def test_the_other_mentees_plan_header_never_gives_jos_session(group, held, jo, other):
    assert last_meeting_held(group, other) is None
    assert last_meeting_held(group, jo.person) == held
    assert last_meeting_held(group, jo.person, other) is None


def test_the_logs_waiting_before_ending_count_only_those_one_sees(group, held, other, colleague):
    assert loose_ends(group, other)["logs_waiting"] == 0
    assert loose_ends(group, colleague)["logs_waiting"] == 1


def test_a_sessions_log_and_actions_are_erased_with_the_rest_after_the_retention_period(
    group, held
):
    group.programme.retention_months = 12
    group.programme.save()
    Relationship.objects.filter(pk=group.pk).update(
        status="ended", ended_at=timezone.now() - 400 * DAY, ending="completed"
    )
    assert content_erase() == 1
    held.refresh_from_db()
    assert held.log.achieved == ""
    assert not ActionItem.objects.filter(description__contains="JUST-WITH-JO").exists()
    assert held.with_member_id is not None  # who it was with is a fact, kept like the date


def test_who_sees_what_says_a_session_outside_the_group_is_for_the_two(client):
    page = client.get(reverse("privacy")).text
    assert "A session on your own with your mentor, outside the group" in page


# One rule


def test_the_rule_on_a_query_and_on_one_meeting_agree(group, held, jo, colleague):
    second, third = group.members.exclude(pk=jo.pk).filter(role="mentee")
    session(group, second, held.starts_at)
    Meeting.objects.create(relationship=group, starts_at=held.starts_at, minutes=30, method="video")
    expected = {group.members.get(role="mentor"): 3, jo: 2, second: 2, third: 1}
    for member, count in expected.items():
        by_query = set(Meeting.objects.filter(sessions_seen_by(member.person)).values_list("pk"))
        one_by_one = {(m.pk,) for m in Meeting.objects.all() if sees_session(member, m)}
        assert by_query == one_by_one
        assert len(by_query) == count


def test_the_relationship_page_costs_the_same_whatever_the_number_of_sessions(
    client, group, jo, colleague
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(colleague.user)
    url = group.get_absolute_url()
    client.get(url)
    counts = []
    for _ in range(2):
        meeting = session(group, jo, timezone.now() - 2 * DAY)
        log_write(
            by=colleague.user,
            meeting=meeting,
            data=LOG,
            actions=[
                {"description": "Read", "owner": jo.person, "due_on": timezone.localdate() + DAY}
            ],
        )
        Meeting.objects.create(
            relationship=group, starts_at=timezone.now() + DAY, minutes=30, method="video"
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
