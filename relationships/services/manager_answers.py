"""The mentee's line manager's say on the proposed mentor, where the programme asks for it
(000 §3.2): asked by the coordinator (a proposal, a pairing formed by hand) or when a mentor
accepts a request, answered by the manager, read by the coordinator when deciding."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.notifications.models import Kind
from mentoring.notifications.services import Occasion, link_to, notifications_send
from mentoring.people.permissions import staff_member_of
from programmes.models import Application
from programmes.permissions import can_manage_programme

from ..models import ManagerAnswer, MentorRequest, Proposal
from ..rules import manager_to_ask
from .pairing import request_pair

Answer = ManagerAnswer.Answer


@transaction.atomic
def manager_answer_ask(*, by, proposal: Proposal) -> ManagerAnswer:
    """The coordinator asks the mentee's line manager about the proposed mentor; asking again
    about the same pair changes nothing and tells nobody twice."""
    mentee, mentor = proposal.mentee_application, proposal.mentor_application
    if not can_manage_programme(by, proposal.programme):
        raise PermissionDenied("Only this programme's coordinators can do this.")
    if manager_to_ask(proposal.programme, mentee) is None:
        raise ValidationError(
            f"There is no line manager to ask about {mentee.applicant.full_name}'s mentor."
        )
    return manager_asked(proposal.programme, mentee, mentor, asked_by=staff_member_of(by))[0]


def manager_answers_ask(*, by, programme, proposals) -> int:
    """Ask about each of these proposals whose mentee has a line manager to ask; returns how
    many were asked now."""
    pairs = [(p.mentee_application, p.mentor_application) for p in proposals]
    return manager_answers_ask_about(by=by, programme=programme, pairs=pairs)


def manager_answers_ask_about(*, by, programme, pairs) -> int:
    """Ask about each (mentee, mentor) pair whose mentee has a line manager to ask, for a
    proposal or a pairing formed by hand; returns how many were asked now."""
    if not can_manage_programme(by, programme):
        raise PermissionDenied("Only this programme's coordinators can do this.")
    asked_by = staff_member_of(by)
    with transaction.atomic():
        return sum(
            manager_asked(programme, mentee, mentor, asked_by=asked_by)[1]
            for mentee, mentor in pairs
            if manager_to_ask(programme, mentee) is not None
        )


def manager_asked(programme, mentee, mentor, *, asked_by=None) -> tuple[ManagerAnswer, bool]:
    """The line manager asked about this mentor, and told once, whichever path asks: the
    coordinator, or the mentor accepting a request (`asked_by` None). Returns (answer, made)."""
    answer, made = ManagerAnswer.objects.get_or_create(
        mentee_application=mentee,
        mentor_application=mentor,
        defaults={"manager": manager_to_ask(programme, mentee), "asked_by": asked_by},
    )
    if made:
        notifications_send(occasions=[_asked(answer)])
    return answer, made


@transaction.atomic
def manager_answer_give(*, by, answer: ManagerAnswer, supports: bool, concern: str = ""):
    """The manager supports the proposed mentor or raises a concern, until the pair is
    approved. Support starts a pairing the mentor accepted from the directory; a concern
    leaves it to the coordinator."""
    answer = ManagerAnswer.objects.select_for_update().get(pk=answer.pk)
    me = staff_member_of(by)
    if me is None or answer.manager_id != me.pk:
        raise PermissionDenied("Only the line manager asked can answer.")
    if Application.objects.filter(pk=answer.mentee_application_id, matched=True).exists():
        raise ValidationError("The coordinator has already decided; your answer was not needed.")
    concern = concern.strip()
    if not supports and not concern:
        raise ValidationError({"concern": "Say what your concern is: the coordinator reads it."})
    answer.answer = Answer.SUPPORT if supports else Answer.CONCERN
    answer.concern = "" if supports else concern
    answer.answered_at = timezone.now()
    answer.full_clean()
    answer.save()
    if supports:
        _request_goes_ahead(answer)
    return answer


def _request_goes_ahead(answer):
    """The request waiting for this answer becomes a pairing; if a rule now refuses it (the
    mentor's places have gone), it stays with the coordinator, who reads why when deciding."""
    waiting = MentorRequest.objects.filter(
        mentee_application=answer.mentee_application_id,
        mentor_application=answer.mentor_application_id,
        status=MentorRequest.Status.MANAGER,
    ).first()
    if waiting is None:
        return
    try:
        with transaction.atomic():
            request_pair(waiting)
    except ValidationError:
        pass


def pair_in_words(mentor, mentee, answer) -> str:
    """One pairing as the coordinator reads it before deciding, with the manager's answer."""
    words = f"{mentor.applicant.full_name} mentoring {mentee.applicant.full_name}"
    return f"{words}: {answer.in_words()}" if answer else words


def answers_for(programme, proposals) -> dict:
    """{(mentee application id, mentor application id): answer} for these proposals."""
    return answers_about(programme, {p.mentee_application_id for p in proposals})


def answers_about(programme, mentees) -> dict:
    """{(mentee application id, mentor application id): answer} about these mentees, in one
    query where the programme asks line managers, none where it does not."""
    if not programme.manager_asked_about_mentor:
        return {}
    found = ManagerAnswer.objects.filter(mentee_application__in=mentees).select_related(
        "manager", "mentee_application__applicant", "mentor_application__applicant"
    )
    return {(a.mentee_application_id, a.mentor_application_id): a for a in found}


def requests_waiting(programme) -> list:
    """The requests mentors accepted that wait for the mentee's line manager, each with
    `manager_answer`, for the coordinator's matching page: two queries."""
    waiting = list(
        MentorRequest.objects.filter(
            mentee_application__programme=programme, status=MentorRequest.Status.MANAGER
        )
        .select_related("mentee_application__applicant", "mentor_application__applicant")
        .order_by("answered_at", "pk")
    )
    mentees = {r.mentee_application_id for r in waiting}
    answers = answers_about(programme, mentees) if waiting else {}
    for request in waiting:
        key = (request.mentee_application_id, request.mentor_application_id)
        request.manager_answer = answers.get(key)
    return waiting


def with_manager_answers(programme, proposals):
    """Give each proposal `manager_answer` (or None) and `manager_to_ask`, the line manager
    who could be asked, for the matching page and the approval page."""
    answers = answers_for(programme, proposals)
    for proposal in proposals:
        key = (proposal.mentee_application_id, proposal.mentor_application_id)
        proposal.manager_answer = answers.get(key)
        proposal.manager_to_ask = manager_to_ask(programme, proposal.mentee_application)
    return proposals


def _asked(answer):
    mentee = answer.mentee_application
    return Occasion(
        answer.manager_id,
        Kind.MENTOR_PROPOSED,
        answer.pk,
        "asked",
        f"A mentor has been proposed for {mentee.applicant.full_name} in "
        f"{mentee.programme.name}: say whether you support the choice.",
        link_to("relationships:mentor_choice", answer.pk),
    )
