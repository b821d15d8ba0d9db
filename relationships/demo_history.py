"""A realistic past for the demo relationships: written straight into the tables, because the
services (rightly) only ever act in the present. Jo Evans and Chris Taylor have been meeting
monthly for about four months: two agreement versions, logs confirmed and corrected, an action
plan with two goals, a review, a private note and a summary shared with Jo's line manager."""

from datetime import timedelta

from django.utils import timezone

from mentoring.people.demo import WEST_SUFFOLK_HOUSE, backdate, office_hours, working_day

from .dates import add_months
from .models import (
    ActionItem,
    ActionPlan,
    Agreement,
    Goal,
    Meeting,
    MeetingLog,
    Member,
    Message,
    PrivateNote,
    Relationship,
    Review,
    ReviewAnswer,
    SharedSummary,
    Signature,
)

DAY = timedelta(days=1)
# In working days from today: paired, then the first meeting, both signing the agreement (which
# starts it, AGR-1), and a meeting about every four weeks.
PAIRED, FIRST_MEETING, STARTED, EVERY = -94, -89, -88, 21
CLAUSES = {
    "length_months": 12,
    "meet_every": "month",
    "meeting_minutes_min": 60,
    "meeting_minutes_max": 120,
    "contact_between": "By email or Teams as agreed; exceptional contact only with both agreeing.",
    "mentor_role": "Create a safe learning environment; support Jo in setting and reviewing "
    "her development goals; give her responsibility for her own learning.",
    "mentee_role": "Keep the action plan up to date; arrange our meetings and keep joint "
    "records of them; review progress regularly.",
    "confidentiality": "What we say is confidential, except where there is a risk of harm to "
    "self or others, a breach of organisational policy, or illegal activity is suspected.",
    "feedback": "Specific, timely, genuine, objective and forward-looking.",
    "documentation": "Only dates of meetings go to the coordinator, for evaluation.",
    "breakdown": "We talk to the programme first. No blame attaches to either of us.",
}
AIMS = [
    "Grow in confidence leading team meetings",
    "Plan the next step in my career",
    "Delegate more and better",
]
LOGS = [
    {
        "achieved": "Agreed our contract and first goals.",
        "topics": "Getting to know each other; what Jo wants from mentoring.",
        "steps_agreed": "Jo drafts her long-term goal; Chris shares his leadership reading list.",
        "status": MeetingLog.Status.CONFIRMED,
    },
    {
        "achieved": "Long-term goal drafted; two books started.",
        "topics": "Chairing team meetings; handling silence in a room.",
        "challenges": "Finding time to prepare before meetings.",
        "steps_agreed": "Jo chairs the weekly huddle twice before we next meet.",
        "status": MeetingLog.Status.CONFIRMED,
    },
    {
        "achieved": "Chaired two huddles.",
        "topics": "Delegation: what to hand over and how.",
        "challenges": "Letting go of tasks I am good at.",
        "status": MeetingLog.Status.CORRECTION,
        "correction": "We also agreed I would talk to Sam about the rota project.",
    },
    {
        "achieved": "Handed the rota project to a colleague.",
        "topics": "Career options: team leader roles in Place.",
        "resources_needed": "The team leader job description.",
        "status": MeetingLog.Status.AWAITING,
    },
]


def history_give(*, relationship):
    """Give the active demo relationship four months of history."""
    mentor = relationship.members.get(role="mentor").person
    mentee_member = relationship.members.get(role="mentee")
    mentee = mentee_member.person
    start = office_hours(STARTED, 10, 15)
    relationship.status, relationship.started_at = Relationship.Status.ACTIVE, start
    relationship.phase = Relationship.Phase.DIRECTION
    relationship.planned_end_on = add_months(timezone.localdate(start), 12)
    relationship.save()
    backdate(relationship, created_at=office_hours(PAIRED, 12))
    _agreements(relationship, mentor, mentee)
    logs = _meetings(relationship, mentor, mentee)
    _plan(relationship, mentee_member, mentor)
    _actions_from_logs(relationship, logs, mentor, mentee)
    _review(relationship, mentor, mentee)
    _summary(relationship, mentor, mentee)
    _messages(relationship, mentor, mentee)


# (working days from today, hour, minute, written by the mentor?, what was said)
MESSAGES = [
    (-6, 9, 30, True, "Hi Jo, how did the huddle go on Monday?"),
    (-6, 11, 5, False, "Better than last time! I let the silence sit, as we said."),
    (-5, 14, 20, False, "Could we move our next meeting to the afternoon?"),
    (-5, 16, 45, True, "Of course. Anything after 2pm works for me that week."),
    (-1, 8, 50, True, "I found the team leader job description: I will bring a copy."),
]


