"""Changing a meeting (issue 23): the people at it change its date, time, length, way of
meeting, place or link, after a page saying who is told; everyone at it is sent the update.
Who else may open the page is in tests/roles.py's tables."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.notifications.models import Kind, Notification
from relationships.models import Meeting
from relationships.services.meetings import meeting_arrange, meeting_cancel
from relationships.services.pairing import rematch_request
from relationships.tests.test_leavers import all_go_ahead, group_of_three
from tests.matching import paired

pytestmark = pytest.mark.django_db
ZOOM = "https://us02web.zoom.us/j/81234567890"


@pytest.fixture
def relationship(mentor, mentee):
    return paired(mentor, mentee)


def arrange(user, relationship, **fields):
    meeting = Meeting(
        starts_at=timezone.now() + timedelta(days=3), minutes=60, method="video", **fields
    )
    return meeting_arrange(by=user, relationship=relationship, meeting=meeting)


def change_page(meeting):
    return reverse("relationships:meeting_change", args=[meeting.pk])


FORM = {"starts_at": "2031-03-01T10:00", "minutes": 45, "method": "video", "online_link": ZOOM}


def test_the_change_is_made_once_confirmed_and_everyone_at_it_is_told(
    client, relationship, mentor, mentee
):
    meeting = arrange(mentor.applicant.user, relationship)
    client.force_login(mentee.applicant.user)
    assert 'value="60"' in client.get(change_page(meeting)).text

    asked = client.post(change_page(meeting), FORM)
    assert "Change this meeting?" in asked.text
    assert f"{mentor.applicant.full_name} is told in the portal" in asked.text
    assert Meeting.objects.get(pk=meeting.pk).sequence == 0

    done = client.post(change_page(meeting), FORM | {"confirmed": "yes"})
    assert done.status_code == 302 and done.url == relationship.get_absolute_url()
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.online_link, meeting.sequence) == (45, ZOOM, 1)
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == "2031-03-01 10:00"
    told = Notification.objects.filter(kind=Kind.MEETING_CHANGED, occasion="sequence 1")
    assert sorted(told.values_list("person", flat=True)) == sorted(
        [mentor.applicant_id, mentee.applicant_id]
    )


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"online_link": "http://zoom.us/j/1"}, "online_link", "starting with https://"),
        ({"online_link": "javascript:alert(1)"}, "online_link", "starting with https://"),
        ({"minutes": 2}, "minutes", "greater than or equal to 5"),
        ({"starts_at": "2020-01-01T10:00"}, "starts_at", "in the future"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_changes_nothing(
    client, relationship, mentor, data, field, words
):
    meeting = arrange(mentor.applicant.user, relationship)
    client.force_login(mentor.applicant.user)
    response = client.post(change_page(meeting), FORM | data | {"confirmed": "yes"})
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.online_link, meeting.sequence) == (60, "", 0)
    assert not Notification.objects.filter(kind=Kind.MEETING_CHANGED).exists()


def test_a_cancelled_meeting_is_not_changed(client, relationship, mentor):
    meeting = arrange(mentor.applicant.user, relationship)
    meeting_cancel(by=mentor.applicant.user, meeting=meeting)
    client.force_login(mentor.applicant.user)
    response = client.post(change_page(meeting), FORM | {"confirmed": "yes"})
    assert "This meeting is already cancelled." in response.text
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.sequence) == (60, 1)


def test_the_other_mentee_of_a_group_cannot_find_a_session_to_change(
    client, coordinator, colleague, staff_member
):
    group = group_of_three(coordinator, colleague, staff_member)
    all_go_ahead(group)
    jo = group.members.get(person=staff_member)
    session = arrange(colleague.user, group, with_member=jo)
    other = group.members.filter(role="mentee").exclude(pk=jo.pk).first().person
    client.force_login(other.user)
    assert client.get(change_page(session)).status_code == 404
    assert client.post(change_page(session), FORM | {"confirmed": "yes"}).status_code == 404
    assert Meeting.objects.get(pk=session.pk).sequence == 0


def test_a_mentee_who_left_the_group_cannot_change_its_meetings(
    client, coordinator, colleague, staff_member
):
    group = group_of_three(coordinator, colleague, staff_member)
    all_go_ahead(group)
    meeting = arrange(colleague.user, group)
    rematch_request(by=staff_member.user, relationship=group, reason="time")
    after_leaving = Meeting.objects.get(pk=meeting.pk)
    client.force_login(staff_member.user)
    response = client.post(change_page(meeting), FORM | {"confirmed": "yes"})
    assert response.status_code in (403, 404)
    unchanged = Meeting.objects.get(pk=meeting.pk)
    assert unchanged.sequence == after_leaving.sequence
    assert unchanged.starts_at == after_leaving.starts_at
