"""Retention (DATA-3): once a relationship has been over for longer than its programme keeps
what was written, the words go and the facts stay. Agreements, meeting logs, private notes,
action plans, goals and actions, reviews, concerns, shared summaries, closing reflections and
written evaluation answers are erased; who took part and in which role, dates, meetings and
how they were held, statuses, ratings and choices stay, so the monitoring reports and the
records of who took part (MON-3) do not change."""

from datetime import datetime, time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from evaluations.models import Answer
from mentoring.audit.models import AuditEntry
from programmes.models import per_programme

from ..dates import add_months
from ..models import (
    ActionItem,
    ActionPlan,
    Agreement,
    Concern,
    Goal,
    Meeting,
    MeetingLog,
    Member,
    MentorRequest,
    PrivateNote,
    Relationship,
    ReviewAnswer,
    SharedSummary,
)

BATCH = 500
WORDS = {
    Agreement: [
        "contact_between",
        "expectations",
        "mentor_role",
        "mentee_role",
        "confidentiality",
        "feedback",
        "ground_rules",
        "documentation",
        "breakdown",
    ],
    MeetingLog: [
        "achieved",
        "challenges",
        "topics",
        "steps_agreed",
        "resources_needed",
        "correction",
    ],
    ActionItem: ["description"],
    ReviewAnswer: ["plan_progress", "practical_issues"],
    Concern: ["text"],
    SharedSummary: ["text"],
    Member: ["learned", "next_steps"],
    Meeting: ["place"],
    MentorRequest: ["message", "reply"],
}
PLAN_WORDS = ["long_term_goal", "needs_and_strengths", "commitment_needs", "comments"]
GOAL_WORDS = [
    "specific",
    "measurable",
    "achievable",
    "realistic",
    "milestones",
    "success_criteria",
    "grow_goal",
    "grow_reality",
    "grow_options",
    "grow_way_forward",
]
TO_RELATIONSHIP = {
    Agreement: "relationship",
    MeetingLog: "meeting__relationship",
    ActionItem: "relationship",
    ReviewAnswer: "review__relationship",
    Concern: "relationship",
    SharedSummary: "relationship",
    Member: "relationship",
    Meeting: "relationship",
    MentorRequest: "relationship",
}


def past_retention(now):
    """Ended relationships whose programme's retention period has run out, not yet erased."""
    today = timezone.localdate(now)
    return Relationship.objects.filter(
        per_programme(
            "retention_months",
            lambda months: _before(add_months(today, -months)),
            "programme",
        ),
        status=Relationship.Status.ENDED,
        content_erased_at__isnull=True,
    )


def _before(day):
    return Q(ended_at__lt=timezone.make_aware(datetime.combine(day, time.min)))


def content_erase(*, now=None):
    """Erase what was written in every relationship past its retention period, a batch at a
    time, each batch in one transaction; returns how many relationships were erased. Running
    it again finds nothing more to do."""
    now = now or timezone.now()
    erased = 0
    while True:
        with transaction.atomic():
            due = past_retention(now).select_for_update(skip_locked=True, of=("self",))
            ids = list(due.order_by("pk").values_list("pk", flat=True)[:BATCH])
            if not ids:
                return erased
            _erase(ids, now)
        erased += len(ids)


def _erase(ids, now):
    for model, fields in WORDS.items():
        model.objects.filter(**{f"{TO_RELATIONSHIP[model]}__in": ids}).update(
            **dict.fromkeys(fields, "")
        )
    Agreement.objects.filter(relationship__in=ids).update(aims=[])
    PrivateNote.objects.filter(meeting__relationship__in=ids).delete()
    ActionPlan.objects.filter(mentee__relationship__in=ids).update(**dict.fromkeys(PLAN_WORDS, ""))
    Goal.objects.filter(plan__mentee__relationship__in=ids).update(**dict.fromkeys(GOAL_WORDS, ""))
    Answer.objects.filter(response__relationship__in=ids).update(text="")
    relationships = Relationship.objects.filter(pk__in=ids)
    programmes = dict(relationships.values_list("pk", "programme_id"))
    relationships.update(content_erased_at=now)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            at=now,
            who="Retention (automatic)",
            action=AuditEntry.Action.ERASE,
            kind="relationship",
            object_id=pk,
            relationship_id=pk,
            programme_id=programmes[pk],
            note="What was written was erased after the programme's retention period.",
        )
        for pk in ids
    )