def _messages(relationship, mentor, mentee):
    """A few messages between meetings; Chris's last one Jo has not read yet."""
    sent = Message.objects.bulk_create(
        Message(
            relationship=relationship,
            author=mentor if by_mentor else mentee,
            text=text,
            sent_at=office_hours(days, hour, minute),
        )
        for days, hour, minute, by_mentor, text in MESSAGES
    )
    read = {mentor.pk: sent[-1].pk, mentee.pk: sent[-2].pk}
    for person, up_to in read.items():
        Member.objects.filter(relationship=relationship, person=person).update(
            messages_read_up_to=up_to
        )


def _review_dates(relationship):
    """The review held three months in and the next one at six, the same on every page."""
    started = timezone.localdate(relationship.started_at)
    return add_months(started, 3), add_months(started, 6)


def _agreements(relationship, mentor, mentee):
    held, due = _review_dates(relationship)
    # The first version after the first meeting; the second at the third, meeting more often.
    for version, (day, meet_every, review_on) in enumerate(
        [(FIRST_MEETING, "month", held), (FIRST_MEETING + 2 * EVERY, "three weeks", due)],
        start=1,
    ):
        agreement = Agreement.objects.create(
            relationship=relationship,
            version=version,
            aims=AIMS,
            review_on=review_on,
            created_by=mentee,
            **CLAUSES | {"meet_every": meet_every},
        )
        for person, signed in [
            (mentee, office_hours(day, 16)),
            (mentor, office_hours(day + 1, 10)),
        ]:
            signature = Signature.objects.create(
                agreement=agreement,
                person=person,
                typed_name=person.full_name,
                signed_in_as=person.user,
            )
            backdate(signature, signed_at=signed)
        backdate(agreement, created_at=office_hours(day, 14), locked_at=signed)


def _meetings(relationship, mentor, mentee):
    logs = []
    for n, fields in enumerate(LOGS):
        day = FIRST_MEETING + n * EVERY
        held = Meeting.objects.create(
            relationship=relationship,
            starts_at=office_hours(day, 10),
            minutes=90,
            method=["face_to_face", "video", "video", "face_to_face"][n],
            place=f"Room 2, {WEST_SUFFOLK_HOUSE}" if n % 3 == 0 else "Teams",
            arranged_by=mentee,
        )
        answered = fields["status"] != MeetingLog.Status.AWAITING
        log = MeetingLog.objects.create(
            meeting=held,
            minutes=90,
            written_by=mentee,
            answered_by=mentor if answered else None,
            answered_at=office_hours(day + 2, 9, 45) if answered else None,
            next_meeting_on=working_day(day + EVERY),
            **fields,
        )
        backdate(log, written_at=office_hours(day + 1, 15))
        logs.append(log)
    PrivateNote.objects.create(
        meeting=logs[2].meeting,
        author=mentor,
        text="Jo holds back when she knows the answer. Ask her what she would do first.",
    )
    Meeting.objects.create(
        relationship=relationship,
        starts_at=office_hours(4, 14),
        minutes=60,
        method="video",
        place="Teams",
        arranged_by=mentee,
    )
    return logs


def _plan(relationship, mentee_member, mentor):
    plan = ActionPlan.objects.create(
        mentee=mentee_member,
        long_term_goal="To be ready for a team leader post within a year.",
        needs_and_strengths="Strong casework; less confident leading groups and delegating.",
        started_on=timezone.localdate(relationship.started_at),
        completion_on=relationship.planned_end_on,
        next_review_on=_review_dates(relationship)[1],
        commitment=8,
    )
    chairing = Goal.objects.create(
        plan=plan,
        specific="Chair the weekly team huddle confidently",
        measurable="Chair eight huddles; ask two colleagues for feedback.",
        achievable="Sam has agreed I can chair from next month.",
        realistic="It is the skill the team leader role needs most.",
        time_bound=working_day(20),
        milestones="First huddle chaired; feedback gathered; run one without notes.",
        success_criteria="Colleagues say the huddles are focused and finish on time.",
        status=Goal.Status.IN_PROGRESS,
        grow_goal="Lead meetings people want to come to.",
        grow_reality="I prepare too much and then talk too much.",
        grow_options="Watch Sam chair; use a three-point agenda; ask more questions.",
        grow_way_forward="Three-point agenda from next week.",
        scale_now=5,
        scale_wanted=8,
    )
    delegation = Goal.objects.create(
        plan=plan,
        specific="Delegate one piece of work each month",
        measurable="Three pieces handed over by the review.",
        time_bound=working_day(40),
        success_criteria="The work is done well without me stepping back in.",
        status=Goal.Status.NOT_STARTED,
        scale_now=3,
        scale_wanted=7,
    )
    backdate(chairing, created_at=office_hours(FIRST_MEETING + EVERY, 14))
    backdate(delegation, created_at=office_hours(FIRST_MEETING + 2 * EVERY, 14))
    for goal, description, owner, due, status in [
        (chairing, "Chair the huddle twice", mentee_member.person, -28, "done"),
        (chairing, "Ask two colleagues for feedback", mentee_member.person, 7, "in_progress"),
        (delegation, "List the tasks only I do", mentee_member.person, 10, "to_do"),
        (delegation, "Share how I learned to delegate", mentor, 10, "to_do"),
    ]:
        ActionItem.objects.create(
            relationship=relationship,
            goal=goal,
            description=description,
            owner=owner,
            due_on=working_day(due),
            status=status,
            done_at=office_hours(due - 1, 12) if status == "done" else None,
        )


