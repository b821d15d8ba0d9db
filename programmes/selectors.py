"""What the programme pages show: what an action will do before it is confirmed, and where a
person stands in a programme. Relationships are read through their reverse names only
(`memberships`, `relationships`), so this app never imports the one above it."""

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import dateformat, timezone

from mentoring.people.permissions import staff_member_of

from .models import Application, Programme

Status = Application.Status
WAITING = [Status.AWAITING_MANAGER, Status.WITH_COORDINATOR, Status.WAITING_LIST]
DECISION_TITLES = {
    "accept": "Accept",
    "waiting_list": "Put on the waiting list",
    "decline": "Decline",
}


def counted(number: int, word: str, plural: str = "") -> str:
    return f"{number} {word if number == 1 else plural or word + 's'}"


def names(people) -> str:
    people = list(people)
    if len(people) < 2:
        return "".join(people)
    return ", ".join(people[:-1]) + " and " + people[-1]


def closing_consequences(programme: Programme) -> list[str]:
    """What closing a programme stops, and what carries on (its relationships run on)."""
    waiting = programme.applications.filter(status__in=WAITING).count()
    running = programme.relationships.exclude(status="ended").count()
    lines = [
        "Nobody can apply to it any more, and nobody new can be paired in it.",
        "Participants, line managers and sponsors no longer see it in the list of programmes.",
    ]
    if waiting:
        lines.append(
            f"{counted(waiting, 'application')} still waiting for a decision "
            f"{'stays' if waiting == 1 else 'stay'} in its queue for you to decide."
        )
    if running:
        lines.append(
            f"{counted(running, 'relationship')} under way {'carries' if running == 1 else 'carry'}"
            " on to its planned end."
        )
    lines.append("Nobody is emailed. You can archive it once it is closed.")
    return lines


def archiving_consequences(programme: Programme) -> list[str]:
    return [
        "It leaves every list of programmes, coordinators' included.",
        "Nothing about it can change any more: no decisions, edits or new questionnaires.",
        "Its records stay: applications, relationships and reports keep what they hold.",
        "Nobody is emailed.",
    ]


def withdrawal_consequences(application: Application) -> list[str]:
    """What withdrawing does, following relationships' rule: a mentee leaving a group leaves
    only it; anyone else ends the relationship, and its other mentees wait for a new mentor."""
    lines = [
        "Your application is withdrawn. To take part again you would apply again, and it "
        "would start from the beginning."
    ]
    members = application.memberships.filter(is_live=True).exclude(relationship__status="ended")
    for member in members.select_related("relationship"):
        lines += _leaving(member)
    # "manager": accepted, waiting for the mentee's line manager (relationships' request)
    if application.requests_made.filter(status__in=["pending", "manager"]).exists():
        lines.append("Your requests to mentors that are waiting for an answer are withdrawn.")
    if application.requests_received.filter(status="pending").exists():
        lines.append("Requests from mentees waiting for your answer are declined.")
    if application.requests_received.filter(status="manager").exists():
        lines.append("Mentees you accepted whose line manager has still to answer are declined.")
    return lines


def _leaving(member) -> list[str]:
    everyone = list(member.relationship.members.filter(is_live=True).select_related("person"))
    others = [m for m in everyone if m.pk != member.pk]
    mentees = [m for m in everyone if m.role == "mentee"]
    if member.role == "mentee" and len(mentees) > 1:
        return [
            f"You leave your mentoring group with {names(m.person.full_name for m in others)}; "
            "it carries on without you."
        ]
    lines = [
        f"Your mentoring relationship with {names(m.person.full_name for m in others)} ends "
        "today, recorded as ended early because you left."
    ]
    waiting = [m.person.full_name for m in others if m.role == "mentee"]
    if waiting:
        lines.append(f"When it ends, the coordinator finds {names(waiting)} another mentor.")
    return lines


def bulk_decision_consequences(applications, decision: str, reason: str) -> tuple[str, list]:
    """The confirm page's title and lines for a decision on many applications at once."""
    people = sorted({a.applicant.full_name for a in applications})
    title = f"{DECISION_TITLES[decision]} {counted(len(applications), 'application')}?"
    lines = [
        f"{counted(len(people), 'person', 'people')} {'sees' if len(people) == 1 else 'see'} "
        f"the decision on their applications page: {names(people)}.",
        "Each is emailed that you have decided; a reason stays on their applications page.",
    ]
    if decision == "decline" and reason:
        lines.insert(1, f"Each is told your reason: “{reason}”.")
    return title, lines


