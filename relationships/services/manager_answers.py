"""The mentee's line manager's say on the proposed mentor, where the programme asks for it
(000 §3.2): asked by the coordinator, answered by the manager, read when approving."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.notifications.models import Kind
from mentoring.notifications.services import Occasion, link_to, notifications_send
from mentoring.people.models import StaffMember
from mentoring.people.permissions import staff_member_of
from programmes.models import Application
from programmes.permissions import can_manage_programme

from ..models import ManagerAnswer, Proposal

Answer = ManagerAnswer.Answer


def manager_to_ask(programme, mentee: Application) -> StaffMember | None:
    """The mentee's line manager now, if the programme asks and there is one to ask."""
    person = mentee.applicant
    if not programme.manager_asked_about_mentor or person.is_external:
        return None
    manager = person.line_manager
    return manager if manager is not None and manager.is_active else None


@transaction.atomic
def manager_answer_ask(*, by, proposal: Proposal) -> ManagerAnswer:
    """The coordinator asks the mentee's line manager about the proposed mentor; asking again
    about the same pair changes nothing and tells nobody twice."""
    mentee, mentor = proposal.mentee_application, proposal.mentor_application
    if not can_manage_programme(by, proposal.programme):
        raise PermissionDenied("Only this programme's coordinators can do this.")
    manager = manager_to_ask(proposal.programme, mentee)
    if manager is None:
        raise ValidationError(
            f"There is no line manager to ask about {mentee.applicant.full_name}'s mentor."
        )
    answer, made = ManagerAnswer.objects.get_or_create(
        mentee_application=mentee,
        mentor_application=mentor,
        defaults={"manager": manager, "asked_by": staff_member_of(by)},
    )
    if made:
        notifications_send(occasions=[_asked(answer)])
    return answer


def manager_answers_ask(*, by, programme, proposals) -> int:
    """Ask about each of these proposals whose mentee has a line manager to ask; returns how
    many were asked now."""
    if not can_manage_programme(by, programme):
        raise PermissionDenied("Only this programme's coordinators can do this.")
    asked = 0
    for proposal in proposals:
        if manager_to_ask(programme, proposal.mentee_application) is None:
            continue
        known = ManagerAnswer.objects.filter(
            mentee_application=proposal.mentee_application_id,
            mentor_application=proposal.mentor_application_id,
        ).exists()
        manager_answer_ask(by=by, proposal=proposal)
        asked += not known
    return asked


@transaction.atomic
def manager_answer_give(*, by, answer: ManagerAnswer, supports: bool, concern: str = ""):
    """The manager supports the proposed mentor or raises a concern, until the pair is
    approved."""
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
    return answer


def answers_for(programme, proposals) -> dict:
    """{(mentee application id, mentor application id): answer} for these proposals, in one
    query where the programme asks line managers, none where it does not."""
    if not programme.manager_asked_about_mentor:
        return {}
    mentees = {p.mentee_application_id for p in proposals}
    found = ManagerAnswer.objects.filter(mentee_application__in=mentees).select_related("manager")
    return {(a.mentee_application_id, a.mentor_application_id): a for a in found}


def unasked_refusals(programme, mentor: Application, mentees: list) -> list[str]:
    """Why a pairing cannot be approved yet: a line manager the programme asks has not been
    asked about this mentor."""
    if not programme.manager_asked_about_mentor:
        return []
    asked = set(
        ManagerAnswer.objects.filter(
            mentor_application=mentor, mentee_application__in=mentees
        ).values_list("mentee_application_id", flat=True)
    )
    return [
        f"Ask {mentee.applicant.full_name}'s line manager about {mentor.applicant.full_name} "
        "first: this programme asks them before a mentor is approved."
        for mentee in mentees
        if mentee.pk not in asked and manager_to_ask(programme, mentee) is not None
    ]


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
