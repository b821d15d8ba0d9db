"""Making and ending relationships (MATCH-3..6). Every path that pairs people, the directory,
the coordinator's approval and group forming, comes through `pair`, which locks the
applications, asks the hard rules and takes the mentor's places in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.utils import timezone

from mentoring.notifications.services import notifications_send
from mentoring.people.permissions import staff_member_of
from programmes.models import Application, Programme
from programmes.permissions import can_manage_programme

from .. import news
from ..dates import add_months
from ..models import Member, MentorRequest, Proposal, Relationship
from ..rules import management_chains, pairing_refusals, refusals_by_field, unasked_refusals
from ..selectors import matched_ways
from ..signals import participation_ended
from . import agreements
from .meetings import meetings_cancel_with_ending, sessions_cancel_for
from .risks import risks_check, risks_check_one


def pair(*, programme, mentor_ids, mentee_ids, created_by=None, team_name="", model=""):
    """Form a proposed relationship, or refuse with every reason why not, including a line
    manager the programme asks who has not been asked (000 §3.2). `model`: another
    the programme may also form (002), blank for its own. Two mentors accepting the same
    places at once are serialised by the row locks; the check constraint on places is the
    guarantee."""
    with transaction.atomic():
        programme = Programme.objects.get(pk=programme.pk)  # its status as it is now
        locked = {
            a.pk: a
            for a in Application.objects.select_for_update(of=("self",))
            .select_related("applicant__grade")
            .filter(pk__in=[*mentor_ids, *mentee_ids])
            .order_by("pk")
        }
        mentors = [locked[pk] for pk in mentor_ids if pk in locked]
        mentees = [locked[pk] for pk in mentee_ids if pk in locked]
        refusals = pairing_refusals(programme, mentors, mentees, team_name, model=model)
        refusals += [r for mentor in mentors for r in unasked_refusals(programme, mentor, mentees)]
        if refusals:
            raise ValidationError(
                refusals_by_field(refusals, programme, mentors, mentees, team_name, model)
            )
        for mentor in mentors:
            _take_places(mentor, len(mentees))
        relationship = Relationship.objects.create(
            programme=programme,
            created_by=created_by,
            team_name=team_name.strip(),
            mentoring_model="" if model == programme.mentoring_model else model,
        )
        Member.objects.bulk_create(
            Member(relationship=relationship, application=a, person=a.applicant, role=a.role)
            for a in [*mentors, *mentees]
        )
        matched_check(application_ids=[a.pk for a in mentees])
        _close_requests(mentors, mentees)
        programme.proposals.filter(mentee_application__in=mentees).delete()
        people = [a.applicant_id for a in [*mentors, *mentees]]
        notifications_send(occasions=[news.paired(relationship, person) for person in people])
    return relationship


def request_pair(mentor_request, created_by=None):
    """A request the mentor accepted becomes a proposed relationship (MATCH-1)."""
    mentor_request.relationship = pair(
        programme=mentor_request.mentor_application.programme,
        mentor_ids=[mentor_request.mentor_application_id],
        mentee_ids=[mentor_request.mentee_application_id],
        created_by=created_by,
    )
    mentor_request.status = MentorRequest.Status.ACCEPTED
    mentor_request.save(update_fields=["relationship", "status", "answered_at"])
    return mentor_request


def _take_places(mentor, count):
    taken = Application.objects.filter(
        pk=mentor.pk, places_taken__lte=F("capacity") - count
    ).update(places_taken=F("places_taken") + count)
    if not taken:
        raise ValidationError(f"{mentor.applicant.full_name} has no places left.")
    mentor.refresh_from_db(fields=["places_taken"])


def _close_requests(mentors, mentees):
    """A mentee with a mentor withdraws their other requests; a mentor with no places left
    declines theirs, so those mentees can ask someone else (MATCH-1)."""
    now = timezone.now()
    pending = MentorRequest.objects.filter(status=MentorRequest.Status.PENDING)
    open_ = MentorRequest.objects.filter(status__in=MentorRequest.OPEN)
    open_.filter(mentee_application__in=mentees).update(
        status=MentorRequest.Status.WITHDRAWN, answered_at=now
    )
    full = [m for m in mentors if m.places_left == 0]
    pending.filter(mentor_application__in=full).update(
        status=MentorRequest.Status.DECLINED, answered_at=now, reply="All places are now taken."
    )


def end(*, relationship, ending, reason=""):
    """End a relationship, free the mentors' places and return mentees to the queue. Only a
    reason category is kept: no blame, and not who ended it (MATCH-4, MATCH-5)."""
    with transaction.atomic():
        relationship = locked(relationship)
        if not relationship.is_live:
            raise ValidationError("This relationship has already ended.")
        if reason not in Relationship.Reason.values:
            raise ValidationError({"reason": "Choose a reason."})
        members = list(relationship.members.all())
        leaving = [m for m in members if m.is_live]
        mentees = sum(1 for m in leaving if m.role == Member.Role.MENTEE)
        mentor_ids = [m.application_id for m in members if m.role == Member.Role.MENTOR]
        list(Application.objects.select_for_update().filter(pk__in=mentor_ids).order_by("pk"))
        Application.objects.filter(pk__in=mentor_ids).update(
            places_taken=F("places_taken") - mentees
        )
        meetings_cancel_with_ending(relationship)
        relationship.members.update(is_live=False)
        relationship.status = Relationship.Status.ENDED
        relationship.ending = ending
        relationship.end_reason = reason
        relationship.ended_at = timezone.now()
        relationship.review_needed = ""
        relationship.phase = ""
        relationship.save()
        matched_check(application_ids=[m.application_id for m in leaving])
        risks_check_one(relationship=relationship)
        if relationship.started_at:
            participation_ended.send(end, relationship=relationship, members=leaving)
    return relationship


def introduction_answer(*, by, relationship, goes_ahead, reason=""):
    """After the introductory meeting each person says whether to go ahead; all yes makes it
    active, once the agreement is signed where the programme asks for one (AGR-1). A no ends
    it without blame; in a group a mentee's no takes only them out (MATCH-4; 003 §4.3, 004)."""
    with transaction.atomic():
        relationship = locked(relationship)
        member = _member(by, relationship)
        if relationship.status != Relationship.Status.PROPOSED:
            raise ValidationError("This relationship is no longer waiting for the introduction.")
        if not goes_ahead:
            return leave_or_end(relationship, member, Relationship.Ending.NOT_GOING_AHEAD, reason)
        if relationship.review_needed:
            raise ValidationError("It can go ahead once the coordinator has reviewed it.")
        member.goes_ahead = True
        member.save(update_fields=["goes_ahead"])
        start_when_ready(relationship)
    return relationship


