"""The coordinator's pages for a relationship at risk (MON-1): the check-in, note and
set-aside forms, and the relationship page as a coordinator sees it: dates and states, never
what the pair wrote."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.notifications.models import Kind, Notification
from relationships.models import ActionItem, CheckIn, CoordinatorNote, Meeting, SetAside
from relationships.services.care import CHECK_IN_MESSAGE, check_in_send, coordinator_note_add
from relationships.services.risks import risks_check_one
from tests.matching import accepted, paired, programme_for_matching, went_ahead

TODAY = timezone.localdate
ACTION = "Book the leadership course"


@pytest.fixture
def active(coordinator, colleague, staff_member):
    """Colleague mentors staff_member; they met three weeks ago and an action is overdue."""
    programme = programme_for_matching(coordinator, agreement_required=False)
    relationship = went_ahead(
        paired(
            accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
        )
    )
    Meeting.objects.create(
        relationship=relationship,
        starts_at=timezone.now() - timedelta(days=21),
        minutes=60,
        method="video",
    )
    ActionItem.objects.create(
        relationship=relationship,
        description=ACTION,
        owner=staff_member,
        due_on=TODAY() - timedelta(days=7),
    )
    risks_check_one(relationship=relationship)
    relationship.refresh_from_db()
    return relationship


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator.user)
    return client


def url(name, relationship):
    return reverse(f"relationships:{name}", args=[relationship.pk])


def test_the_check_in_form_starts_from_the_template(as_coordinator, active):
    response = as_coordinator.get(url("check_in", active))
    assert response.status_code == 200
    assert response.context["form"]["message"].value() == CHECK_IN_MESSAGE


def test_a_check_in_asks_first_saying_whom_it_tells_then_sends_once(as_coordinator, active):
    data = {"message": "How are things going?"}
    page = as_coordinator.post(url("check_in", active), data)
    assert page.status_code == 200
    assert "Send this check-in to Jo Evans and Chris Taylor?" in page.text
    assert not CheckIn.objects.exists()
    done = as_coordinator.post(url("check_in", active), data | {"confirmed": "yes"})
    assert done.status_code == 302
    assert done.url == active.get_absolute_url() + "#coordinator"
    assert CheckIn.objects.get().message == "How are things going?"
    assert Notification.objects.filter(kind=Kind.CHECK_IN).count() == 2


def test_an_empty_check_in_is_refused_next_to_the_message(as_coordinator, active):
    response = as_coordinator.post(url("check_in", active), {"message": " ", "confirmed": "yes"})
    assert response.status_code == 200
    assert response.context["form"].errors["message"]
    assert not CheckIn.objects.exists()


def test_a_note_is_added_and_an_empty_one_refused(as_coordinator, active):
    refused = as_coordinator.post(url("coordinator_note", active), {"text": ""})
    assert refused.context["form"].errors["text"]
    done = as_coordinator.post(url("coordinator_note", active), {"text": "Phone Jo on Monday."})
    assert done.status_code == 302
    assert CoordinatorNote.objects.get().text == "Phone Jo on Monday."


def test_the_set_aside_form_offers_only_the_reasons_that_apply(as_coordinator, active):
    response = as_coordinator.get(url("set_aside", active))
    assert [key for key, _ in response.context["form"].fields["reason"].choices] == [
        "actions_overdue"
    ]


@pytest.mark.parametrize(
    "until, error",
    [("2026-13-45", "Enter a real date."), ("", "Enter the date."), ("12", "Enter a real date.")],
)
def test_a_set_aside_with_a_bad_date_says_so_and_changes_nothing(
    as_coordinator, active, until, error
):
    data = {"reason": "actions_overdue", "until": until, "why": "On leave."}
    response = as_coordinator.post(url("set_aside", active), data)
    assert response.status_code == 200
    assert response.context["form"].errors["until"] == [error]
    assert not SetAside.objects.exists()


def test_a_set_aside_in_the_past_is_refused_next_to_the_date(as_coordinator, active):
    data = {"reason": "actions_overdue", "until": TODAY().isoformat(), "why": "On leave."}
    response = as_coordinator.post(url("set_aside", active), data)
    assert "after today" in str(response.context["form"].errors["until"])
    assert not SetAside.objects.exists()


def test_a_reason_set_aside_leaves_the_relationship_until_the_date(as_coordinator, active):
    until = TODAY() + timedelta(days=10)
    data = {"reason": "actions_overdue", "until": until.isoformat(), "why": "On leave."}
    response = as_coordinator.post(url("set_aside", active), data)
    assert response.status_code == 302
    active.refresh_from_db()
    assert active.reasons_at_risk == 0
    page = as_coordinator.get(active.get_absolute_url())
    assert f"Actions overdue, until {until:%-d %B %Y}: On leave." in page.text


def test_a_reason_set_aside_is_brought_back_from_the_relationships_page(as_coordinator, active):
    data = {"reason": "actions_overdue", "until": (TODAY() + timedelta(days=10)).isoformat()}
    as_coordinator.post(url("set_aside", active), data | {"why": "On leave."})
    set_aside = SetAside.objects.get()
    page = as_coordinator.get(active.get_absolute_url())
    assert "Bring it back now" in page.text
    end = reverse("relationships:set_aside_end", args=[set_aside.pk])
    assert end in page.text
    response = as_coordinator.post(end, follow=True)
    assert "Brought back: it shows again while it applies." in response.text
    assert "Bring it back now" not in response.text
    active.refresh_from_db()
    assert active.actions_overdue and active.reasons_at_risk == 1
    again = as_coordinator.post(end, follow=True)
    assert "This reason is no longer set aside." in again.text


def test_bringing_back_a_set_aside_that_is_not_there_is_not_found(as_coordinator, active):
    assert as_coordinator.post("/mentoring/set-asides/99999/end/").status_code == 404
    assert as_coordinator.get("/mentoring/set-asides/abc/end/").status_code == 404


def test_with_nothing_to_set_aside_the_page_says_so(as_coordinator, active):
    ActionItem.objects.update(status="done")
    risks_check_one(relationship=active)
    response = as_coordinator.get(url("set_aside", active))
    assert response.context["form"] is None
    assert "None of the reasons that can wait applies" in response.text


def test_the_coordinator_sees_dates_and_states_never_what_was_written(
    as_coordinator, active, coordinator
):
    coordinator_note_add(by=coordinator.user, relationship=active, text="Jo is on leave.")
    check_in_send(by=coordinator.user, relationship=active, message="How is it going?")
    response = as_coordinator.get(active.get_absolute_url())
    text = response.text
    three_weeks_ago = timezone.localdate(timezone.now() - timedelta(days=21))
    assert "Looking after this relationship" in text
    assert f"{three_weeks_ago:%-d %B %Y}" in text  # the last meeting
    assert f"due {TODAY() - timedelta(days=7):%-d %B %Y}" in text
    assert ACTION not in text
    assert "Jo is on leave." in text
    assert "by Alex Morgan to Jo Evans and Chris Taylor" in text
    assert "How is it going?" not in text  # they know what they sent; the page says when
    assert "Reviews, concerns and sharing" not in text  # nothing there for them
    assert "End it for a rematch" in text and "Ask for a rematch" not in text


def test_the_pair_never_see_the_coordinators_section_or_notes(
    client, active, coordinator, staff_member, colleague
):
    coordinator_note_add(by=coordinator.user, relationship=active, text="Jo is on leave.")
    for person in [staff_member, colleague]:
        client.force_login(person.user)
        text = client.get(active.get_absolute_url()).text
        assert "Jo is on leave." not in text
        assert "Looking after this relationship" not in text
        assert "Ask for a rematch" in text


def _queries(client, relationship):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(relationship.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def test_the_coordinators_view_takes_the_same_queries_whatever_they_did(
    as_coordinator, active, coordinator, staff_member
):
    def act(n):
        for k in range(n):
            check_in_send(by=coordinator.user, relationship=active, message=f"Check-in {n}.{k}")
            coordinator_note_add(by=coordinator.user, relationship=active, text=f"Note {k}")
            SetAside.objects.create(
                relationship=active,
                reason="no_meeting",
                until=TODAY() + timedelta(days=k + 1),
                why="Leave.",
                set_by=coordinator,
            )
            ActionItem.objects.create(
                relationship=active,
                description="More",
                owner=staff_member,
                due_on=TODAY() - timedelta(days=k + 1),
            )

    act(1)
    few = _queries(as_coordinator, active)
    act(20)
    assert _queries(as_coordinator, active) == few


def test_a_year_without_meeting_in_person_shows_on_its_page_and_can_be_set_aside(
    as_coordinator, active
):
    programme = active.programme
    programme.in_person_meetings_per_year = 1  # 004
    programme.save()
    active.started_at = timezone.now() - timedelta(days=400)
    active.save()
    ActionItem.objects.all().delete()
    risks_check_one(relationship=active)
    page = as_coordinator.get(active.get_absolute_url()).text
    assert "A year without a meeting in person" in page
    form = as_coordinator.get(url("set_aside", active)).context["form"]
    assert "no_in_person_meeting" in [key for key, _ in form.fields["reason"].choices]
    until = TODAY() + timedelta(days=30)
    data = {"reason": "no_in_person_meeting", "until": until.isoformat(), "why": "Meeting booked."}
    assert as_coordinator.post(url("set_aside", active), data).status_code == 302
    active.refresh_from_db()
    assert not active.no_in_person_meeting and active.review_overdue  # the other stays