def waiting_counts(user):
    """Each programme the person coordinates, with how many applications wait for a line
    manager, for a decision, and on the waiting list: one query."""
    me = staff_member_of(user)
    if me is None:
        return Programme.objects.none()
    return (
        Programme.objects.current()
        .filter(coordinators=me)
        .annotate(
            **{
                name: Count("applications", filter=Q(applications__status=status))
                for name, status in [
                    ("waiting_for_manager", Status.AWAITING_MANAGER),
                    ("waiting_for_decision", Status.WITH_COORDINATOR),
                    ("on_waiting_list", Status.WAITING_LIST),
                ]
            }
        )
        .order_by("name")
    )


def programmes_knowing_you(user):
    """The programmes the person may see, each with `yours`: where their live applications
    stand, in the words of the programme's own page. Two queries, whatever the number."""
    programmes = Programme.objects.visible_to(user).current()
    me = staff_member_of(user)
    if me is None:
        return [(programme, []) for programme in programmes]
    live = (
        Application.objects.filter(applicant=me)
        .exclude(status__in=Application.CLOSED_STATUSES)
        .select_related("manager")
        .order_by("role")
    )
    programmes = programmes.prefetch_related(Prefetch("applications", live, to_attr="live"))
    return [(p, [application_in_words(a) for a in p.live]) for p in programmes]


def where_i_stand(user, programme: Programme) -> list[dict]:
    """The person's live applications to this programme, each with what it waits for and
    the relationships it led to."""
    me = staff_member_of(user)
    if me is None:
        return []
    applications = (
        programme.applications.filter(applicant=me)
        .exclude(status__in=Application.CLOSED_STATUSES)
        .select_related("manager")
        .order_by("role")
    )
    return [
        {
            "application": application,
            "said": application_in_words(application),
            "relationships": _relationship_links(application),
        }
        for application in applications
    ]


DECIDED = {
    Status.WAITING_LIST: "the coordinator put you on the waiting list on {when}",
    Status.ACCEPTED: "accepted by the coordinator on {when}",
    Status.DECLINED: "not accepted: the coordinator decided on {when}",
}


def application_in_words(application: Application) -> str:
    """ "You applied on 5 December 2026 to be a mentee: waiting for your manager, Sam Patel"."""
    when = dateformat.format(timezone.localtime(application.created_at), "j F Y")
    return f"You applied on {when} to be a {application.role}: {_stands(application)}"


def _stands(application):
    if application.decided_at and application.status in DECIDED:
        when = dateformat.format(timezone.localtime(application.decided_at), "j F Y")
        return DECIDED[application.status].format(when=when)
    manager = application.manager.full_name if application.manager else ""
    return {
        Status.AWAITING_MANAGER: f"waiting for your manager, {manager}",
        Status.MANAGER_DECLINED: f"your manager, {manager}, did not support it",
        Status.WITH_COORDINATOR: "waiting for the coordinator to decide",
        Status.WAITING_LIST: "you are on the waiting list",
        Status.ACCEPTED: "accepted",
        Status.DECLINED: "not accepted",
        Status.WITHDRAWN: "you withdrew it",
    }[application.status]


def _relationship_links(application):
    ids = (
        application.memberships.filter(is_live=True)
        .exclude(relationship__status="ended")
        .values_list("relationship_id", flat=True)
    )
    return [reverse("relationships:detail", args=[pk]) for pk in ids]


def roles_open_to_apply(programme: Programme, standing: list[dict]) -> list[str]:
    """The roles the person may still apply for: none unless the programme is open."""
    if programme.status != Programme.Status.OPEN or programme.is_archived:
        return []
    applied = {place["application"].role for place in standing}
    return [role for role in Application.Role.values if role not in applied]


def directory_offer(programme: Programme, standing: list[dict]) -> dict | None:
    """Whether the person may look for a mentor in the directory, and if not, why; None where
    mentees do not choose their mentor."""
    if not programme.mentees_choose:
        return None
    mentee = next((p["application"] for p in standing if p["application"].role == "mentee"), None)
    if mentee is None:
        why = (
            "You can look for a mentor once you have applied to be a mentee and your "
            "application is accepted."
        )
    elif mentee.status != Status.ACCEPTED:
        why = "You can look for a mentor once your application is accepted."
    else:
        why = ""
    return {"open": not why, "why": why}
