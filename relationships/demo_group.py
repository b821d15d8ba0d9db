"""A demo mentoring group (002: "group peer mentoring (one mentor/one to four mentees)"): in
the peer mentoring programme, which also forms groups, Chris Taylor meets three team leaders
new to leading a team in social care. Applied, trained and grouped through the services;
their past (an agreement all four signed, two meetings logged, a third waiting for Chris to
confirm, one to come and their conversation) written straight into the tables, as for Jo."""

from django.utils import timezone

from mentoring.people.demo import HAVERHILL_ARTS_CENTRE, MILDENHALL_HUB, backdate, office_hours
from mentoring.people.models import StaffMember
from programmes.demo import application_accepted, application_dated, training_held
from programmes.models import Area, Programme
from programmes.services.programmes import programme_update

from .dates import add_months
from .models import Agreement, Meeting, MeetingLog, Member, Message, Relationship, Signature
from .services.pairing import pair

PROGRAMME = "Peer mentoring for social care staff"
SOCIAL_CARE = ["Adult Social Care", "Children's Services"]
# In working days from today: applied, the induction, grouped, the first meeting (the
# agreement signed at it and the day after, which starts the group), then every four weeks.
APPLIED, INDUCTION, GROUPED, FIRST_MEETING, EVERY = -70, -62, -58, -55, 20
AIMS = [
    "Settle into leading a team with confidence",
    "Learn from each other's ways of running supervision",
    "Look after our own wellbeing as new team leaders",
]
CLAUSES = {
    "length_months": 12,
    "meet_every": "month",
    "meeting_minutes_min": 60,
    "meeting_minutes_max": 120,
    "contact_between": "Our group conversation on the portal, at least every two weeks.",
    "mentor_role": "Guide the sessions, share experience and keep the group to its aims; offer "
    "a one-to-one session outside the group to anyone who asks for one.",
    "mentee_role": "Bring a real situation to each session, try what we agree and say how it "
    "went; each of us writes the log in turn.",
    "confidentiality": "What anyone says in the group stays in the group, except where there "
    "is a risk of harm, a breach of policy or illegal activity is suspected.",
    "feedback": "Honest, kind and about what someone did, never who they are.",
    "ground_rules": "We start and finish on time; no names of people we support or manage.",
    "documentation": "Dates of meetings and our logs go to the coordinator.",
    "breakdown": "Anyone may leave the group without blame; the group carries on.",
}
LOGS = [  # (written by: the mentor, or the mentee at this index), the log's own words
    (
        None,
        {
            "achieved": "Agreed our ground rules and what each of us wants from the group.",
            "topics": "Introductions; the first months as a team leader.",
            "steps_agreed": "Each of us notes one situation to bring next time.",
        },
    ),
    (
        None,
        {
            "achieved": "Shared three ways of running supervision.",
            "topics": "Supervision that people find useful; making time for it.",
            "challenges": "Supervision slips when the team is short-staffed.",
            "steps_agreed": "Try a team charter with our teams before we next meet.",
        },
    ),
    (
        0,
        {
            "achieved": "Two of us ran a team charter session with our teams.",
            "topics": "Team charters; saying no to extra work without letting people down.",
            "resources_needed": "An example of a short team charter.",
        },
    ),
]
# (working days from today, hour, minute, written by: the mentor, or mentee index, text)
MESSAGES = [
    (-14, 16, 10, 1, "Thank you for the session. The idea about quick check-ins is helping."),
    (-8, 9, 40, None, "Glad to hear it. Has anyone tried the team charter yet?"),
    (-8, 12, 5, 0, "I ran it with my team this week: they wrote most of it themselves."),
    (-3, 10, 30, 2, "Could we spend part of the next session on difficult conversations?"),
    (-2, 8, 55, None, "Yes, let's. Bring one example each, with the names left out."),
    (-1, 15, 20, 1, "Thanks, I will bring the one about the rota."),
]


def group_give(*, logins):
    """The demo group, once: nothing if the peer mentoring programme already has one."""
    programme = Programme.objects.get(name=PROGRAMME)
    if programme.relationships.exists():
        return ["Demo group: already there."]
    coordinator = logins["coordinator"]
    _mentors_may_lead_groups(programme, coordinator)
    chris = _apply(programme, coordinator, logins["mentor"].staff_member, "mentor")
    mentees = [_apply(programme, coordinator, person, "mentee") for person in _team_leaders()]
    for application in [chris, *mentees]:
        application_dated(application, days=APPLIED, hour=10)
    people = [m.applicant for m in mentees]
    training_held(
        programme, coordinator, people, "mentee_induction", days=INDUCTION, place=MILDENHALL_HUB
    )
    group = pair(
        programme=programme,
        mentor_ids=[chris.pk],
        mentee_ids=[m.pk for m in mentees],
        created_by=coordinator.staff_member,
        model=Programme.Model.GROUP,
    )
    _history(group, chris.applicant, people)
    names = ", ".join(p.full_name for p in people)
    return [f"Demo group: Chris Taylor with {names} in {programme}."]


