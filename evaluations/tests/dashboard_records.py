"""Relationships in every state the dashboard tests need, written straight to the database:
the services that make them have their own tests."""

from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from django.utils import timezone

from mentoring.people.models import StaffMember
from programmes.models import Application
from relationships.models import (
    ActionItem,
    Agreement,
    Concern,
    Meeting,
    MeetingLog,
    Member,
    Relationship,
)
from tests.matching import programme_for_matching

# A Monday in British Summer Time, frozen for every dashboard test.
NOW = datetime(2025, 6, 16, 12, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = NOW.date()
NUMBERS = count()


def programme_run_by(coordinator, **rules):
    """A programme meeting every four weeks, reviewed every three months, with no agreement
    needed, unless the rules say otherwise."""
    defaults = {
        "meeting_interval_weeks": 4,
        "review_interval_months": 3,
        "agreement_required": False,
    }
    return programme_for_matching(coordinator, **defaults | rules)


def people(n):
    return StaffMember.objects.bulk_create(
        StaffMember(first_name="Person", last_name=str(k), work_email=f"d{k}@example.org")
        for k in [next(NUMBERS) for _ in range(n)]
    )


def relationship_in(programme, *, status="active", started=None, **fields):
    """A mentor and a mentee in `programme`; an active one started a week ago unless told."""
    return relationships_in(programme, 1, status=status, started=started, **fields)[0]


def relationships_in(programme, n, *, status="active", started=None, **fields):
    mentors, mentees = people(n), people(n)
    applications = Application.objects.bulk_create(
        Application(programme=programme, applicant=person, role=role, status="accepted")
        for pair in zip(mentors, mentees, strict=True)
        for person, role in zip(pair, ["mentor", "mentee"], strict=True)
    )
    if status != "proposed":
        fields.setdefault("started_at", timezone.now() - (started or timedelta(weeks=1)))
    if status == "ended":
        fields |= {"ended_at": timezone.now(), "ending": "completed"}
    relationships = Relationship.objects.bulk_create(
        Relationship(programme=programme, status=status, **fields) for _ in range(n)
    )
    Member.objects.bulk_create(
        Member(
            relationship=relationship,
            application=application,
            person=application.applicant,
            role=application.role,
            is_live=status != "ended",
        )
        for k, relationship in enumerate(relationships)
        for application in applications[2 * k : 2 * k + 2]
    )
    return relationships


def created(relationship, ago):
    Relationship.objects.filter(pk=relationship.pk).update(created_at=timezone.now() - ago)


def meeting(relationship, ago, *, cancelled=False, log_text=""):
    held = Meeting.objects.create(
        relationship=relationship,
        starts_at=timezone.now() - ago,
        minutes=60,
        method="video",
        cancelled_at=timezone.now() if cancelled else None,
    )
    if log_text:
        MeetingLog.objects.create(
            meeting=held,
            minutes=60,
            achieved=log_text,
            topics=log_text,
            written_by=relationship.members.first().person,
        )
    return held


def action(relationship, due_on, status="to_do"):
    return ActionItem.objects.create(
        relationship=relationship,
        description="Book a shadowing day",
        owner=relationship.members.first().person,
        due_on=due_on,
        status=status,
    )


def concern(relationship, text="I am worried.", handled=False):
    return Concern.objects.create(
        relationship=relationship,
        raised_by=relationship.members.get(role="mentee").person,
        text=text,
        handled_at=timezone.now() if handled else None,
    )


def agreement(relationship, *, signed):
    return Agreement.objects.create(
        relationship=relationship,
        version=1,
        aims=["Confidence", "Delegation", "Promotion"],
        mentor_role="Listen.",
        mentee_role="Prepare.",
        confidentiality="Confidential.",
        feedback="Constructive.",
        documentation="None.",
        breakdown="Talk first.",
        locked_at=timezone.now() if signed else None,
    )
