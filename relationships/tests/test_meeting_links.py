"""An online meeting link (issue 23): a Teams, Zoom or any https link on a meeting, checked
beside the field, shown to the people in it and carried in the calendar event."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from relationships.calendar import meeting_calendar
from relationships.models import Meeting
from relationships.services.meetings import meeting_arrange
from tests.matching import paired

pytestmark = pytest.mark.django_db
TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=x"
ZOOM = "https://us02web.zoom.us/j/81234567890?pwd=abc"


@pytest.fixture
def relationship(mentor, mentee):
    return paired(mentor, mentee)


def arrange(person, relationship, link, place=""):
    meeting = Meeting(
        starts_at=timezone.now() + timedelta(days=3),
        minutes=60,
        method="video",
        place=place,
        online_link=link,
    )
    return meeting_arrange(by=person.applicant.user, relationship=relationship, meeting=meeting)


def event_of(meeting):
    return Calendar.from_ical(meeting_calendar(meeting)).walk("VEVENT")[0]


@pytest.mark.parametrize(
    "link",
    [
        "http://teams.microsoft.com/l/meetup-join/1",
        "javascript:alert(document.cookie)",
        "teams.microsoft.com/l/meetup-join/1",
        "https://",
    ],
)
def test_a_link_that_is_not_https_is_refused_beside_the_field(client, relationship, mentee, link):
    client.force_login(mentee.applicant.user)
    form = {"starts_at": "2031-03-01T10:00", "minutes": 60, "method": "video", "online_link": link}
    response = client.post(reverse("relationships:meeting_new", args=[relationship.pk]), form)
    assert response.status_code == 200
    assert response.context["form"].errors["online_link"] == [
        "Enter the full link, starting with https://, as the meeting's invitation gives it."
    ]
    assert not Meeting.objects.exists()


def test_a_link_too_long_is_refused_beside_the_field(client, relationship, mentee):
    client.force_login(mentee.applicant.user)
    link = "https://zoom.us/j/1?pwd=" + "a" * 480
    form = {"starts_at": "2031-03-01T10:00", "minutes": 60, "method": "video", "online_link": link}
    response = client.post(reverse("relationships:meeting_new", args=[relationship.pk]), form)
    assert "at most 500 characters" in " ".join(response.context["form"].errors["online_link"])
    assert not Meeting.objects.exists()


def test_the_people_in_it_see_the_link_and_the_coordinator_does_not(
    client, relationship, mentor, mentee, coordinator
):
    arrange(mentor, relationship, ZOOM)
    for user in [mentor.applicant.user, mentee.applicant.user]:
        client.force_login(user)
        page = client.get(relationship.get_absolute_url()).text
        assert f'href="{ZOOM.replace("&", "&amp;")}"' in page and "Join the meeting online" in page
    client.force_login(coordinator.user)
    page = client.get(relationship.get_absolute_url())
    assert page.status_code == 200 and "zoom.us" not in page.text


def test_a_link_without_a_place_is_where_the_event_is(relationship, mentor):
    event = event_of(arrange(mentor, relationship, ZOOM))
    assert str(event["location"]) == ZOOM
    assert str(event["conference"]) == ZOOM
    assert event["conference"].params["FEATURE"] == "VIDEO"
    assert f"Join online: {ZOOM}" in str(event["description"])
    assert "x-microsoft-skypeteamsmeetingurl" not in event


def test_a_teams_link_is_written_as_outlook_writes_its_own_and_the_place_stays(
    relationship, mentor
):
    event = event_of(arrange(mentor, relationship, TEAMS, place="Room 4, Endeavour House"))
    assert str(event["location"]) == "Room 4, Endeavour House"
    assert str(event["x-microsoft-skypeteamsmeetingurl"]) == TEAMS
    assert str(event["conference"]) == TEAMS
    assert str(event["url"]).endswith(relationship.get_absolute_url())