def _mentors_may_lead_groups(programme, coordinator):
    """The coordinator lets a mentor take up to four mentees, so a group fits (002)."""
    programme.mentor_capacity = 4
    programme_update(
        by=coordinator, programme=programme, coordinators=list(programme.coordinators.all())
    )


def _team_leaders():
    """Three team leaders in social care, new to the scheme, under three different heads."""
    leaders, managers = [], set()
    candidates = (
        StaffMember.objects.filter(
            department__name__in=SOCIAL_CARE, job_title="Team Leader", is_active=True
        )
        .exclude(applications__isnull=False)
        .select_related("user", "line_manager__user")
        .order_by("pk")
    )
    for person in candidates:
        if person.line_manager_id not in managers:
            leaders.append(person)
            managers.add(person.line_manager_id)
    return leaders[:3]


def _apply(programme, coordinator, person, role):
    areas = list(Area.objects.filter(name__in=["Managing people", "Wellbeing and resilience"]))
    fields = {"meeting_methods": ["face_to_face", "video"], "available_times": ["mornings"]}
    if role == "mentor":
        fields |= {
            "biography": "Team leader for eight years; I remember how lonely the first year was.",
            "capacity": 3,
            "suitability_accepted": True,
        }
    else:
        fields |= {
            "needs": ["leadership", "management"],
            "aims": "Find my feet as a new team leader with others in the same place.",
        }
    return application_accepted(
        programme=programme,
        person=person,
        role=role,
        areas=areas,
        fields=fields,
        coordinator=coordinator,
    )


def _history(group, mentor, mentees):
    """Grouped two months ago, started once all four signed, meeting every four weeks."""
    start = office_hours(FIRST_MEETING + 1, 10, 15)
    group.status, group.started_at = Relationship.Status.ACTIVE, start
    group.phase = Relationship.Phase.PROGRESSION
    group.planned_end_on = add_months(timezone.localdate(start), CLAUSES["length_months"])
    group.save()
    backdate(group, created_at=office_hours(GROUPED, 12))
    group.members.update(goes_ahead=True)
    _agreement(group, mentor, mentees)
    _meetings(group, mentor, mentees)
    _messages(group, mentor, mentees)


def _agreement(group, mentor, mentees):
    agreement = Agreement.objects.create(
        relationship=group,
        version=1,
        aims=AIMS,
        review_on=add_months(timezone.localdate(group.started_at), 6),
        created_by=mentor,
        **CLAUSES,
    )
    signed = None
    for n, person in enumerate([*mentees, mentor]):
        signature = Signature.objects.create(
            agreement=agreement,
            person=person,
            typed_name=person.full_name,
            signed_in_as=person.user,
        )
        signed = office_hours(FIRST_MEETING + (n == len(mentees)), 16 if n < len(mentees) else 10)
        backdate(signature, signed_at=signed)
    backdate(agreement, created_at=office_hours(FIRST_MEETING, 14), locked_at=signed)


def _meetings(group, mentor, mentees):
    for n, (author, fields) in enumerate(LOGS):
        day = FIRST_MEETING + n * EVERY
        held = Meeting.objects.create(
            relationship=group,
            starts_at=office_hours(day, 10),
            minutes=90,
            method="video" if n == 1 else "face_to_face",
            place="Teams" if n == 1 else MILDENHALL_HUB,
            arranged_by=mentor,
        )
        waiting = author is not None
        log = MeetingLog.objects.create(
            meeting=held,
            minutes=90,
            written_by=mentor if author is None else mentees[author],
            status=MeetingLog.Status.AWAITING if waiting else MeetingLog.Status.CONFIRMED,
            answered_by=None if waiting else mentees[n],
            answered_at=None if waiting else office_hours(day + 2, 9, 45),
            **fields,
        )
        backdate(log, written_at=office_hours(day + 1, 15))
    Meeting.objects.create(
        relationship=group,
        starts_at=office_hours(FIRST_MEETING + len(LOGS) * EVERY, 10),
        minutes=90,
        method="face_to_face",
        place=HAVERHILL_ARTS_CENTRE,
        arranged_by=mentor,
    )


def _messages(group, mentor, mentees):
    """Their conversation between meetings; the last one Chris has not read yet."""
    sent = Message.objects.bulk_create(
        Message(
            relationship=group,
            author=mentor if by is None else mentees[by],
            text=text,
            sent_at=office_hours(days, hour, minute),
        )
        for days, hour, minute, by, text in MESSAGES
    )
    Member.objects.filter(relationship=group).update(messages_read_up_to=sent[-1].pk)
    Member.objects.filter(relationship=group, person=mentor).update(messages_read_up_to=sent[-2].pk)
