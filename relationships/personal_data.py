"""What relationships hold about a person, for their export (mentoring/people/export.py): the
relationships they were in, the agreements, meetings, logs and actions they share with the
others in them, and what they wrote themselves: private notes, their action plan, review
answers, concerns, summaries and closing checklist. Nobody else's private notes, review
answers or concerns. Messages: those they wrote and those they received while they were in
the conversation."""

from django.db.models import Q

from mentoring.people.export import record

from .models import (
    ActionItem,
    ActionPlan,
    Agreement,
    CheckIn,
    Concern,
    CoordinatorNote,
    Goal,
    ManagerAnswer,
    Meeting,
    MeetingLog,
    Member,
    MentorRequest,
    Message,
    PrivateNote,
    ReviewAnswer,
    SetAside,
    SharedSummary,
    Signature,
)
from .permissions import sessions_seen_by

# What happened, then what was written as each model declares it (mentoring/confidential.py).
AGREEMENT = ["version", *Agreement.CLAUSES, "created_at"]
LOG = ["minutes", *MeetingLog.CONFIDENTIAL.hidden, "written_by", "written_at", "status"]
PLAN = ["started_on", "completion_on", "next_review_on", "commitment", "updated_at"]
PLAN += ActionPlan.CONFIDENTIAL.hidden
GOAL = ["time_bound", "review_on", "status", "scale_now", "scale_wanted", "created_at"]
GOAL += Goal.CONFIDENTIAL.hidden


def sections(person):
    members = Member.objects.filter(person=person).select_related("relationship__programme")
    members = list(members.order_by("relationship__created_at", "pk"))
    others = Member.objects.filter(relationship__in=[m.relationship_id for m in members])
    names = {}
    for other in others.exclude(person=person).select_related("person", "relationship__programme"):
        names.setdefault(other.relationship_id, []).append(
            f"{other.person.full_name} ({other.role_words})"
        )
    # What the pair share, as the portal lets every member read it (Reader), ended or not;
    # for someone who left a group, only what was written while they were in it.
    while_in = _while_in(members)
    return [
        ("Your mentoring relationships", [_relationship(m, names) for m in members]),
        ("Mentor requests", _requests(person)),
        ("Your answers about a mentor proposed for someone you manage", _answers(person)),
        (
            "Agreements",
            [
                record(a, AGREEMENT, {"Relationship": a.relationship_id})
                for a in Agreement.objects.filter(while_in(Agreement)).order_by("pk")
            ],
        ),
        (
            "Your signatures",
            [
                record(
                    s,
                    ["typed_name", "signed_at"],
                    {"Agreement": str(s.agreement), "Relationship": s.agreement.relationship_id},
                )
                for s in Signature.objects.filter(person=person).select_related("agreement")
            ],
        ),
        (
            "Meetings",
            [
                record(
                    m,
                    ["starts_at", "minutes", "method", "place", "online_link", "cancelled_at"],
                    {"Relationship": m.relationship_id},
                )
                for m in Meeting.objects.filter(
                    while_in(Meeting), sessions_seen_by(person)
                ).order_by("starts_at")
            ],
        ),
        ("Meeting logs", _logs(while_in(MeetingLog) & sessions_seen_by(person, via="meeting"))),
        ("Messages in your conversations", _messages(while_in(Message))),
        (
            "Your private notes",
            [
                record(n, ["text"], {"Meeting": n.meeting.starts_at})
                for n in PrivateNote.objects.filter(author=person).select_related("meeting")
            ],
        ),
        (
            "Actions you own",
            [
                record(a, ["description", "due_on", "status", "created_at", "done_at"])
                for a in ActionItem.objects.filter(owner=person).order_by("pk")
            ],
        ),
        ("Your action plans", _plans(person)),
        (
            "Your review answers",
            [
                record(
                    a,
                    [
                        "helping",
                        "plan_progress",
                        "practical_issues",
                        "agreement_fits",
                        "answered_at",
                    ],
                    {"Review due": a.review.due_on},
                )
                for a in ReviewAnswer.objects.filter(person=person).select_related("review")
            ],
        ),
        (
            "Concerns you raised",
            [
                record(c, ["text", "raised_at", "handled_at"])
                for c in Concern.objects.filter(raised_by=person).order_by("pk")
            ],
        ),
        (
            "Your summaries for your line manager",
            [
                record(s, ["text", "status", "updated_at", "shared_at"])
                for s in SharedSummary.objects.filter(mentee=person).order_by("pk")
            ],
        ),
        (
            "Check-ins from your coordinator",
            [
                record(c, ["message", "sent_at"], {"Relationship": c.relationship_id})
                for c in CheckIn.objects.filter(sent_to=person).order_by("pk")
            ],
        ),
        *_as_coordinator(person),
    ]