def rematch_request(*, by, relationship, reason):
    """Either person or the programme's coordinator may end a pairing for a rematch at any
    time, with no blame; the mentee goes back to the queue (MATCH-5; 001, 002 Resource 5).
    A mentee in a group leaves it; the group carries on. The others and the coordinators are
    told (002 Resource 5 §9), the others without the reason."""
    me = staff_member_of(by)
    member = relationship.members.filter(person=me, is_live=True).first() if me else None
    if member is None and not can_manage_programme(by, relationship.programme):
        raise PermissionDenied("Only the people in it and its coordinators can ask for this.")
    with transaction.atomic():
        relationship = locked(relationship)
        if member is not None:
            relationship = leave_or_end(relationship, member, Relationship.Ending.REMATCH, reason)
        else:
            relationship = end(
                relationship=relationship, ending=Relationship.Ending.REMATCH, reason=reason
            )
        coordinators = relationship.programme.coordinators.values_list("pk", flat=True)
        occasions = news.rematch_asked(relationship, member, me and me.pk, coordinators)
        notifications_send(occasions=occasions)
    return relationship


def leave_or_end(relationship, member, ending, reason):
    """A mentee in a group leaves it, freeing one place; anyone else ends it for everyone."""
    mentees = [m for m in relationship.members.all() if m.is_live and m.role == "mentee"]
    if member.role == Member.Role.MENTOR or len(mentees) < 2:
        return end(relationship=relationship, ending=ending, reason=reason)
    if reason not in Relationship.Reason.values:
        raise ValidationError({"reason": "Choose a reason."})
    mentor_ids = [m.application_id for m in relationship.members.all() if m.role == "mentor"]
    list(Application.objects.select_for_update().filter(pk__in=mentor_ids).order_by("pk"))
    Application.objects.filter(pk__in=mentor_ids).update(places_taken=F("places_taken") - 1)
    member.is_live, member.goes_ahead, member.left_reason = False, False, reason
    member.left_at = timezone.now()
    member.save(update_fields=["is_live", "goes_ahead", "left_reason", "left_at"])
    sessions_cancel_for(member)
    matched_check(application_ids=[member.application_id])
    if relationship.status == Relationship.Status.PROPOSED:
        start_when_ready(relationship)
    else:
        participation_ended.send(leave_or_end, relationship=relationship, members=[member])
    return relationship


def start_when_ready(relationship):
    """Once everyone has said yes after the introduction and, where the programme asks for
    one, signed the current agreement (AGR-1): active from today, in its first phase, planned
    to end after the programme's longest relationship (REL-1)."""
    if relationship.status != Relationship.Status.PROPOSED or relationship.review_needed:
        return
    if not all(m.goes_ahead for m in relationship.members.filter(is_live=True)):
        return
    if relationship.programme.agreement_required and not agreements.agreement_signed_by_all(
        relationship
    ):
        return
    relationship.status = Relationship.Status.ACTIVE
    relationship.started_at = timezone.now()
    relationship.phase = Relationship.Phase.RAPPORT
    months = relationship.programme.length_max_months or agreements.agreed_months(relationship)
    today = timezone.localdate()
    relationship.planned_end_on = add_months(today, months) if months else None
    relationship.save(update_fields=["status", "started_at", "phase", "planned_end_on"])
    risks_check_one(relationship=relationship)


