"""Mentees asking mentors from the directory (MATCH-1). A mentee may have up to three requests
waiting at once; the first mentor to accept becomes theirs and the rest are withdrawn. Where
the programme asks the mentee's line manager about the mentor (000 §3.2), an accepted request
waits for the manager's support or the coordinator's decision, with no time limit, as a
proposal does."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.notifications.services import notifications_send
from mentoring.people.permissions import staff_member_of
from programmes.models import Application
from programmes.permissions import can_manage_programme

from ..models import ManagerAnswer, MentorRequest
from ..reminders import request_asked
from ..rules import manager_to_ask, pairing_refusals
from ..selectors import CHOOSING_MODES, my_mentee_application
from .manager_answers import manager_asked
from .pairing import request_pair

Status = MentorRequest.Status


def request_send(*, by, mentor_application, message=""):
    """Ask a mentor in the directory; the same hard rules as every other path apply."""
    programme = mentor_application.programme
    if programme.matching_mode not in CHOOSING_MODES or programme.is_archived:
        raise ValidationError("In this programme the coordinator does the matching.")
    mentee_application = my_mentee_application(by, programme)
    if mentee_application is None:
        raise PermissionDenied("Only accepted mentees of this programme can ask a mentor.")
    with transaction.atomic():
        mentee, mentor = _lock(mentee_application, mentor_application)
        now = timezone.now()
        requests_expire(now=now, mentee_application=mentee)  # a lapsed request may be asked again
        _check_not_waiting_for_manager(mentee)
        waiting = MentorRequest.objects.pending(now).filter(mentee_application=mentee)
        if waiting.filter(mentor_application=mentor).exists():
            raise ValidationError("You have already asked this mentor.")
        if waiting.count() >= MentorRequest.MOST_AT_ONCE:
            raise ValidationError(
                f"You can ask up to {MentorRequest.MOST_AT_ONCE} mentors at once. "
                "Withdraw a request or wait for an answer."
            )
        refusals = pairing_refusals(programme, [mentor], [mentee])
        if refusals:
            raise ValidationError(refusals)
        request = MentorRequest(
            mentee_application=mentee,
            mentor_application=mentor,
            message=message.strip(),
            expires_at=now + timedelta(days=programme.request_expiry_days),
        )
        request.full_clean()
        request.save()
        occasion = request_asked(request.pk, mentor.applicant_id, request.expires_at)
        notifications_send(occasions=[occasion])
    return request


def request_answer(*, by, mentor_request, accept, reply=""):
    """The mentor accepts, which pairs them as proposed or, where the mentee's line manager is
    asked first, waits for them; or declines with an optional note."""
    me = staff_member_of(by)
    if me is None or mentor_request.mentor_application.applicant_id != me.pk:
        raise PermissionDenied("Only the mentor asked can answer.")
    with transaction.atomic():
        mentee, mentor = _lock(mentor_request.mentee_application, mentor_request.mentor_application)
        mentor_request = _still_waiting(mentor_request)
        mentor_request.reply = reply.strip()
        mentor_request.answered_at = timezone.now()
        if not accept:
            mentor_request.status = Status.DECLINED
        elif _manager_first(mentee.programme, mentee, mentor):
            _wait_for_manager(mentor_request, mentee, mentor)
        else:
            mentor_request.save()
            return request_pair(mentor_request, created_by=me)
        mentor_request.save()
    return mentor_request


def _manager_first(programme, mentee, mentor):
    """The programme asks the mentee's line manager, who has not yet supported this mentor."""
    if manager_to_ask(programme, mentee) is None:
        return False
    supported = ManagerAnswer.Answer.SUPPORT
    return not ManagerAnswer.objects.filter(
        mentee_application=mentee, mentor_application=mentor, answer=supported
    ).exists()


