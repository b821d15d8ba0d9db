"""Demo matching: the West Suffolk scheme has 30 mentees waiting with proposals for the
coordinator to approve, one of them a team leader of Sam Patel's whose proposed mentor he is
asked about, and relationships in every state; in the Cleveland programme mentees have asked
mentors from the directory."""

import random
from datetime import timedelta

from django.db import transaction

from mentoring.notifications.models import Kind, Notification
from mentoring.people.demo import WEST_SUFFOLK_HOUSE, backdate, office_hours
from mentoring.people.models import StaffMember
from programmes.demo import application_accepted, application_dated, training_held
from programmes.models import Area, Programme
from programmes.models.application import AvailableTime, MeetingMethod

from .demo_group import group_give
from .demo_history import early_ending_give, history_give, introduction_give
from .models import ManagerAnswer, MatchRun, Relationship
from .rules import pairing_refusals
from .selectors import directory_for
from .services.manager_answers import (
    manager_answer_ask,
    manager_answer_give,
    manager_answers_ask_about,
    manager_to_ask,
)
from .services.pairing import end, introduction_answer, pair
from .services.proposals import proposals_approve, proposals_make
from .services.requests import request_answer, request_send
from .tasks import check_relationships

ROOM = f"Conference room, {WEST_SUFFOLK_HOUSE}"


@transaction.atomic
def demo_load(*, demo):
    lines = [*_scheme(demo["logins"]), *group_give(logins=demo["logins"])]
    check_relationships()  # what the worker does every five minutes, so the dashboard is right
    _news_dated()
    return lines


def _scheme(logins):
    scheme = Programme.objects.get(name="West Suffolk mentoring scheme")
    if scheme.applications.exists():
        return ["Demo matching: already there."]
    rng = random.Random(4)
    people = _people(logins)
    people[44] = _sams_team_leader(logins)  # the last to wait: the first six are paired
    mentors = [_apply(scheme, logins, p, "mentor", rng) for p in [*people[:15]]]
    chris = _apply(scheme, logins, logins["mentor"].staff_member, "mentor", rng)
    mentors.append(chris)
    jo = _apply(scheme, logins, logins["mentee"].staff_member, "mentee", rng)
    mentees = [_apply(scheme, logins, p, "mentee", rng) for p in people[15:45]]
    # Jo and Chris came in a round that began about half a year ago; the others this autumn.
    for application in [chris, jo]:
        application_dated(application, days=-125, hour=10)
    for n, application in enumerate([*mentors[:-1], *mentees]):
        application_dated(application, days=-60 + n % 15, hour=9 + n % 4)
    for people, kind, days in [
        ([chris.applicant], "mentor_training", -112),
        ([jo.applicant], "mentee_induction", -111),
        ([m.applicant for m in mentors[:-1]], "mentor_training", -35),
        ([m.applicant for m in mentees], "mentee_induction", -34),
    ]:
        training_held(scheme, logins["coordinator"], people, kind, days=days, place=ROOM)
    _relationships_in_every_state(scheme, logins, chris, jo, mentors, mentees)
    _pin_for_sams_team(scheme, mentors, mentees[-1])
    run = MatchRun.objects.create(programme=scheme, started_by=logins["coordinator"].staff_member)
    run = proposals_make(run_id=run.pk)
    question = _mentor_question_for_sam(scheme, logins)
    check_relationships()
    directory = _directory_requests(logins)
    return [
        f"Demo matching: {len(mentees) + 1} mentees and {len(mentors)} mentors in {scheme}; "
        f"{run.summary}",
        question,
        *directory,
    ]


def _news_dated():
    """The news of each pairing came when it was made, and those under way have read it."""
    for relationship in Relationship.objects.all():
        news = Notification.objects.filter(kind=Kind.PAIRED, about=relationship.pk)
        news.update(created_at=relationship.created_at)
        if relationship.started_at:
            news.update(read_at=relationship.created_at + timedelta(hours=2))


def _people(logins):
    return list(
        StaffMember.objects.filter(is_external=False, line_manager__isnull=False)
        .exclude(user__in=logins.values())
        .exclude(applications__isnull=False)
        .select_related("user", "line_manager__user")
        .order_by("-pk")[:45]
    )


def _sams_team_leader(logins):
    """One of the team leaders Sam Patel manages, who joins the scheme as a mentee."""
    return (
        StaffMember.objects.filter(line_manager=logins["manager"].staff_member, is_active=True)
        .exclude(user__in=logins.values())
        .select_related("user", "line_manager__user")
        .order_by("pk")
        .first()
    )


def _pin_for_sams_team(scheme, mentors, mentee):
    """The coordinator has pinned a mentor for Sam Patel's team leader, so the proposal is
    there whatever the solver finds for the others."""
    for mentor in mentors:
        mentor.refresh_from_db(fields=["places_taken"])
        if mentor.places_left and not pairing_refusals(scheme, [mentor], [mentee]):
            scheme.proposals.create(
                mentee_application=mentee, mentor_application=mentor, score=0, is_pinned=True
            )
            return