def review_done(*, by, relationship):
    """The coordinator has looked at a flagged relationship and lets it carry on."""
    if not can_manage_programme(by, relationship.programme):
        raise PermissionDenied("Only the programme's coordinators review its relationships.")
    with transaction.atomic():
        relationship = locked(relationship)
        relationship.review_needed = ""
        relationship.save(update_fields=["review_needed"])
        risks_check_one(relationship=relationship)
        start_when_ready(relationship)


def line_management_check(*, people=None):
    """Flag live relationships where one person now line manages the other, or, where the
    programme bars the whole chain, is anywhere above them (MATCH-6; 003 §4.3), and tell
    both people it needs review. `people`: only relationships of these (those whose chain
    just changed), so one the coordinator has reviewed is not flagged again by an unrelated
    import. Returns how many were flagged."""
    chains = {whole: management_chains(whole=whole) for whole in (False, True)}
    live = Relationship.objects.live().filter(review_needed="").select_related("programme")
    if people is not None:
        live = live.filter(pk__in=Member.objects.filter(person__in=people).values("relationship"))
    live = live.prefetch_related(Prefetch("members", Member.objects.filter(is_live=True)))
    flagged = []
    for relationship in live:
        above = chains[relationship.programme.whole_management_chain_barred]
        mentors = [m.person_id for m in relationship.members.all() if m.role == "mentor"]
        mentees = [m.person_id for m in relationship.members.all() if m.role == "mentee"]
        if any(a in above(b) or b in above(a) for a in mentors for b in mentees):
            flagged.append(relationship)
    for relationship in flagged:
        relationship.review_needed = REVIEW_REASONS[
            relationship.programme.whole_management_chain_barred
        ]
    Relationship.objects.bulk_update(flagged, ["review_needed"])
    flagged = [r.pk for r in flagged]
    risks_check(relationship_ids=flagged)
    members = Member.objects.filter(relationship__in=flagged, is_live=True)
    members = members.select_related("relationship__programme")
    notifications_send(occasions=[news.review_needed(m.relationship, m.person_id) for m in members])
    return len(flagged)


REVIEW_REASONS = {
    False: "A change to the staff records made one of you the other's line manager.",
    True: "A change to the staff records put one of you in the other's line-management chain.",
}


def matched_check(*, application_ids=None):
    """Keep on each mentee application (these, or all) whether it is out of the matching
    queue by the queue's own rule, so the dashboard counts the queue without working the
    rule out for every application. Only those that changed are written."""
    mentees = Application.objects.filter(role=Member.Role.MENTEE)
    if application_ids is not None:
        mentees = mentees.filter(pk__in=application_ids)
    live, finished = matched_ways()
    with transaction.atomic():
        mentees.filter(live, matched=False).update(matched=True)
        mentees.filter(finished, matched=False).update(matched=True)
        mentees.filter(matched=True).exclude(live).exclude(finished).update(matched=False)


def locked(relationship):
    """The relationship, row-locked for a state change inside the caller's transaction."""
    return (
        Relationship.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=relationship.pk)
    )


def _member(user, relationship):
    me = staff_member_of(user)
    member = relationship.members.filter(person=me).first() if me else None
    if member is None:
        raise PermissionDenied("Only the people in this relationship can answer.")
    if member.left_at is not None:
        raise ValidationError("You have left this relationship, so there is nothing to answer.")
    return member


def application_let_go(*, application):
    """An applicant withdrew: end their pairing (a mentee leaving a group leaves only it),
    close their requests and drop their proposals. Only the category "left" is kept."""
    reason = Relationship.Reason.LEFT
    for member in Member.objects.filter(application=application, is_live=True):
        relationship = locked(member.relationship)
        if not relationship.is_live:
            continue
        relationship = leave_or_end(relationship, member, Relationship.Ending.ENDED_EARLY, reason)
        if not relationship.is_live:  # the others did not choose this: mentees wait again
            others = relationship.members.filter(role=Member.Role.MENTEE).exclude(pk=member.pk)
            others.update(wants_rematch=True)
            matched_check(application_ids=others.values("application"))
    now = timezone.now()
    pending = MentorRequest.objects.filter(status__in=MentorRequest.OPEN)
    pending.filter(mentee_application=application).update(
        status=MentorRequest.Status.WITHDRAWN, answered_at=now
    )
    pending.filter(mentor_application=application).update(
        status=MentorRequest.Status.DECLINED,
        answered_at=now,
        reply="This mentor is no longer taking part.",
    )
    Proposal.objects.filter(
        Q(mentee_application=application) | Q(mentor_application=application)
    ).delete()