def _wait_for_manager(mentor_request, mentee, mentor):
    """Asked as a proposal's manager is; the mentee's other requests are withdrawn, as when
    a mentor accepts where nobody is asked."""
    refusals = pairing_refusals(mentee.programme, [mentor], [mentee])
    if refusals:
        raise ValidationError(refusals)
    manager_asked(mentee.programme, mentee, mentor)
    mentor_request.status = Status.MANAGER
    others = MentorRequest.objects.filter(mentee_application=mentee, status=Status.PENDING)
    others.exclude(pk=mentor_request.pk).update(
        status=Status.WITHDRAWN, answered_at=mentor_request.answered_at
    )


def request_decide(*, by, mentor_request, go_ahead: bool):
    """The programme's coordinator decides on an accepted request whose mentee's line manager
    has not supported it (000 §3.2): pair them, or not, with no blame."""
    programme = mentor_request.mentee_application.programme
    if not can_manage_programme(by, programme):
        raise PermissionDenied("Only this programme's coordinators can do this.")
    with transaction.atomic():
        _lock(mentor_request.mentee_application, mentor_request.mentor_application)
        mentor_request = MentorRequest.objects.select_for_update().get(pk=mentor_request.pk)
        if mentor_request.status != Status.MANAGER:
            raise ValidationError("This request is no longer waiting for a decision.")
        if go_ahead:
            return request_pair(mentor_request, created_by=staff_member_of(by))
        mentor_request.status = Status.DECLINED
        mentor_request.reply = NOT_GOING_AHEAD
        mentor_request.save(update_fields=["status", "reply"])
    return mentor_request


NOT_GOING_AHEAD = "The coordinator decided not to go ahead; you can ask another mentor."


def _check_not_waiting_for_manager(mentee):
    waiting = MentorRequest.objects.filter(mentee_application=mentee, status=Status.MANAGER)
    waiting = waiting.select_related("mentor_application__applicant").first()
    if waiting is not None:
        name = waiting.mentor_application.applicant.full_name
        raise ValidationError(
            f"{name} has accepted you; the pairing is waiting for your line manager."
        )


def request_withdraw(*, by, mentor_request):
    """The mentee withdraws a request not yet settled: waiting for the mentor, or accepted and
    waiting for their line manager, who is then no longer asked."""
    me = staff_member_of(by)
    if me is None or mentor_request.mentee_application.applicant_id != me.pk:
        raise PermissionDenied("Only the mentee who asked can withdraw.")
    with transaction.atomic():
        _lock(mentor_request.mentee_application, mentor_request.mentor_application)
        mentor_request = _still_waiting(mentor_request, also=Status.MANAGER)
        if mentor_request.status == Status.MANAGER:
            _manager_no_longer_asked(mentor_request)
        mentor_request.status = Status.WITHDRAWN
        mentor_request.answered_at = timezone.now()
        mentor_request.save()
    return mentor_request


def _manager_no_longer_asked(mentor_request):
    """Asked only because the mentor accepted (nobody else asked) and not yet answered."""
    ManagerAnswer.objects.filter(
        mentee_application=mentor_request.mentee_application_id,
        mentor_application=mentor_request.mentor_application_id,
        asked_by__isnull=True,
        answer=ManagerAnswer.Answer.WAITING,
    ).delete()


def requests_expire(*, now, mentee_application=None):
    """Mark requests that have waited past the programme's limit; returns how many."""
    lapsed = MentorRequest.objects.filter(status=Status.PENDING, expires_at__lte=now)
    if mentee_application is not None:
        lapsed = lapsed.filter(mentee_application=mentee_application)
    return lapsed.update(status=Status.EXPIRED)


def _lock(mentee_application, mentor_application):
    """Applications before requests, lowest id first, on every path: no deadlocks."""
    ids = [mentee_application.pk, mentor_application.pk]
    locked = {
        a.pk: a
        for a in Application.objects.select_for_update(of=("self",))
        .select_related("applicant__grade", "programme")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    return locked[mentee_application.pk], locked[mentor_application.pk]


def _still_waiting(request, also=None):
    request = MentorRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == also:
        return request
    if request.status != Status.PENDING:
        raise ValidationError(
            f"This request is no longer waiting: {request.get_status_display().lower()}."
        )
    if request.expires_at <= timezone.now():
        raise ValidationError("This request has lapsed: the mentee can ask again.")
    return request