def _actions_from_logs(relationship, logs, mentor, mentee):
    for log, description, owner, due, status in [
        (logs[0], "Draft my long-term goal", mentee, FIRST_MEETING + 10, "done"),
        (logs[0], "Send the reading list", mentor, FIRST_MEETING + 3, "done"),
        (logs[2], "Talk to Sam about the rota project", mentee, -4, "to_do"),
        (logs[3], "Find the team leader job description", mentee, 3, "to_do"),
    ]:
        ActionItem.objects.create(
            relationship=relationship,
            meeting_log=log,
            description=description,
            owner=owner,
            due_on=working_day(due),
            status=status,
            done_at=office_hours(due - 1, 15) if status == "done" else None,
        )


def _review(relationship, mentor, mentee):
    held, _ = _review_dates(relationship)
    review = Review.objects.create(relationship=relationship, due_on=held)
    for person, helping, progress, issues, hour in [
        (mentee, "yes", "Chairing is going well; delegation not started.", "", 11),
        (mentor, "partly", "Good progress on chairing.", "Meetings keep running over time.", 16),
    ]:
        answer = ReviewAnswer.objects.create(
            review=review,
            person=person,
            helping=helping,
            plan_progress=progress,
            practical_issues=issues,
        )
        answered = office_hours(-1, hour, today=review.due_on)
        backdate(answer, answered_at=answered)


def _summary(relationship, mentor, mentee):
    SharedSummary.objects.create(
        relationship=relationship,
        mentee=mentee,
        text="Jo has been building her confidence in leading meetings and is now chairing "
        "the weekly huddle. Next she is working on delegating.",
        status=SharedSummary.Status.SHARED,
        updated_by=mentee,
        agreed_by=mentor,
        shared_at=office_hours(-7, 15),
        shared_with_id=mentee.line_manager_id,
    )


def introduction_give(*, relationship, days, agreement_signed_by=()):
    """An introductory meeting `days` working days from today (held or to come) and, for a
    pair still agreeing, a first draft of the agreement some have signed."""
    relationship.refresh_from_db()
    mentee = relationship.members.get(role="mentee").person
    meeting = Meeting.objects.create(
        relationship=relationship,
        starts_at=office_hours(days, 11),
        minutes=45,
        method="video",
        place="Teams",
        arranged_by=mentee,
    )
    if relationship.is_live:
        agreement = Agreement.objects.create(
            relationship=relationship, version=1, aims=AIMS, created_by=mentee, **CLAUSES
        )
        for person in agreement_signed_by:
            Signature.objects.create(
                agreement=agreement,
                person=person,
                typed_name=person.full_name,
                signed_in_as=person.user,
            )
    return meeting


def early_ending_give(*, relationship):
    """A pair who met twice in the last five weeks, logged it, and then asked for a rematch."""
    mentee = relationship.members.get(role="mentee").person
    mentor = relationship.members.get(role="mentor").person
    for day in (-20, -8):
        meeting = Meeting.objects.create(
            relationship=relationship,
            starts_at=office_hours(day, 13, 30),
            minutes=60,
            method="face_to_face",
            place=f"Room 4, {WEST_SUFFOLK_HOUSE}",
            arranged_by=mentor,
        )
        log = MeetingLog.objects.create(
            meeting=meeting,
            minutes=60,
            achieved="Getting to know each other.",
            topics="What I want from mentoring.",
            written_by=mentee,
            status=MeetingLog.Status.CONFIRMED,
            answered_by=mentor,
            answered_at=office_hours(day + 1, 12),
        )
        backdate(log, written_at=office_hours(day, 16))
