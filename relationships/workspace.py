"""What the relationship page shows around its parts: the next meeting and a timeline of what
happened. The timeline says what happened and when, never what was said, so everyone who
may open the page may read it."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from .models import Agreement, Goal, ReviewAnswer, Signature


@dataclass(frozen=True)
class Event:
    at: datetime
    words: str


def meetings_of(relationship):
    return list(
        relationship.meetings.select_related(
            "log__written_by", "log__answered_by", "with_member__person"
        ).order_by("starts_at", "pk")
    )


def next_meeting(meetings, now):
    return next((m for m in meetings if not m.is_cancelled and m.starts_at > now), None)


def timeline(relationship, meetings, now):
    """Everything that happened, newest first, in a fixed number of queries."""
    events = [Event(relationship.created_at, "Matched")]
    if relationship.started_at:
        events.append(Event(relationship.started_at, "Started"))
    events += _meeting_events(meetings, now)
    events += _agreement_events(relationship)
    events += [
        Event(answer.answered_at, f"{answer.person.full_name} answered the review")
        for answer in ReviewAnswer.objects.filter(review__relationship=relationship)
        .select_related("person")
        .only("answered_at", "person__first_name", "person__last_name")
    ]
    events += [
        Event(goal.created_at, "A goal was added to the action plan")
        for goal in Goal.objects.filter(plan__mentee__relationship=relationship).only("created_at")
    ]
    if relationship.ended_at:
        events.append(Event(relationship.ended_at, relationship.tag.words))
    return sorted(events, key=lambda e: e.at, reverse=True)


def _meeting_events(meetings, now):
    for meeting in meetings:
        kind = meeting.get_method_display().lower()
        if meeting.is_cancelled:
            yield Event(meeting.cancelled_at, f"Meeting of {meeting.starts_at:%-d %B} cancelled")
        elif meeting.starts_at <= now:
            yield Event(meeting.starts_at, f"Meeting held ({kind})")
        log = getattr(meeting, "log", None)
        if log is not None:
            yield Event(log.written_at, f"{log.written_by.full_name} logged the meeting")
            if log.answered_at and log.status == log.Status.CONFIRMED:
                yield Event(log.answered_at, f"{log.answered_by.full_name} confirmed the log")
            elif log.answered_at:
                yield Event(log.answered_at, f"{log.answered_by.full_name} suggested a correction")


def _agreement_events(relationship):
    signatures = Signature.objects.select_related("person").order_by("signed_at")
    versions = Agreement.objects.filter(relationship=relationship).prefetch_related(
        Prefetch("signatures", signatures)
    )
    for agreement in versions.only("version", "created_at", "locked_at", "relationship_id"):
        yield Event(agreement.created_at, f"Agreement version {agreement.version} written")
        for signature in agreement.signatures.all():
            yield Event(
                signature.signed_at,
                f"{signature.person.full_name} signed agreement version {agreement.version}",
            )


@dataclass(frozen=True)
class Task:
    words: str
    url: str
    due_on: date | None = None


def tasks_for(reader, parts):
    """What needs doing by the person looking at the page, from the parts it already read."""
    relationship, member = reader.relationship, reader.member
    url = relationship.get_absolute_url()
    live = bool(member and member.is_live and relationship.is_live)
    tasks = []
    if live and relationship.status == "proposed" and not member.goes_ahead:
        tasks.append(
            Task("Say whether you want to go ahead after the introduction", url + "#introduction")
        )
    agreement = parts["agreement_part"]
    if live and agreement.get("can_sign"):
        tasks.append(Task("Read and sign the agreement", agreement["url"]))
    elif live and agreement.get("can_edit") and not agreement.get("version"):
        tasks.append(Task("Write the agreement together", agreement["edit_url"]))
    logs = parts["logs_part"]
    for row in logs.get("awaiting", []):
        words = f"Confirm the log of {_day(row['meeting'].starts_at)}"
        tasks.append(Task(words, row["meeting"].log.get_absolute_url()))
    for row in logs.get("to_correct", []):
        who = getattr(row["log"].answered_by, "full_name", "Someone")
        day = _day(row["meeting"].starts_at)
        words = f"{who} suggested a correction to the log of {day}: change your log"
        tasks.append(Task(words, reverse("relationships:log_write", args=[row["meeting"].pk])))
    for row in logs.get("meetings", []):
        if row["log"] is None and row["can_write"]:
            words = f"Log the meeting of {_day(row['meeting'].starts_at)}"
            tasks.append(Task(words, reverse("relationships:log_write", args=[row["meeting"].pk])))
    me = getattr(reader.person, "pk", None)
    for row in logs.get("actions", []):
        action = row["action"]
        if live and action.owner_id == me and row["overdue"]:
            tasks.append(
                Task(f"Your action: {action.description}", url + "#actions", action.due_on)
            )
    care = parts["care_part"]
    if care.get("review_due_on"):
        tasks.append(
            Task(
                "Answer the review of how mentoring is going",
                reverse("relationships:review", args=[relationship.pk]),
                care["review_due_on"],
            )
        )
    if parts.get("coordinator_part", {}).get("reasons") and relationship.is_live:
        tasks.append(Task("It is at risk: see what you can do", url + "#coordinator"))
    if reader.is_coordinator and relationship.review_needed and relationship.is_live:
        tasks.append(
            Task(f"Review this relationship: {relationship.review_needed}", url + "#review-needed")
        )
    if (
        member
        and relationship.status == "ended"
        and not member.learned
        and not relationship.content_erased_at
    ):
        tasks.append(Task("Write your closing checklist", url + "#closing"))
    return tasks


def _day(moment):
    return f"{timezone.localtime(moment):%-d %B %Y}"
