"""The relationship's workspace page, which gathers every part of the relationship."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .. import conversations, dates, workspace
from ..forms import CancelForm, ClosingForm, IntroductionForm, PhaseForm, RematchForm
from ..permissions import Content, Reader
from ..services.lifecycle import suggested_phase
from . import agreements, care, logs, plans
from .relationships import _visible_relationship

WORKSPACE_PARTS = {"agreement_part": agreements, "logs_part": logs, "plan_part": plans}


@login_required
def relationship_detail(request, pk):
    """The relationship's workspace: who, where it stands, what comes next and what happened,
    each part showing only what this person may read (DATA-1)."""
    relationship = _visible_relationship(request, pk)
    reader = Reader(request.user, relationship)
    now = timezone.now()
    meetings = workspace.meetings_of(relationship)
    if reader.member:  # a session outside the group: only its own people (002)
        meetings = [m for m in meetings if reader.sees(m)]
    left_at = getattr(reader.member, "left_at", None)
    if left_at:  # someone who left a group: only what happened while they were in it
        meetings = [m for m in meetings if m.starts_at < left_at]
    members = list(relationship.members.all())
    context = {
        "relationship": relationship,
        "members": members,
        "closing": _closing_checklists(reader, members),
        "mine": reader.member,
        "reader": reader,
        "is_coordinator": reader.is_coordinator,
        "introduction_form": IntroductionForm(),
        "rematch_form": RematchForm(),
        "phase_form": PhaseForm(initial={"phase": relationship.phase}),
        "suggested_phase": suggested_phase(relationship, timezone.localdate()),
        "closing_form": ClosingForm(is_mentee=getattr(reader.member, "role", "") == "mentee"),
        "upcoming": [m for m in meetings if m.starts_at > now] if reader.member else [],
        "next_meeting": workspace.next_meeting(meetings, now),
        "sessions": dates.sessions_counted(relationship, meetings, now),
        "in_person_years": dates.in_person_years(relationship, meetings, now),
        "timeline": [
            event
            for event in workspace.timeline(relationship, meetings, now)
            if left_at is None or event.at < left_at
        ],
        "cancel_form": CancelForm(),
        "now": now,
        "today": timezone.localdate(),
        "care_part": care.workspace_part(reader),
        "coordinator_part": care.coordinator_part(reader, meetings, now),
        "unread_messages": conversations.unread_count(reader) if reader.is_member else None,
    }
    for name, module in WORKSPACE_PARTS.items():
        context[name] = module.workspace_part(reader)
    context["tasks"] = workspace.tasks_for(reader, context)
    return render(request, "relationships/relationship_detail.html", context)


def _closing_checklists(reader, members):
    """Once it has ended, the people in it read each other's closing checklists; someone who
    left before the end does not."""
    relationship = reader.relationship
    if relationship.ended_at is None or reader.member is None:
        return []
    if not reader.can_read(Content.CLOSING, written_at=relationship.ended_at):
        return []
    return [m for m in members if m.learned]
