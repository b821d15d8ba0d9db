"""Arranging meetings, cancelling with 001's etiquette, and calendar invitations (MEET-1)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from relationships.models import Meeting
from relationships.services.meetings import meeting_arrange, meeting_cancel
from tests.matching import paired


@pytest.fixture
def relationship(mentor, mentee):
    programme = mentor.programme
    programme.meeting_minutes_min, programme.meeting_minutes_max = 30, 90
    programme.save()
    return paired(mentor, mentee)


def arrange(person, relationship, hours=72, minutes=60):
    meeting = Meeting(
        starts_at=timezone.now() + timedelta(hours=hours),
        minutes=minutes,
        method="face_to_face",
        place="Café, Endeavour House",
    )
    return meeting_arrange(by=person.applicant.user, relationship=relationship, meeting=meeting)


def test_either_person_arranges_the_introduction_and_it_shows_for_both(
    client, relationship, mentor, mentee
):
    meeting = arrange(mentee, relationship)
    for person in [mentor, mentee]:
        client.force_login(person.applicant.user)
        page = client.get(relationship.get_absolute_url()).text
        assert "Café, Endeavour House" in page and "Add to calendar" in page
    assert meeting.arranged_by == mentee.applicant


def test_only_the_people_in_it_arrange_meetings(relationship, coordinator, line_manager):
    for user in [coordinator.user, line_manager.user]:
        with pytest.raises(PermissionDenied):
            meeting_arrange(
                by=user,
                relationship=relationship,
                meeting=Meeting(starts_at=timezone.now() + timedelta(days=1), minutes=60),
            )


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"minutes": 15}, "minutes", "30 to 90 minutes"),
        ({"minutes": 120}, "minutes", "30 to 90 minutes"),
        ({"starts_at": "2020-01-01T10:00"}, "starts_at", "in the future"),
        ({"method": ""}, "method", "required"),
        ({"starts_at": "next tuesday"}, "starts_at", "valid date"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(client, relationship, mentee, data, field, words):
    client.force_login(mentee.applicant.user)
    form = {"starts_at": "2031-03-01T10:00", "minutes": 60, "method": "video"} | data
    response = client.post(reverse("relationships:meeting_new", args=[relationship.pk]), form)
    assert words in " ".join(response.context["form"].errors[field])
    assert not Meeting.objects.exists()


def test_cancelling_within_24_hours_needs_a_new_date(relationship, mentor):
    meeting = arrange(mentor, relationship, hours=20)
    with pytest.raises(ValidationError, match="offer a new date"):
        meeting_cancel(by=mentor.applicant.user, meeting=meeting)
    new = meeting_cancel(
        by=mentor.applicant.user, meeting=meeting, new_starts_at=timezone.now() + timedelta(days=3)
    )
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.replaced_by == new
    assert (new.minutes, new.place) == (60, "Café, Endeavour House")


def test_cancelling_further_ahead_needs_no_new_date(relationship, mentor):
    meeting = arrange(mentor, relationship, hours=72)
    assert meeting_cancel(by=mentor.applicant.user, meeting=meeting) is None
    with pytest.raises(ValidationError, match="already cancelled"):
        meeting_cancel(by=mentor.applicant.user, meeting=meeting)


def test_the_invitation_is_a_real_calendar_event_without_names(client, relationship, mentee):
    meeting = arrange(mentee, relationship)
    client.force_login(mentee.applicant.user)
    response = client.get(reverse("relationships:meeting_invite", args=[meeting.pk]))
    assert response["Content-Type"] == "text/calendar"
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == meeting.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=60)
    assert str(event["location"]) == "Café, Endeavour House"
    assert mentee.applicant.last_name not in response.content.decode()
    calendar = Calendar.from_ical(response.content)
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    meeting_cancel(by=mentee.applicant.user, meeting=meeting)
    cancelled = Calendar.from_ical(
        client.get(reverse("relationships:meeting_invite", args=[meeting.pk])).content
    )
    assert str(cancelled["method"]) == "CANCEL"
    assert cancelled.walk("VEVENT")[0]["sequence"] == 1


@pytest.mark.parametrize("count", [1, 12])
def test_the_relationship_page_takes_the_same_queries_whatever_the_meetings(
    client, relationship, mentee, django_assert_num_queries, count
):
    for hours in range(count):
        arrange(mentee, relationship, hours=30 + hours)
    client.force_login(mentee.applicant.user)
    with django_assert_num_queries(QUERIES):
        response = client.get(relationship.get_absolute_url())
    assert response.text.count("Add to calendar") == count


QUERIES = 29  # the whole workspace: every part, in a fixed number