def _as_coordinator(person):
    """What a coordinator wrote about relationships they looked after (never what others
    wrote about them: a coordinators' note is not given back to the pair)."""
    return [
        (
            "Coordinators' notes you wrote",
            [
                record(n, ["text", "written_at"], {"Relationship": n.relationship_id})
                for n in CoordinatorNote.objects.filter(written_by=person).order_by("pk")
            ],
        ),
        (
            "Reasons you set aside",
            [
                record(a, ["reason", "until", "why", "set_at"], {"Relationship": a.relationship_id})
                for a in SetAside.objects.filter(set_by=person).order_by("pk")
            ],
        ),
    ]


def _relationship(member, names):
    relationship = member.relationship
    return record(
        relationship, ["programme", "status", "started_at", "ended_at", "ending", "end_reason"]
    ) | record(
        member,
        ["role", "is_live", "learned", "next_steps"],
        {"Relationship": relationship.pk, "With": names.get(relationship.pk, [])},
    )


def _requests(person):
    requests = MentorRequest.objects.filter(
        Q(mentee_application__applicant=person) | Q(mentor_application__applicant=person)
    ).select_related("mentee_application__programme")
    return [
        record(
            r,
            ["message", "reply", "status", "created_at", "answered_at"],
            {"Programme": r.mentee_application.programme.name},
        )
        for r in requests.order_by("pk")
    ]


def _answers(person):
    """What a line manager said about the mentors proposed for their reports."""
    answers = ManagerAnswer.objects.filter(manager=person).select_related(
        "mentee_application__programme",
        "mentee_application__applicant",
        "mentor_application__applicant",
    )
    return [
        record(
            a,
            ["answer", "concern", "asked_at", "answered_at"],
            {
                "Programme": a.mentee_application.programme.name,
                "Mentee": a.mentee_application.applicant.full_name,
                "Mentor proposed": a.mentor_application.applicant.full_name,
            },
        )
        for a in answers.order_by("pk")
    ]


def _while_in(members):
    """A filter, for a model's records: those of these relationships written, and last
    changed, while the person was in them, by when the model declares them written."""

    def where(model):
        said = model.CONFIDENTIAL
        found = Q(pk__in=[])
        for m in members:
            here = Q(**{f"{said.relationship}_id": m.relationship_id})
            if m.left_at is not None:
                here &= Q(**{f"{said.written_at}__lt": m.left_at})
                if said.changed_at:
                    changed = {f"{said.changed_at}__lt": m.left_at}
                    here &= Q(**changed) | Q(**{f"{said.changed_at}__isnull": True})
            found |= here
        return found

    return where


def _logs(while_in):
    logs = MeetingLog.objects.filter(while_in)
    return [
        record(
            log,
            LOG,
            {"Meeting": log.meeting.starts_at, "Relationship": log.meeting.relationship_id},
        )
        for log in logs.select_related("meeting", "written_by").order_by("meeting__starts_at")
    ]


def _messages(while_in):
    """Those they wrote and those they received, as the conversation shows them."""
    messages = Message.objects.filter(while_in).select_related("author").order_by("pk")
    return [
        record(
            m,
            ["text", "sent_at", "edited_at"],
            {"From": m.author.full_name, "Relationship": m.relationship_id},
        )
        for m in messages
    ]


def _plans(person):
    plans = ActionPlan.objects.filter(mentee__person=person).prefetch_related("goals")
    return [
        record(plan, PLAN, {"Goals": [record(goal, GOAL) for goal in plan.goals.all()]})
        for plan in plans.order_by("pk")
    ]