def _mentor_question_for_sam(scheme, logins):
    """Sam Patel is asked about the mentor proposed for his team leader and has not answered
    yet (000 §3.2), so the question waits under Your team and the proposal reads so."""
    coordinator, sam = logins["coordinator"], logins["manager"].staff_member
    proposal = scheme.proposals.filter(mentee_application__applicant__line_manager=sam).first()
    if proposal is None:
        return "Demo line manager: no proposal for Sam Patel's team, so no question waits."
    manager_answer_ask(by=coordinator, proposal=proposal)
    name = proposal.mentee_application.applicant.full_name
    return f"Demo line manager: Sam Patel is asked about the mentor proposed for {name}."


def _apply(programme, logins, person, role, rng):
    areas = rng.sample(list(Area.objects.all()), k=rng.randint(1, 3))
    fields = {
        "meeting_methods": rng.sample(MeetingMethod.values, k=2),
        "available_times": rng.sample(AvailableTime.values, k=2),
    }
    if role == "mentor":
        fields |= {
            "biography": "Experienced colleague happy to share what I have learned.",
            "capacity": min(rng.choice([1, 2]), programme.mentor_capacity),
            "suitability_accepted": True,
        }
    else:
        fields |= {
            "needs": ["leadership", "career_progression"],
            "aims": "Grow in confidence and plan my next career step.",
            "department_preference": rng.choice(["any", "any", "different"]),
        }
    return application_accepted(
        programme=programme,
        person=person,
        role=role,
        areas=areas,
        fields=fields,
        coordinator=logins["coordinator"],
    )


def _relationships_in_every_state(scheme, logins, chris, jo, mentors, mentees):
    """Jo Evans and Chris Taylor, the demo mentee and mentor, are under way; others wait for
    their introduction, did not go ahead, or asked for a rematch."""
    coordinator = logins["coordinator"]
    _manager_supports(coordinator, scheme, jo, chris)
    active = pair(programme=scheme, mentor_ids=[chris.pk], mentee_ids=[jo.pk])
    for application in [chris, jo]:
        introduction_answer(by=application.applicant.user, relationship=active, goes_ahead=True)
    made = []
    for mentee in mentees[:6]:
        mentor = next(m for m in mentors[: len(made) + 6] if m.places_left and m != chris)
        if not pairing_refusals(scheme, [mentor], [mentee]) and len(made) < 3:
            proposal = scheme.proposals.create(
                mentee_application=mentee, mentor_application=mentor, score=0
            )
            _manager_supports(coordinator, scheme, mentee, mentor)
            made += proposals_approve(by=coordinator, programme=scheme, proposals=[proposal])[0]
            mentor.refresh_from_db()
    history_give(relationship=active)
    waiting, declined, rematched = made
    backdate(waiting, created_at=office_hours(-4, 12))
    introduction_give(relationship=waiting, days=3)
    backdate(declined, created_at=office_hours(-12, 12))
    introduction_answer(
        by=declined.members.get(role="mentee").person.user,
        relationship=declined,
        goes_ahead=False,
        reason=Relationship.Reason.TIME,
    )
    introduction_give(relationship=declined, days=-5)
    backdate(rematched, created_at=office_hours(-25, 12))
    end(relationship=rematched, ending=Relationship.Ending.REMATCH, reason="not_right_fit")
    early_ending_give(relationship=rematched)


def _manager_supports(coordinator, programme, mentee, mentor):
    """West Suffolk asks the mentee's line manager about the mentor first (000 §3.2)."""
    manager = manager_to_ask(programme, mentee)
    if manager is not None:
        manager_answers_ask_about(by=coordinator, programme=programme, pairs=[(mentee, mentor)])
        answer = ManagerAnswer.objects.get(mentee_application=mentee, mentor_application=mentor)
        manager_answer_give(by=manager.user, answer=answer, supports=True)


def _directory_requests(logins):
    """In the Cleveland programme, where mentees choose, one request waits for Chris Taylor
    and one has been accepted."""
    programme = Programme.objects.get(name="Mentoring Programme")
    chris = programme.applications.get(applicant=logins["mentor"].staff_member, role="mentor")
    mentees = list(programme.applications.filter(role="mentee", status="accepted"))
    if chris.status != "accepted" or len(mentees) < 2:
        return []
    if not directory_for(mentees[0]).filter(pk=chris.pk).exists():
        return ["Demo directory: Chris Taylor is not trained yet, so no requests."]
    first = request_send(by=mentees[0].applicant.user, mentor_application=chris)
    accepted = request_answer(by=chris.applicant.user, mentor_request=first, accept=True)
    sent, answered = office_hours(-6, 10), office_hours(-4, 14)
    backdate(
        first,
        created_at=sent,
        answered_at=answered,
        expires_at=sent + (first.expires_at - first.created_at),
    )
    backdate(accepted.relationship, created_at=answered)
    introduction_give(
        relationship=accepted.relationship,
        days=1,
        agreement_signed_by=[mentees[0].applicant],
    )
    request_send(
        by=mentees[1].applicant.user,
        mentor_application=chris,
        message="I would value your experience of leading a team through change.",
    )
    return ["Demo directory: one request accepted and one waiting for Chris Taylor."]
