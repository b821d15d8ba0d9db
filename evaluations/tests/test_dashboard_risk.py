"""Each reason the dashboard flags a relationship at risk (MON-1), just past its line and just
inside it, at a frozen time."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.dashboard import at_risk, at_risk_counts, at_risk_first
from relationships.dates import add_months, in_person_years
from relationships.models import Meeting, Relationship, Review, ReviewAnswer
from relationships.services.care import review_dates
from relationships.services.risks import REASONS, risks_check

from .dashboard_records import (
    NOW,
    TODAY,
    action,
    agreement,
    concern,
    created,
    meeting,
    programme_run_by,
    relationship_in,
    relationships_in,
)

DAY, HOUR = timedelta(days=1), timedelta(hours=1)
FOUR_WEEKS = timedelta(weeks=4)
TEN_WEEKS = timedelta(weeks=10)  # past the cadence, short of the first review


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def programme(coordinator):
    return programme_run_by(coordinator)


def flags(relationship):
    """The reasons kept for this relationship by checking it alone, which must be those kept
    by checking every relationship."""
    risks_check(relationship_ids=[relationship.pk])
    alone = kept(relationship)
    Relationship.objects.update(**dict.fromkeys(REASONS, False), reasons_at_risk=0)
    risks_check()
    assert kept(relationship) == alone
    return alone


def kept(relationship):
    relationship.refresh_from_db()
    found = {key for key in REASONS if getattr(relationship, key)}
    assert relationship.reasons_at_risk == len(found)
    return found


def test_a_relationship_going_well_is_not_at_risk(programme):
    relationship = relationship_in(programme, started=10 * DAY)
    meeting(relationship, 2 * DAY)
    assert flags(relationship) == set()


# No meeting within the agreed cadence


def test_no_meeting_held_within_the_cadence_is_flagged(programme):
    relationship = relationship_in(programme, started=TEN_WEEKS)
    meeting(relationship, FOUR_WEEKS + HOUR)
    assert flags(relationship) == {"no_meeting"}


def test_a_meeting_held_just_inside_the_cadence_keeps_it_off(programme):
    relationship = relationship_in(programme, started=TEN_WEEKS)
    meeting(relationship, FOUR_WEEKS - HOUR)
    assert flags(relationship) == set()


def test_cancelled_and_future_meetings_do_not_count(programme):
    relationship = relationship_in(programme, started=TEN_WEEKS)
    meeting(relationship, DAY, cancelled=True)
    meeting(relationship, -DAY)
    assert flags(relationship) == {"no_meeting"}


def test_a_new_relationship_counts_from_its_start(programme):
    just_inside = relationship_in(programme, started=FOUR_WEEKS - HOUR)
    just_past = relationship_in(programme, started=FOUR_WEEKS + HOUR)
    assert flags(just_inside) == set()
    assert flags(just_past) == {"no_meeting"}


def test_a_meeting_before_the_start_does_not_count_against_it(programme):
    relationship = relationship_in(programme, started=2 * DAY)
    meeting(relationship, TEN_WEEKS)  # the introductory meeting, long ago
    assert flags(relationship) == set()


def test_the_contact_interval_stands_in_for_a_missing_meeting_interval(coordinator):
    programme = programme_run_by(coordinator, meeting_interval_weeks=None, contact_interval_weeks=2)
    quiet = relationship_in(programme, started=FOUR_WEEKS)
    meeting(quiet, timedelta(weeks=2) + HOUR)
    in_touch = relationship_in(programme, started=FOUR_WEEKS)
    meeting(in_touch, timedelta(weeks=2) - HOUR)
    assert flags(quiet) == {"no_meeting"}
    assert flags(in_touch) == set()


def test_a_programme_with_no_cadence_flags_no_missed_meetings(coordinator):
    programme = programme_run_by(coordinator, meeting_interval_weeks=None)
    relationship = relationship_in(programme, started=TEN_WEEKS)
    assert flags(relationship) == set()


def test_each_programme_is_held_to_its_own_cadence(coordinator, programme):
    quarterly = programme_run_by(coordinator, meeting_interval_weeks=13)
    monthly_pair = relationship_in(programme, started=50 * DAY)
    quarterly_pair = relationship_in(quarterly, started=50 * DAY)
    risks_check()
    counts = at_risk_counts([programme, quarterly], at_risk([programme, quarterly], viewer=None))
    assert counts[programme.pk]["no_meeting"] == 1
    assert counts[quarterly.pk]["no_meeting"] == 0
    assert flags(monthly_pair) == {"no_meeting"}
    assert flags(quarterly_pair) == set()


# Review overdue


def started_so_first_review_falls_on(programme, due_on):
    """An active relationship whose first review (three months in) falls on `due_on`, with a
    meeting last week so that only reviews are in question."""
    start = datetime.combine(add_months(due_on, -3), time(10), tzinfo=NOW.tzinfo)
    relationship = relationship_in(programme, started_at=start)
    meeting(relationship, 7 * DAY)
    return relationship


def answered(relationship, due_on):
    review = Review.objects.create(relationship=relationship, due_on=due_on)
    person = relationship.members.first().person
    ReviewAnswer.objects.create(
        review=review, person=person, helping="yes", plan_progress="Going well."
    )


def test_a_review_that_fell_due_yesterday_unanswered_is_overdue(programme):
    relationship = started_so_first_review_falls_on(programme, TODAY - DAY)
    assert review_dates(relationship)[0] == TODAY - DAY
    assert flags(relationship) == {"review_overdue"}


def test_a_review_due_today_is_not_overdue_yet(programme):
    relationship = started_so_first_review_falls_on(programme, TODAY)
    assert review_dates(relationship)[0] == TODAY
    assert flags(relationship) == set()


def test_an_answered_review_is_not_overdue_until_the_next_falls_due(programme):
    answered_in_time = started_so_first_review_falls_on(programme, TODAY - DAY)
    answered(answered_in_time, TODAY - DAY)
    next_one_passed = started_so_first_review_falls_on(programme, add_months(TODAY - DAY, -3))
    answered(next_one_passed, add_months(TODAY - DAY, -3))
    assert flags(answered_in_time) == set()
    assert flags(next_one_passed) == {"review_overdue"}


def test_one_answer_from_either_of_them_is_enough(programme):
    relationship = started_so_first_review_falls_on(programme, TODAY - DAY)
    answered(relationship, TODAY - DAY)
    assert relationship.members.count() == 2
    assert flags(relationship) == set()


def test_a_review_with_no_answer_yet_does_not_count(programme):
    relationship = started_so_first_review_falls_on(programme, TODAY - DAY)
    Review.objects.create(relationship=relationship, due_on=TODAY - DAY)
    assert flags(relationship) == {"review_overdue"}


def test_overdue_reviews_match_the_review_dates_for_every_start_day(programme):
    """Across a month of start days, months of different lengths included, the database's
    answer agrees with review_dates() for a relationship nobody has reviewed."""
    relationships = [
        started_so_first_review_falls_on(programme, TODAY + k * DAY) for k in range(-20, 12)
    ]
    for relationship in relationships:
        relationship.refresh_from_db()
        due = review_dates(relationship)[0]
        assert ("review_overdue" in flags(relationship)) == (due < TODAY), due


def test_a_programme_with_no_review_interval_reviews_every_three_months(coordinator):
    programme = programme_run_by(coordinator, review_interval_months=None)
    overdue = started_so_first_review_falls_on(programme, TODAY - DAY)
    assert flags(overdue) == {"review_overdue"}


def test_a_six_monthly_review_is_not_overdue_at_three_months(coordinator):
    programme = programme_run_by(coordinator, review_interval_months=6)
    relationship = started_so_first_review_falls_on(programme, TODAY - DAY)
    assert flags(relationship) == set()


def test_reviews_stop_at_the_planned_end(programme):
    relationship = started_so_first_review_falls_on(programme, TODAY - DAY)
    relationship.planned_end_on = TODAY - DAY
    relationship.save()
    assert flags(relationship) == {"end_near"}


# Actions overdue


def test_an_open_action_past_its_date_is_overdue(programme):
    relationship = relationship_in(programme)
    action(relationship, TODAY - DAY, status="in_progress")
    assert flags(relationship) == {"actions_overdue"}


def test_an_action_due_today_or_finished_is_not_overdue(programme):
    relationship = relationship_in(programme)
    action(relationship, TODAY)
    action(relationship, TODAY - DAY, status="done")
    action(relationship, TODAY - DAY, status="dropped")
    action(relationship, None)
    assert flags(relationship) == set()


# Agreement unsigned after two weeks


def test_an_agreement_unsigned_after_two_weeks_is_flagged(coordinator):
    programme = programme_run_by(coordinator, agreement_required=True)
    waiting = relationship_in(programme, status="proposed")
    created(waiting, timedelta(days=14) + HOUR)
    agreement(waiting, signed=False)
    assert flags(waiting) == {"agreement_unsigned"}


def test_an_agreement_has_two_weeks_to_be_signed(coordinator):
    programme = programme_run_by(coordinator, agreement_required=True)
    recent = relationship_in(programme, status="proposed")
    created(recent, timedelta(days=14) - HOUR)
    signed = relationship_in(programme, status="proposed")
    created(signed, timedelta(days=30))
    agreement(signed, signed=True)
    assert flags(recent) == set()
    assert flags(signed) == set()


def test_an_optional_agreement_is_never_flagged(programme):
    relationship = relationship_in(programme, status="proposed")
    created(relationship, timedelta(days=30))
    assert flags(relationship) == set()


# End date within a month


def test_a_planned_end_within_a_month_is_flagged(programme):
    ending = relationship_in(programme, planned_end_on=TODAY + timedelta(days=30))
    overrun = relationship_in(programme, planned_end_on=TODAY - DAY)
    later = relationship_in(programme, planned_end_on=TODAY + timedelta(days=31))
    meeting(overrun, DAY)
    assert flags(ending) == {"end_near"}
    assert flags(overrun) == {"end_near"}
    assert flags(later) == set()


# Concern raised


def test_a_concern_not_yet_dealt_with_is_flagged(programme):
    open_concern = relationship_in(programme)
    concern(open_concern)
    dealt_with = relationship_in(programme)
    concern(dealt_with, handled=True)
    assert flags(open_concern) == {"concern"}
    assert flags(dealt_with) == set()


def test_an_ended_relationship_stays_listed_until_its_concern_is_dealt_with(programme):
    ended = relationship_in(programme, status="ended", started=50 * FOUR_WEEKS)
    action(ended, TODAY - DAY)
    concern(ended)
    quietly_ended = relationship_in(programme, status="ended", started=50 * FOUR_WEEKS)
    assert flags(ended) == {"concern"}
    assert flags(quietly_ended) == set()


# A review saying mentoring is not working (002 Pitfall 9): its own reason, not a concern


def said_in_review(relationship, due_on, helping, person=None):
    review, _ = Review.objects.get_or_create(relationship=relationship, due_on=due_on)
    ReviewAnswer.objects.create(
        review=review,
        person=person or relationship.members.first().person,
        helping=helping,
        plan_progress="Said.",
    )


def test_a_review_saying_it_is_not_working_is_its_own_reason(programme):
    relationship = relationship_in(programme)
    meeting(relationship, DAY)
    said_in_review(relationship, TODAY - DAY, "not_working")
    assert flags(relationship) == {"review_not_working"}
    [shown] = at_risk_first([programme], at_risk([programme], viewer=None))
    assert shown.reasons_in_words == ["The last review says mentoring is not working"]


def test_one_person_saying_not_working_is_enough_though_the_other_says_yes(programme):
    relationship = relationship_in(programme)
    meeting(relationship, DAY)
    mentor, mentee = [m.person for m in relationship.members.order_by("role")]
    said_in_review(relationship, TODAY - DAY, "yes", person=mentor)
    said_in_review(relationship, TODAY - DAY, "not_working", person=mentee)
    assert flags(relationship) == {"review_not_working"}


def test_a_later_review_that_no_longer_says_so_clears_it(programme):
    relationship = relationship_in(programme, started=30 * FOUR_WEEKS)
    meeting(relationship, DAY)
    said_in_review(relationship, TODAY - 100 * DAY, "not_working")
    said_in_review(relationship, TODAY - DAY, "partly")
    assert flags(relationship) == set()


def test_an_ended_relationship_is_not_flagged_for_its_last_review(programme):
    ended = relationship_in(programme, status="ended")
    said_in_review(ended, TODAY - DAY, "not_working")
    assert flags(ended) == set()


# A year without a meeting in person (004: at least one meeting a year is in person)

YEAR_AGO = NOW - datetime(2024, 6, 16, 12, 0, tzinfo=NOW.tzinfo)  # the anniversary is today


def in_person_programme(coordinator, **rules):
    return programme_run_by(coordinator, **{"in_person_meetings_per_year": 1} | rules)


def year_old(programme, started=YEAR_AGO + 40 * DAY):
    """Met by video last week and reviewed yesterday: nothing else to flag."""
    relationship = relationship_in(programme, started=started)
    meeting(relationship, 7 * DAY)
    said_in_review(relationship, TODAY - DAY, "yes")
    return relationship


def in_person(relationship, ago, *, cancelled=False):
    held = meeting(relationship, ago, cancelled=cancelled)
    Meeting.objects.filter(pk=held.pk).update(method="face_to_face")


def year_missed_on_its_page(relationship):
    """What the relationship page says: the last year that has run out was missed."""
    relationship.refresh_from_db()
    years = in_person_years(relationship, list(relationship.meetings.all()), timezone.now())
    done = [year for year in years if year.ends_on <= timezone.localdate()]
    return bool(done) and done[-1].missed


def test_a_year_run_out_without_a_meeting_in_person_is_flagged(coordinator):
    relationship = year_old(in_person_programme(coordinator))
    assert flags(relationship) == {"no_in_person_meeting"}
    assert year_missed_on_its_page(relationship)
    [shown] = at_risk_first(
        [relationship.programme], at_risk([relationship.programme], viewer=None)
    )
    assert shown.reasons_in_words == ["A year has run out without a meeting in person"]


def test_a_meeting_in_person_in_that_year_keeps_it_off(coordinator):
    relationship = year_old(in_person_programme(coordinator))
    in_person(relationship, 300 * DAY)
    assert flags(relationship) == set()
    assert not year_missed_on_its_page(relationship)


def test_cancelled_and_other_meetings_do_not_count_as_in_person(coordinator):
    relationship = year_old(in_person_programme(coordinator))
    in_person(relationship, 300 * DAY, cancelled=True)
    meeting(relationship, 200 * DAY)
    assert flags(relationship) == {"no_in_person_meeting"}


def test_the_year_runs_out_on_its_anniversary_not_before(coordinator):
    programme = in_person_programme(coordinator)
    on_the_day = year_old(programme, started=YEAR_AGO)
    a_day_short = year_old(programme, started=YEAR_AGO - DAY)
    assert flags(on_the_day) == {"no_in_person_meeting"}
    assert flags(a_day_short) == set()
    assert year_missed_on_its_page(on_the_day) and not year_missed_on_its_page(a_day_short)


def test_a_meeting_in_person_since_the_year_ran_out_clears_it(coordinator):
    relationship = year_old(in_person_programme(coordinator))
    in_person(relationship, 10 * DAY)
    assert flags(relationship) == set()


def test_a_meeting_in_person_in_an_earlier_year_does_not_count_for_the_last(coordinator):
    relationship = year_old(in_person_programme(coordinator), started=YEAR_AGO + 400 * DAY)
    in_person(relationship, YEAR_AGO + 300 * DAY)  # in its first year; none in its second
    assert flags(relationship) == {"no_in_person_meeting"}
    assert year_missed_on_its_page(relationship)


def test_a_programme_that_asks_for_two_flags_a_year_with_one(coordinator):
    relationship = year_old(in_person_programme(coordinator, in_person_meetings_per_year=2))
    in_person(relationship, 300 * DAY)
    assert flags(relationship) == {"no_in_person_meeting"}
    in_person(relationship, 200 * DAY)
    assert flags(relationship) == set()


def test_a_programme_without_the_rule_and_a_relationship_not_active_are_not_flagged(coordinator):
    assert flags(year_old(programme_run_by(coordinator))) == set()
    programme = in_person_programme(coordinator)
    assert flags(relationship_in(programme, status="ended", started=2 * YEAR_AGO)) == set()
    assert flags(relationship_in(programme, status="proposed")) == set()


@pytest.mark.parametrize(
    "today, flagged",
    [(datetime(2025, 2, 27, 12), False), (datetime(2025, 2, 28, 12), True)],
)
def test_a_relationship_started_on_29_february_has_its_years_as_its_page_counts_them(
    coordinator, today, flagged
):
    with time_machine.travel(today.replace(tzinfo=NOW.tzinfo), tick=False):
        programme = in_person_programme(coordinator)
        started = timezone.now() - datetime(2024, 2, 29, 12, tzinfo=NOW.tzinfo)
        relationship = relationship_in(programme, started=started)
        meeting(relationship, DAY)
        said_in_review(relationship, timezone.localdate() - DAY, "yes")
        assert flags(relationship) == ({"no_in_person_meeting"} if flagged else set())
        assert year_missed_on_its_page(relationship) == flagged
        in_person(relationship, timedelta(0))  # 28 February 2025 is in its second year
        assert year_missed_on_its_page(relationship) == flagged
        assert flags(relationship) == set()


def test_the_check_costs_the_same_queries_whatever_the_number_of_relationships(coordinator):
    programme = in_person_programme(coordinator)

    def check_queries(n):
        for _ in range(n):
            in_person(year_old(programme), 300 * DAY)
            year_old(programme)
        Relationship.objects.update(**dict.fromkeys(REASONS, False), reasons_at_risk=0)
        with CaptureQueriesContext(connection) as queries:
            risks_check()
        return len(queries)

    few = check_queries(2)
    assert check_queries(20) == few
    assert Relationship.objects.filter(no_in_person_meeting=True).count() == 22


# Line-management conflict


def test_a_line_management_link_to_review_is_flagged(programme):
    flagged = relationship_in(programme, review_needed="Chris now line-manages Jo.")
    assert flags(flagged) == {"line_management"}
    assert flags(relationship_in(programme)) == set()


# Together


def test_every_reason_that_applies_is_given(coordinator):
    programme = programme_run_by(
        coordinator, agreement_required=True, in_person_meetings_per_year=1
    )
    relationship = started_so_first_review_falls_on(programme, TODAY - 40 * DAY)
    relationship.meetings.all().delete()
    relationship.started_at -= YEAR_AGO  # and its first year ran out without meeting in person
    relationship.planned_end_on = TODAY + DAY
    relationship.review_needed = "A new line manager."
    relationship.save()
    created(relationship, timedelta(weeks=20))
    action(relationship, TODAY - DAY)
    concern(relationship)
    said_in_review(relationship, TODAY - 100 * DAY, "not_working")  # before the one overdue
    assert flags(relationship) == set(REASONS)
    [shown] = at_risk_first([programme], at_risk([programme], viewer=None))
    assert len(shown.reasons_in_words) == len(REASONS)
    assert "No meeting held in the last 4 weeks" in shown.reasons_in_words


def test_most_reasons_come_first_then_the_oldest(programme):
    one_old = relationship_in(programme, review_needed="Link.")
    created(one_old, 10 * DAY)
    one_new = relationship_in(programme, review_needed="Link.")
    two = relationship_in(programme, review_needed="Link.")
    concern(two)
    relationship_in(programme)  # not at risk: not shown
    risks_check()
    shown = at_risk_first([programme], at_risk([programme], viewer=None))
    assert [r.pk for r in shown] == [two.pk, one_old.pk, one_new.pk]


def test_counts_per_reason_and_at_risk(programme):
    both = relationship_in(programme, review_needed="Link.")
    concern(both)
    concern(relationship_in(programme))
    relationship_in(programme)
    risks_check()
    counts = at_risk_counts([programme], at_risk([programme], viewer=None))[programme.pk]
    assert counts["concern"] == 2
    assert counts["line_management"] == 1
    assert counts["at_risk"] == 2
    assert counts["no_meeting"] == 0


# What the coordinator did about it, on each at-risk row


def test_each_row_says_what_the_coordinators_did_about_it(programme, coordinator):
    from relationships.services.care import check_in_send, coordinator_note_add, risk_set_aside

    relationship = relationship_in(programme, review_needed="Link.")
    action(relationship, TODAY - DAY)
    risks_check()
    check_in_send(by=coordinator.user, relationship=relationship, message="How is it going?")
    for text in ["Call Jo.", "Jo called back."]:
        coordinator_note_add(by=coordinator.user, relationship=relationship, text=text)
    risk_set_aside(
        by=coordinator.user,
        relationship=relationship,
        reason="actions_overdue",
        until=TODAY + 7 * DAY,
        why="On leave.",
    )
    [shown] = at_risk_first([programme], at_risk([programme], viewer=coordinator))
    assert shown.last_check_in == NOW
    assert shown.notes == 2
    assert shown.set_aside == 1
    assert shown.reasons_in_words == ["A line-management link needs your review"]
    assert not shown.can_set_aside  # what is left is reviewed on the relationship's page


def test_a_row_nobody_acted_on_says_nothing_of_it(programme, coordinator):
    action(relationship_in(programme), TODAY - DAY)
    risks_check()
    [shown] = at_risk_first([programme], at_risk([programme], viewer=coordinator))
    assert (shown.last_check_in, shown.notes, shown.set_aside) == (None, None, None)
    assert shown.can_set_aside and not shown.viewer_in_it


def test_the_dashboard_offers_each_row_its_actions_and_says_what_was_done(
    client, programme, coordinator
):
    from relationships.services.care import check_in_send

    relationship = relationship_in(programme)
    action(relationship, TODAY - DAY)
    risks_check()
    check_in_send(by=coordinator.user, relationship=relationship, message="How is it going?")
    client.force_login(coordinator.user)
    text = client.get(reverse("evaluations:dashboard")).text
    for name in ["check_in", "coordinator_note", "set_aside"]:
        assert reverse(f"relationships:{name}", args=[relationship.pk]) in text
    assert f"Check-in sent {TODAY:%-d %B %Y}" in text


def _dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("evaluations:dashboard")).status_code == 200
    return len(queries)


def test_what_was_done_costs_no_query_per_row(client, programme, coordinator):
    from relationships.models import CheckIn, CoordinatorNote, SetAside

    def flagged(n):
        for relationship in relationships_in(programme, n):
            action(relationship, TODAY - DAY)
            CheckIn.objects.create(relationship=relationship, sent_by=coordinator, message="Hi")
            CoordinatorNote.objects.create(
                relationship=relationship, written_by=coordinator, text="Note."
            )
            SetAside.objects.create(
                relationship=relationship,
                reason="no_meeting",
                until=TODAY + DAY,
                why="Leave.",
                set_by=coordinator,
            )
        risks_check()

    client.force_login(coordinator.user)
    flagged(2)
    few = _dashboard_queries(client)
    flagged(30)
    assert _dashboard_queries(client) == few
