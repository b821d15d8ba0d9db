"""A person's calendar feed (issue 23): their meetings and their own due dates, at a secret
address that needs no signing in, parsed back with icalendar and checked against RFC 5545;
no confidential text, and every other address answers the same 404."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from evaluations.models import Questionnaire, Response
from mentoring.confidential import declaration
from mentoring.people.calendar_feeds import calendar_feed_revoke, calendar_feed_start
from mentoring.people.models import CalendarFeed
from programmes.models import Booking, TrainingSession
from programmes.services.training import booking_cancel, booking_make, training_session_save
from relationships.calendar import event_uid
from relationships.dates import add_months
from relationships.models import ActionItem, Meeting, Member
from relationships.tests.test_leavers import all_go_ahead, group_of_three
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching, went_ahead

CANARY = "CANARY-IN-CONFIDENCE"
DAY = timedelta(days=1)


@pytest.fixture
def pair(coordinator, colleague, staff_member):
    """Chris (colleague) mentors Jo (staff_member): active, no agreement asked for."""
    programme = programme_for_matching(coordinator, agreement_required=False)
    mentor = accepted(programme, colleague, "mentor")
    mentee = accepted(programme, staff_member, "mentee")
    return went_ahead(paired(mentor, mentee))


def meeting(relationship, starts_at, **fields):
    return Meeting.objects.create(
        relationship=relationship, starts_at=starts_at, minutes=60, method="video", **fields
    )


def action(relationship, owner, due_on, description="Read the book"):
    return ActionItem.objects.create(
        relationship=relationship, owner=owner, due_on=due_on, description=description
    )


def form_for(person, relationship, due_on):
    questionnaire = Questionnaire.objects.create(
        programme=relationship.programme, title="End of mentoring", use="end"
    )
    return Response.objects.create(
        questionnaire=questionnaire,
        person=person,
        role="mentee",
        relationship=relationship,
        due_on=due_on,
    )


def feed_of(person):
    return reverse("relationships:calendar_feed", args=[calendar_feed_start(by=person.user)])


def events(response):
    return {str(e["uid"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def by_summary(found, summary):
    return [e for e in found.values() if str(e["summary"]) == summary]


@pytest.mark.django_db
def test_the_feed_is_a_calendar_that_needs_no_signing_in(client, pair, staff_member):
    starts = timezone.now() + 3 * DAY
    arranged = meeting(pair, starts)
    response = client.get(feed_of(staff_member))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]) == "-//Mentoring//Meetings//EN"
    assert "method" not in calendar  # a feed, not an invitation (RFC 5546)
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in response.content  # RFC 7986
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in response.content  # what Outlook reads
    event = events(response)[event_uid("meeting", arranged.pk)]
    assert event.decoded("dtstart") == starts.replace(microsecond=0)
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert "DTSTAMP" in event
    zones = [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")]
    assert zones == ["Europe/London"]


@pytest.mark.django_db
def test_the_feed_is_never_kept_by_a_cache_on_the_way(client, pair, staff_member):
    response = client.get(feed_of(staff_member))
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


@pytest.mark.django_db
def test_each_event_keeps_its_uid_from_one_fetch_to_the_next(client, pair, staff_member):
    meeting(pair, timezone.now() + 3 * DAY)
    action(pair, staff_member, timezone.localdate() + 5 * DAY)
    url = feed_of(staff_member)
    first, second = events(client.get(url)), events(client.get(url))
    assert len(first) == 3  # the meeting, the action and the first review
    assert set(first) == set(second)


@pytest.mark.django_db
def test_due_dates_are_all_day_events_titled_in_plain_words(client, pair, staff_member):
    today = timezone.localdate()
    action(pair, staff_member, today + 5 * DAY)
    form_for(staff_member, pair, today + 9 * DAY)
    response = client.get(feed_of(staff_member))
    found = events(response)
    review_on = add_months(timezone.localdate(pair.started_at), 3)
    for summary, day in [
        ("Action due", today + 5 * DAY),
        ("Evaluation form due", today + 9 * DAY),
        ("Mentoring review due", review_on),
    ]:
        (event,) = by_summary(found, summary)
        start = event.decoded("dtstart")
        assert type(start) is date and start == day
        assert event.decoded("dtend") == day + DAY
        assert str(event["transp"]) == "TRANSPARENT"
    assert b"DTSTART;VALUE=DATE:" in response.content


@pytest.mark.django_db
def test_only_the_persons_own_due_dates_are_in_it(client, pair, staff_member, colleague):
    action(pair, staff_member, timezone.localdate() + 5 * DAY)
    form_for(staff_member, pair, timezone.localdate() + 9 * DAY)
    found = events(client.get(feed_of(colleague)))
    assert by_summary(found, "Action due") == []
    assert by_summary(found, "Evaluation form due") == []
    assert len(by_summary(found, "Mentoring review due")) == 1  # each answers their own


@pytest.mark.django_db
def test_done_actions_and_answered_forms_are_no_longer_in_it(client, pair, staff_member):
    done = action(pair, staff_member, timezone.localdate() + 5 * DAY)
    done.status = ActionItem.Status.DONE
    done.save()
    form = form_for(staff_member, pair, timezone.localdate() + 9 * DAY)
    form.submitted_at = timezone.now()
    form.save()
    found = events(client.get(feed_of(staff_member)))
    assert by_summary(found, "Action due") == by_summary(found, "Evaluation form due") == []


def _planted(record):
    """Every field its model declares confidential text, set to the canary."""
    for name in declaration(type(record)).text:
        setattr(record, name, f"{CANARY} {name}")
    record.save()


@pytest.mark.django_db
def test_the_feed_carries_nothing_anyone_wrote_in_confidence(client, pair, staff_member):
    for record in [
        meeting(pair, timezone.now() + 3 * DAY),
        action(pair, staff_member, timezone.localdate() + 5 * DAY),
        *pair.members.all(),
    ]:
        _planted(record)
    for application in [m.application for m in pair.members.all()]:
        application.aims = CANARY
        application.save()
    response = client.get(feed_of(staff_member))
    assert len(events(response)) == 3
    assert CANARY.encode() not in response.content
    assert b"LOCATION" not in response.content


@pytest.mark.django_db
def test_a_cancelled_meeting_leaves_the_feed(client, pair, staff_member):
    cancelled = meeting(pair, timezone.now() + 3 * DAY, cancelled_at=timezone.now())
    found = events(client.get(feed_of(staff_member)))
    assert event_uid("meeting", cancelled.pk) not in found


@pytest.mark.django_db
def test_it_holds_three_months_back_to_a_year_ahead(client, pair, staff_member):
    now = timezone.now()
    inside = [meeting(pair, now - 80 * DAY), meeting(pair, now + 360 * DAY)]
    outside = [meeting(pair, now - 100 * DAY), meeting(pair, now + 400 * DAY)]
    action(pair, staff_member, timezone.localdate() + 400 * DAY)
    found = events(client.get(feed_of(staff_member)))
    assert {event_uid("meeting", m.pk) for m in inside} <= set(found)
    assert not {event_uid("meeting", m.pk) for m in outside} & set(found)
    assert by_summary(found, "Action due") == []


@pytest.fixture
def group(coordinator, colleague, staff_member):
    relationship = group_of_three(coordinator, colleague, staff_member)
    all_go_ahead(relationship)
    return relationship


@pytest.mark.django_db
def test_a_session_outside_the_group_is_only_in_the_feeds_of_those_in_it(
    client, group, colleague, staff_member
):
    jo = group.members.get(person=staff_member)
    other = group.members.filter(role="mentee").exclude(pk=jo.pk).first().person
    session = meeting(group, timezone.now() + 3 * DAY, with_member=jo)
    everyone = meeting(group, timezone.now() + 4 * DAY)
    uid, all_uid = event_uid("meeting", session.pk), event_uid("meeting", everyone.pk)
    assert {uid, all_uid} <= set(events(client.get(feed_of(staff_member))))
    assert {uid, all_uid} <= set(events(client.get(feed_of(colleague))))
    theirs = events(client.get(feed_of(other)))
    assert all_uid in theirs and uid not in theirs


@pytest.mark.django_db
def test_someone_who_left_the_group_no_longer_has_its_meetings(
    client, group, staff_member, line_manager
):
    everyone = meeting(group, timezone.now() + 4 * DAY)
    url = feed_of(staff_member)
    Member.objects.filter(relationship=group, person=staff_member).update(
        is_live=False, left_at=timezone.now()
    )
    assert event_uid("meeting", everyone.pk) not in events(client.get(url))
    # A line manager, or anyone else outside it, never had them.
    assert events(client.get(feed_of(line_manager))) == {}


@pytest.mark.django_db
def test_every_address_but_one_in_use_gets_the_same_404(client, pair, staff_member, colleague):
    revoked = feed_of(colleague)
    calendar_feed_revoke(by=colleague.user)
    replaced = feed_of(staff_member)
    feed_of(staff_member)  # a new one stops the old
    left = StaffMemberFactory()
    of_leaver = feed_of(left)
    left.is_active = False
    left.save()
    guessed = reverse("relationships:calendar_feed", args=["A" * 43])
    malformed = reverse("relationships:calendar_feed", args=["not-a-token"])
    too_long = reverse("relationships:calendar_feed", args=["A" * 44])
    answers = [client.get(url) for url in [revoked, replaced, of_leaver, guessed, malformed]]
    answers.append(client.get(too_long))
    answers.append(client.get("/mentoring/calendar/has/a/slash.ics"))
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    assert all("text/html" in a["Content-Type"] for a in answers)


@pytest.mark.django_db
def test_the_feed_answers_head_and_refuses_a_post(client, pair, staff_member):
    url = feed_of(staff_member)
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_fetching_notes_its_last_use_at_most_once_an_hour(client, pair, staff_member):
    url = feed_of(staff_member)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get(url)
    with time_machine.travel(start + timedelta(minutes=59), tick=False):
        client.get(url)
    feed = CalendarFeed.objects.get(person=staff_member)
    assert feed.last_used_at == start
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        client.get(url)
    feed.refresh_from_db()
    assert feed.last_used_at == start + timedelta(minutes=61)


def _busy(relationship, person, n):
    now, today = timezone.now(), timezone.localdate()
    for i in range(n):
        meeting(relationship, now + (i + 1) * DAY)
        action(relationship, person, today + (i + 2) * DAY)
        form_for(person, relationship, today + (i + 3) * DAY)
        booking_make(by=person.user, session=session_of(relationship.programme, (i + 4) * DAY))


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 12])
def test_the_feed_costs_seven_queries_whatever_the_number_of_events(
    client, pair, staff_member, django_assert_num_queries, n
):
    _busy(pair, staff_member, n)
    url = feed_of(staff_member)
    client.get(url)  # its first use is noted
    # Its owner, the meetings, the actions, the reviews (two), the forms and the training.
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(events(response)) == 4 * n + 1


@pytest.mark.django_db
def test_an_event_changed_keeps_its_uid_with_a_higher_sequence(client, pair, staff_member):
    moved = meeting(pair, timezone.now() + 3 * DAY)
    url, uid = feed_of(staff_member), event_uid("meeting", moved.pk)
    before = events(client.get(url))[uid]
    later = datetime.combine(timezone.localdate() + 5 * DAY, datetime.min.time()).replace(
        hour=14, tzinfo=timezone.get_current_timezone()
    )
    Meeting.objects.filter(pk=moved.pk).update(starts_at=later, sequence=moved.sequence + 1)
    after = events(client.get(url))[uid]
    assert after.decoded("dtstart") == later
    assert after["sequence"] > before["sequence"]


# Training and support sessions


def session_of(programme, starts_in, **fields):
    fields = {"kind": "mentor_training", "place": "Room 4", "capacity": 10} | fields
    return TrainingSession.objects.create(
        programme=programme, starts_at=timezone.now() + starts_in, **fields
    )


@pytest.mark.django_db
def test_a_session_someone_is_booked_on_is_in_their_feed_as_the_programme_shows_it(
    client, pair, colleague
):
    session = session_of(pair.programme, 6 * DAY)
    booking_make(by=colleague.user, session=session)
    event = events(client.get(feed_of(colleague)))[event_uid("training", session.pk)]
    assert str(event["summary"]) == f"Mentor training ({pair.programme.name})"
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["url"]).endswith(reverse("programmes:training_detail", args=[session.pk]))


@pytest.mark.django_db
def test_a_session_open_to_every_programme_says_so(client, pair, colleague):
    session = session_of(None, 6 * DAY, kind="support_group")
    booking_make(by=colleague.user, session=session)
    event = events(client.get(feed_of(colleague)))[event_uid("training", session.pk)]
    assert str(event["summary"]) == "Mentor support group (every programme)"


@pytest.mark.django_db
def test_a_session_carries_neither_its_place_nor_its_notes(client, pair, colleague):
    session = session_of(
        pair.programme,
        6 * DAY,
        place=f"https://teams.microsoft.com/l/meetup-join/{CANARY}",
        notes=f"{CANARY} bring your notes",
    )
    booking_make(by=colleague.user, session=session)
    response = client.get(feed_of(colleague))
    assert event_uid("training", session.pk) in events(response)
    assert CANARY.encode() not in response.content
    assert b"LOCATION" not in response.content and b"teams" not in response.content


@pytest.mark.django_db
def test_the_waiting_list_and_an_invitation_are_tentative_and_say_so(
    client, pair, coordinator, colleague, staff_member
):
    full = session_of(pair.programme, 6 * DAY, capacity=1)
    booking_make(by=coordinator.user, session=full)
    booking_make(by=colleague.user, session=full)
    invited = TrainingSession(
        programme=pair.programme,
        kind="mentee_induction",
        starts_at=timezone.now() + 8 * DAY,
        place="Room 5",
        capacity=10,
        invite="mentees",
    )
    training_session_save(by=coordinator.user, session=invited)
    waiting = events(client.get(feed_of(colleague)))[event_uid("training", full.pk)]
    assert (
        str(waiting["summary"]) == f"Mentor training ({pair.programme.name}): on the waiting list"
    )
    assert str(waiting["status"]) == "TENTATIVE"
    asked = events(client.get(feed_of(staff_member)))[event_uid("training", invited.pk)]
    assert str(asked["summary"]) == (
        f"Mentee induction ({pair.programme.name}): invited, not booked"
    )
    assert str(asked["status"]) == "TENTATIVE" and str(asked["transp"]) == "TRANSPARENT"
    assert event_uid("training", invited.pk) not in events(client.get(feed_of(colleague)))


@pytest.mark.django_db
def test_a_booking_cancelled_takes_the_session_out_of_the_feed_even_if_invited(
    client, pair, coordinator, staff_member
):
    invited = TrainingSession(
        programme=pair.programme,
        kind="mentee_induction",
        starts_at=timezone.now() + 8 * DAY,
        place="Room 5",
        capacity=10,
        invite="mentees",
    )
    training_session_save(by=coordinator.user, session=invited)
    booking = booking_make(by=staff_member.user, session=invited)
    url, uid = feed_of(staff_member), event_uid("training", invited.pk)
    assert str(events(client.get(url))[uid]["status"]) == "CONFIRMED"
    booking_cancel(by=staff_member.user, booking=booking)
    assert uid not in events(client.get(url))
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"


@pytest.mark.django_db
def test_an_invitation_to_a_session_that_has_started_leaves_the_feed(
    client, pair, coordinator, staff_member
):
    invited = TrainingSession(
        programme=pair.programme,
        kind="mentee_induction",
        starts_at=timezone.now() + DAY,
        place="Room 5",
        capacity=10,
        invite="mentees",
    )
    training_session_save(by=coordinator.user, session=invited)
    url = feed_of(staff_member)
    with time_machine.travel(timezone.now() + 2 * DAY):
        assert event_uid("training", invited.pk) not in events(client.get(url))


@pytest.mark.django_db
def test_nobody_else_has_a_session_they_are_neither_booked_on_nor_invited_to(
    client, pair, colleague, staff_member, line_manager
):
    session = session_of(pair.programme, 6 * DAY)
    booking_make(by=colleague.user, session=session)
    assert event_uid("training", session.pk) not in events(client.get(feed_of(staff_member)))
    assert events(client.get(feed_of(line_manager))) == {}
