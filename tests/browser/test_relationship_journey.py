"""A whole mentoring relationship in a real browser, every new kind of page passing the
accessibility check: the pair say yes and sign the agreement, arrange and log three meetings
(one confirmed, one corrected), Jo builds her action plan, answers the first review and ends
it as goals achieved; the mentor's line manager sees none of it (REL-1, AGR-1, MEET-1,
MEET-2, PLAN-1, REV-1, REL-2, DATA-1)."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from relationships.dates import add_months
from relationships.models import (
    ActionItem,
    ActionPlan,
    Agreement,
    Goal,
    Meeting,
    MeetingLog,
    Relationship,
    ReviewAnswer,
)
from tests.browser.conftest import sign_in
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Everything typed in the journey: none of it may reach the mentor's line manager.
AIMS = ["Chair team meetings with confidence", "Delegate casework fairly", "Prepare for promotion"]
LOG_1 = ["We agreed what brought Jo to mentoring", "Chairing the Tuesday huddle"]
LOG_1_ACTION = "Observe Chris chairing the allocations panel"
LOG_2 = ["Jo observed the allocations panel", "Delegating the voids backlog"]
CORRECTION = "We talked about the repairs backlog, not the voids backlog"
LOG_2_FIXED = "Delegating the repairs backlog"
LOG_3 = ["Jo chaired two huddles", "Preparing for the promotion interview"]
LOG_3_ACTION = "Draft answers to the competency questions"
LONG_TERM_GOAL = "Become a confident team leader within a year"
STRENGTHS = "Knows the housing casework inside out"
GOAL_1 = "Chair the weekly huddle unaided"
GOAL_1_MEASURE = "Four huddles in a row chaired without notes"
GOAL_1_ACTION = "Write a one-page huddle agenda template"
GOAL_2 = "Hand three repairs cases to colleagues"
REVIEW_PROGRESS = "Half the goals met; the huddles go well"
REVIEW_ISSUES = "Monthly meetings are enough for us"
LEARNED = "Preparing an agenda takes the fear out of chairing"
NEXT_STEPS = "Apply for the team leader post in the spring"
TYPED = [
    *AIMS,
    *LOG_1,
    LOG_1_ACTION,
    *LOG_2,
    CORRECTION,
    LOG_2_FIXED,
    *LOG_3,
    LOG_3_ACTION,
    LONG_TERM_GOAL,
    STRENGTHS,
    GOAL_1,
    GOAL_1_MEASURE,
    GOAL_1_ACTION,
    GOAL_2,
    REVIEW_PROGRESS,
    REVIEW_ISSUES,
    LEARNED,
    NEXT_STEPS,
]


def test_a_whole_relationship_from_signing_to_goals_achieved_unseen_by_the_mentors_manager(
    page, check_page, coordinator, staff_member, colleague
):
    jo, chris = staff_member, colleague
    morgan = StaffMemberFactory(first_name="Morgan", last_name="Hale")
    chris.line_manager = morgan
    chris.save()
    programme = programme_for_matching(
        coordinator, agreement_required=True, review_interval_months=3, length_max_months=12
    )
    relationship = paired(accepted(programme, chris, "mentor"), accepted(programme, jo, "mentee"))
    here = relationship.get_absolute_url()

    # 1. Both say yes after the introduction; Jo writes the agreement and both sign it.
    sign_in(page, jo.work_email)
    page.get_by_role("link", name="My mentoring").click()
    page.get_by_role("link", name="Jo Evans (mentee)").click()
    page.get_by_role("heading", name="After your introductory meeting").wait_for()
    check_page(page)
    _say_yes(page)
    page.get_by_role("link", name="Write the agreement together").first.click()
    page.get_by_role("heading", name="Write the mentoring agreement").wait_for()
    check_page(page)
    for letter, aim in zip("abc", AIMS, strict=True):
        page.get_by_label(f"Aim {letter})").fill(aim)
    page.get_by_role("button", name="Save the agreement").click()
    page.get_by_text("Agreement saved. Read it through, then sign it.").wait_for()
    check_page(page)
    _sign(page, "Jo Evans")
    page.get_by_text("You have signed version 1.").wait_for()
    assert Relationship.objects.get().status == "proposed"
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, chris.work_email)
    page.get_by_role("link", name="My mentoring").click()
    page.get_by_role("link", name="Jo Evans (mentee)").click()
    _say_yes(page)
    page.get_by_role("link", name="Read and sign the agreement").first.click()
    page.get_by_text(f"c) {AIMS[2]}").wait_for()
    _sign(page, "Chris Taylor")
    page.get_by_text("Everyone has signed and said yes: your mentoring has started.").wait_for()
    relationship.refresh_from_db()
    assert relationship.status == "active"
    assert Agreement.objects.get().is_locked
    page.get_by_role("link", name="Back to the relationship").click()
    page.locator("strong.govuk-tag").filter(has_text=re.compile("^Active$")).wait_for()
    page.get_by_text("Version 1: signed by everyone").wait_for()
    page.get_by_role("button", name="Sign out").click()

    # The browser's sessions run in real time: rather than wait, the pair signed six weeks ago.
    _weeks_pass(relationship, 6)
    today = timezone.localdate()
    held = [
        _at(today - timedelta(days=35), 10, 0),
        _at(today - timedelta(days=21), 9, 30),
        _at(today - timedelta(days=7), 14, 0),
    ]

    # 2. Jo arranges a meeting here; once it has happened she logs it, with an action.
    sign_in(page, jo.work_email)
    page.goto(here)
    page.get_by_role("link", name="Arrange a meeting").click()
    page.get_by_role("heading", name="Arrange a meeting").wait_for()
    check_page(page)
    tomorrow = _at(today + timedelta(days=1), 10, 0)
    page.get_by_label("Date and time").fill(f"{tomorrow:%Y-%m-%dT%H:%M}")
    page.get_by_label("Planned length (minutes)").fill("60")
    page.get_by_label("Method").select_option(label="Video call")
    page.get_by_label("Place", exact=True).fill("Teams")
    page.get_by_role("button", name="Arrange it").click()
    page.get_by_text(
        "Meeting arranged. Everyone at it, you too, is emailed an invitation."
    ).wait_for(state="visible")
    first = Meeting.objects.get()
    assert first.starts_at == tomorrow
    Meeting.objects.filter(pk=first.pk).update(starts_at=held[0])  # and now it has happened

    page.reload()
    _meeting_row(page, held[0]).get_by_role(
        "link", name=f"Log the meeting of {held[0]:%-d %B %Y}"
    ).click()
    page.get_by_role("heading", name=f"Log the meeting of {held[0]:%-d %B %Y}").wait_for()
    check_page(page)
    page.get_by_label("Length of the meeting (minutes)").fill("60")
    page.get_by_label("Actions and objectives achieved since the last meeting").fill(LOG_1[0])
    page.get_by_label("Topics for this meeting").fill(LOG_1[1])
    page.get_by_label("Date of the next meeting").fill(f"{held[1]:%Y-%m-%d}")
    _action_row(page, 1, LOG_1_ACTION, "Jo Evans", held[0].date() + timedelta(days=7))
    page.get_by_role("button", name="Save the log").click()
    page.get_by_text("Logged. The others are asked to confirm it as an accurate record.").wait_for()
    page.get_by_role("heading", name=f"Log of the meeting on {held[0]:%-d %B %Y}").wait_for()
    check_page(page)

    # ... and the two meetings arranged some other way, each with its log.
    for starts, method, (achieved, topics), action in [
        (held[1], "Face to face", LOG_2, None),
        (held[2], "Telephone", LOG_3, LOG_3_ACTION),
    ]:
        page.get_by_role("link", name="Back to the relationship").click()
        page.get_by_role("link", name="Log a meeting that was not arranged here").click()
        page.get_by_role("heading", name="Log a meeting that was not arranged here").wait_for()
        check_page(page)
        page.get_by_label("Date and time you met").fill(f"{starts:%Y-%m-%dT%H:%M}")
        page.get_by_label("Method of meeting").select_option(label=method)
        page.get_by_label("Place", exact=True).fill("Room 4, Civic Centre")
        page.get_by_label("Length of the meeting (minutes)").fill("45")
        page.get_by_label("Actions and objectives achieved since the last meeting").fill(achieved)
        page.get_by_label("Topics for this meeting").fill(topics)
        if action:
            _action_row(page, 1, action, "Jo Evans", today + timedelta(days=14))
        page.get_by_role("button", name="Save the meeting and its log").click()
        page.get_by_role("heading", name=f"Log of the meeting on {starts:%-d %B %Y}").wait_for()
    assert Meeting.objects.count() == MeetingLog.objects.count() == 3
    assert ActionItem.objects.filter(meeting_log__isnull=False).count() == 2
    page.get_by_role("button", name="Sign out").click()

    # Chris confirms the first log and suggests a correction to the second.
    sign_in(page, chris.work_email)
    page.get_by_role("link", name="My mentoring").click()
    page.get_by_role("link", name="Jo Evans (mentee)").click()
    page.get_by_role("link", name=f"Confirm the log of {held[0]:%-d %B %Y}", exact=True).click()
    page.get_by_role("heading", name=LOG_1_ACTION, exact=True).wait_for()
    check_page(page)
    page.get_by_role("button", name="Confirm it as an accurate record").click()
    page.get_by_text("Confirmed as an accurate record. Thank you.").wait_for()
    page.get_by_role("link", name="Back to the relationship").click()
    page.get_by_role("link", name=f"Confirm the log of {held[1]:%-d %B %Y}", exact=True).click()
    page.get_by_label("The correction you suggest").fill(CORRECTION)
    page.get_by_role("button", name="Suggest a correction").click()
    page.get_by_text("Your correction has gone to the author of the log.").wait_for()
    logs = {log.meeting.starts_at: log for log in MeetingLog.objects.select_related("meeting")}
    assert [logs[starts].status for starts in held] == ["confirmed", "correction", "awaiting"]
    assert logs[held[1]].correction == CORRECTION
    page.get_by_role("button", name="Sign out").click()

    # Jo corrects her log; it waits for Chris to confirm it again.
    sign_in(page, jo.work_email)
    page.get_by_role("link", name="My mentoring").click()
    page.get_by_role("link", name="Jo Evans (mentee)").click()
    _meeting_row(page, held[1]).get_by_role(
        "link", name=f"Read the log of {held[1]:%-d %B %Y}"
    ).click()
    page.get_by_text(CORRECTION).wait_for()
    page.get_by_role("link", name="Change the log").click()
    page.get_by_role("heading", name="Chris Taylor suggested a correction").wait_for()
    page.get_by_label("Topics for this meeting").fill(LOG_2_FIXED)
    page.get_by_role("button", name="Save the changes").click()
    page.get_by_text("Logged. The others are asked to confirm it as an accurate record.").wait_for()
    fixed = MeetingLog.objects.get(meeting__starts_at=held[1])
    assert (fixed.status, fixed.topics, fixed.correction) == ("awaiting", LOG_2_FIXED, "")

    # 3. Jo builds her action plan: a long-term goal, two SMART goals, one with an action.
    page.get_by_role("link", name="Back to the relationship").click()
    page.get_by_role("link", name="Start the action plan").click()
    page.get_by_role("heading", name="No action plan yet").wait_for()
    check_page(page)
    page.get_by_role("link", name="Start the action plan").click()
    page.get_by_label("Long-term goal").fill(LONG_TERM_GOAL)
    page.get_by_label("Needs and strengths").fill(STRENGTHS)
    page.get_by_label("Commitment from 1 to 10").fill("8")
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_text("The action plan is saved.").wait_for()
    page.get_by_text("No short-term goals yet.").wait_for()
    check_page(page)

    page.get_by_role("link", name="Add a goal").click()
    page.get_by_role("heading", name="Add a short-term goal").wait_for()
    check_page(page)
    page.get_by_label("Specific: what exactly").fill(GOAL_1)
    page.get_by_label("Measurable: how you will know").fill(GOAL_1_MEASURE)
    page.get_by_label("Achievable: why it is within reach").fill("Chris will coach me first")
    page.get_by_label("Realistic: why it matters now").fill("The team lead post opens soon")
    page.get_by_label("Time-bound: by when").fill(f"{today + timedelta(days=60):%Y-%m-%d}")
    page.get_by_label("Status").select_option(label="In progress")
    page.get_by_text("Optional prompts: GROW and OSKAR").click()
    page.get_by_label("Where I am now, from 0 to 10").fill("3")
    page.get_by_label("Where I want to be, from 0 to 10").fill("8")
    check_page(page)  # with the prompts open
    page.get_by_role("button", name="Save the goal").click()
    page.get_by_text("Goal added.").wait_for()

    page.get_by_role("link", name="Add a goal").click()
    page.get_by_label("Specific: what exactly").fill(GOAL_2)
    page.get_by_label("Measurable: how you will know").fill("Three cases reassigned")
    page.get_by_label("Time-bound: by when").fill(f"{today + timedelta(days=30):%Y-%m-%d}")
    page.get_by_role("button", name="Save the goal").click()
    page.get_by_text("Goal added.").wait_for()

    _goal_card(page, GOAL_1).get_by_role("link", name="Add an action").click()
    page.get_by_role("heading", name="Add an action").wait_for()
    check_page(page)
    page.get_by_role("textbox", name="Action").fill(GOAL_1_ACTION)
    page.get_by_label("Whose action").select_option(label="Jo Evans")
    page.get_by_label("Timescale: due by").fill(f"{today + timedelta(days=10):%Y-%m-%d}")
    page.get_by_role("button", name="Save the action").click()
    page.get_by_text("Action added.").wait_for()
    goal_1 = _goal_card(page, GOAL_1)
    goal_1.get_by_text(re.compile("0 of 1 action done · .*now 3, wanting to be 8")).wait_for()
    goal_1.get_by_text(GOAL_1_ACTION, exact=True).wait_for()
    page.get_by_text("0 of 2 goals achieved").wait_for()

    _goal_card(page, GOAL_2).get_by_role("link", name="Change goal 2").click()
    page.get_by_label("Status").select_option(label="Achieved")
    page.get_by_role("button", name="Save the goal").click()
    page.get_by_text("Goal saved.").wait_for()
    page.get_by_text("1 of 2 goals achieved").wait_for()
    check_page(page)
    plan = ActionPlan.objects.get()
    assert plan.long_term_goal == LONG_TERM_GOAL
    goals = {goal.specific: goal for goal in Goal.objects.all()}
    assert (goals[GOAL_1].scale_now, goals[GOAL_1].scale_wanted) == (3, 8)
    assert [goals[GOAL_1].status, goals[GOAL_2].status] == ["in_progress", "achieved"]
    assert goals[GOAL_1].actions.get().owner == jo
    page.get_by_role("link", name="Back to the relationship").click()
    page.get_by_text("1 of 2 goals achieved").wait_for()
    check_page(page)  # the workspace in full: logs, open actions, the plan's progress

    # 4. The first review is due in three months, and may be answered early.
    first_review = add_months(timezone.localdate(relationship.started_at), 3)
    page.get_by_text(f"Your review is due on {first_review:%-d %B %Y}").wait_for()
    page.get_by_role("link", name="Answer the review", exact=True).click()
    page.get_by_role("heading", name=f"Review due {first_review:%-d %B %Y}").wait_for()
    check_page(page)
    page.get_by_label("Yes, it is helping").check()
    page.get_by_label("Progress against the action plan").fill(REVIEW_PROGRESS)
    page.get_by_label("Practical issues").fill(REVIEW_ISSUES)
    page.get_by_label("Yes, it is still relevant").check()
    page.get_by_role("button", name="Save my review").click()
    page.get_by_text("Thank you: your review is saved.").wait_for()
    answer = ReviewAnswer.objects.select_related("review").get()
    assert (answer.person, answer.review.due_on, answer.helping) == (jo, first_review, "yes")
    page.get_by_text(f"Reviews answered: {first_review:%-d %B %Y}.").wait_for()

    # 5. Jo ends it: goals achieved, with her closing checklist.
    page.get_by_role("link", name="End the relationship").click()
    page.get_by_role("heading", name="End the relationship").wait_for()
    check_page(page)
    page.get_by_label("Why is it ending?").select_option(label="Goals achieved")
    page.get_by_label("What I learned").fill(LEARNED)
    page.get_by_label("My next steps").fill(NEXT_STEPS)
    page.get_by_role("button", name="End it", exact=True).click()
    page.get_by_role("heading", name="End your mentoring with Chris Taylor?").wait_for()
    check_page(page)
    page.get_by_role("button", name="End the relationship").click()
    page.get_by_text("Ended. Thank you for taking part; the others have been told.").wait_for()
    page.locator("strong.govuk-tag").filter(has_text=re.compile("^Completed$")).wait_for()
    page.get_by_text("Goals achieved", exact=True).wait_for()
    page.get_by_text(LEARNED).wait_for()
    check_page(page)
    relationship.refresh_from_db()
    assert (relationship.status, relationship.ending, relationship.end_reason) == (
        "ended",
        "completed",
        "goals_achieved",
    )
    mine = relationship.members.get(person=jo)
    assert (mine.learned, mine.next_steps) == (LEARNED, NEXT_STEPS)
    page.get_by_role("button", name="Sign out").click()

    # 6. The mentor's line manager: every page of it is not found, and nothing typed shows.
    sign_in(page, morgan.work_email)
    page.get_by_role("link", name="My mentoring").wait_for()
    mentee = relationship.members.get(person=jo)
    for url in [
        here,
        reverse("relationships:agreement_current", args=[relationship.pk]),
        reverse("relationships:log", args=[first.pk]),
        reverse("relationships:plan", args=[mentee.pk]),
        reverse("relationships:review", args=[relationship.pk]),
    ]:
        response = page.goto(url)
        assert response.status == 404, url
        page.get_by_role("heading", name="Page not found").wait_for()
    page.get_by_role("link", name="Go to your home page").click()
    page.get_by_role("heading", name="Waiting for you").wait_for()
    reachable = {"/", reverse("relationships:mine"), reverse("relationships:shared")}
    for url in sorted(reachable):
        page.goto(url)
        reachable |= _links_on(page)
    for url in sorted(reachable):
        page.goto(url)
        body = page.locator("body").inner_text()
        assert [text for text in TYPED if text in body] == [], url
    assert not [m for m in mail.outbox if morgan.work_email in m.recipients()]


def _say_yes(page):
    page.get_by_label("Yes, let's go ahead").check()
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_text("Thank you: you said you would like to go ahead.").wait_for()


def _sign(page, name):
    page.get_by_label("Type your full name to sign").fill(name)
    page.get_by_label("I agree to the above statements").check()
    page.get_by_role("button", name="Sign version 1").click()


def _weeks_pass(relationship, weeks):
    """Move the pairing and the start back in time, as if they happened `weeks` ago."""
    relationship.refresh_from_db()
    back = timedelta(weeks=weeks)
    Relationship.objects.filter(pk=relationship.pk).update(
        created_at=relationship.created_at - back,
        started_at=relationship.started_at - back,
        planned_end_on=relationship.planned_end_on - back,
    )
    relationship.refresh_from_db()


def _at(day, hour, minute):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _meeting_row(page, starts_at):
    """The meeting's line under "Meetings held" on the relationship page."""
    held = page.get_by_role("region", name="Meeting logs and actions")
    return held.locator(".govuk-summary-list__row").filter(has_text=f"{starts_at:%-d %B %Y}")


def _action_row(page, number, description, owner, due_on):
    row = page.get_by_role("group", name=f"Action {number}", exact=True)
    row.get_by_role("textbox", name="Action").fill(description)
    row.get_by_label("Who").select_option(label=owner)
    row.get_by_label("Due by").fill(f"{due_on:%Y-%m-%d}")


def _goal_card(page, specific):
    return page.locator(".govuk-summary-card").filter(has_text=specific)


def _links_on(page):
    """The pages this page links to on the site, but not signing out or the admin site."""
    hrefs = page.locator("a[href^='/']").evaluate_all("links => links.map(a => a.pathname)")
    return {href for href in hrefs if not href.startswith(("/admin", "/accounts/logout"))}
