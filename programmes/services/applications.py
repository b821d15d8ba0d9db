"""Applications from submission to decision (APP-1..4). Each state change is one function
that checks who may make it and from which state, so views, admin and tests share the rules."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.notifications.services import notifications_send
from mentoring.people.permissions import staff_member_of

from ..models import Application, Programme
from ..models.application import AvailableTime, MeetingMethod, Need
from ..permissions import can_manage_programme
from ..reminders import approval_asked, decision_told
from ..signals import application_withdrawn

Status = Application.Status


@transaction.atomic
def application_submit(*, by, application, areas=()):
    """Apply to an open programme. It goes to the line manager where the programme asks for
    approval; external participants and people with no manager go straight to the
    coordinator (003 §1, §4.2)."""
    applicant = staff_member_of(by)
    if applicant is None or not applicant.is_active:
        raise PermissionDenied("Only people with an active staff record can apply.")
    programme = Programme.objects.select_for_update().get(pk=application.programme_id)
    if programme.status != Programme.Status.OPEN or programme.is_archived:
        raise ValidationError("This programme is not open for applications.")
    _check_role_content(application, programme)
    application.applicant = applicant
    application.manager = None if applicant.is_external else applicant.line_manager
    if application.role == Application.Role.MENTOR:
        application.suitability_accepted_at = timezone.now()  # 003 §3.4: signed, and when
    if _needs_manager(application, programme) and application.manager:
        application.status = Status.AWAITING_MANAGER
    else:
        application.status = Status.WITH_COORDINATOR
    application.full_clean()
    application.save()
    field = "areas_wanted" if application.role == Application.Role.MENTEE else "areas_offered"
    getattr(application, field).set(areas)
    if application.status == Status.AWAITING_MANAGER:
        notifications_send(occasions=[approval_asked(application)])
    return application


@transaction.atomic
def application_manager_decide(*, by, application, approve, reason="", confirms_performance=False):
    """The applicant's line manager supports or declines (APP-3). Supporting includes
    confirming the applicant is not being managed for under-performance (003 §4.2)."""
    application = _locked(application)
    if staff_member_of(by) is None or application.manager_id != staff_member_of(by).pk:
        raise PermissionDenied("Only the applicant's line manager can decide this.")
    _check_not_archived(application.programme)
    _check_status(application, [Status.AWAITING_MANAGER], "is not waiting for you")
    if approve and not confirms_performance:
        raise ValidationError(
            {
                "confirms_performance": "Confirm that they are not being managed for "
                "under-performance, or decline with a reason."
            }
        )
    if not approve and not reason.strip():
        raise ValidationError({"reason": "Give a reason: the applicant will see it."})
    application.status = Status.WITH_COORDINATOR if approve else Status.MANAGER_DECLINED
    application.manager_reason = reason.strip()
    application.manager_confirmed_performance = bool(approve and confirms_performance)
    application.manager_decided_at = timezone.now()
    application.save()
    return application


@transaction.atomic
def application_request_review(*, by, application, note=""):
    """An applicant whose manager declined asks the coordinator to review in confidence."""
    application = _locked(application)
    _check_applicant(by, application)
    allowed = [Status.MANAGER_DECLINED]
    if manager_cannot_decide(application):
        allowed.append(Status.AWAITING_MANAGER)
    _check_status(application, allowed, "was not declined by your manager")
    application.status = Status.WITH_COORDINATOR
    application.confidential_review = True
    application.confidential_note = note.strip()
    application.save()
    return application


DECISIONS = {
    "accept": Status.ACCEPTED,
    "waiting_list": Status.WAITING_LIST,
    "decline": Status.DECLINED,
}


@transaction.atomic
def application_decide(*, by, application, decision, reason=""):
    """The coordinator accepts, puts on the waiting list, or declines with a reason (APP-4)."""
    application = _locked(application)
    if not can_manage_programme(by, application.programme):
        raise PermissionDenied("Only this programme's coordinators decide its applications.")
    if application.applicant == staff_member_of(by):
        raise PermissionDenied("Another coordinator of the programme must decide your own.")
    _check_not_archived(application.programme)
    allowed = [Status.WITH_COORDINATOR, Status.WAITING_LIST]
    _check_status(application, allowed, "is not waiting for a decision")
    if decision not in DECISIONS:
        raise ValidationError("Choose accept, waiting list or decline.")
    if decision == "decline" and not reason.strip():
        raise ValidationError({"reason": "Give a reason: the applicant will be told."})
    if decision == "waiting_list" and application.status == Status.WAITING_LIST:
        raise ValidationError("This application is already on the waiting list.")
    application.status = DECISIONS[decision]
    application.decline_reason = reason.strip() if decision == "decline" else ""
    application.waiting_since = timezone.now() if decision == "waiting_list" else None
    application.decided_by = staff_member_of(by)
    application.decided_at = timezone.now()
    application.save()
    notifications_send(occasions=[decision_told(application)])
    return application


@transaction.atomic
def application_withdraw(*, by, application):
    """Applicants may withdraw at any time without recrimination (001); the record stays for
    their participation history."""
    application = _locked(application)
    _check_applicant(by, application)
    _check_status(
        application,
        [s for s in Status if s not in Application.CLOSED_STATUSES],
        "is already closed",
    )
    application.status = Status.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.waiting_since = None
    application.save()
    application_withdrawn.send(sender=Application, application=application)
    return application


def waiting_list(programme):
    """The programme's waiting list, first come first served, with positions from 1."""
    queue = programme.applications.filter(status=Status.WAITING_LIST).order_by(
        "waiting_since", "pk"
    )
    return list(enumerate(queue.with_people(), start=1))


def manager_cannot_decide(application):
    """The manager asked has left, or is no longer the applicant's line manager: the applicant
    may then take the application to the coordinator instead of waiting for ever."""
    manager = application.manager
    return application.status == Status.AWAITING_MANAGER and (
        manager is None
        or not manager.is_active
        or application.applicant.line_manager_id != manager.pk
    )


def waiting_list_positions(programme):
    """{application id: position} for the waiting list, in one query."""
    queue = programme.applications.filter(status=Status.WAITING_LIST)
    ids = queue.order_by("waiting_since", "pk").values_list("pk", flat=True)
    return {pk: position for position, pk in enumerate(ids, start=1)}


def _needs_manager(application, programme):
    if application.role == Application.Role.MENTEE:
        return programme.mentee_manager_approval
    return programme.mentor_manager_approval


def _check_role_content(application, programme):
    errors = {}
    if not set(application.needs) <= set(Need.values):
        errors["needs"] = "Choose from the list."
    if not set(application.meeting_methods) <= set(MeetingMethod.values):
        errors["meeting_methods"] = "Choose from the list."
    if not set(application.available_times) <= set(AvailableTime.values):
        errors["available_times"] = "Choose from the list."
    if application.role == Application.Role.MENTEE:
        if not application.needs and not application.needs_other.strip():
            errors["needs"] = "Choose at least one thing you would like help with."
        if not application.aims.strip():
            errors["aims"] = "Say what you hope to achieve."
    else:
        if not application.biography.strip():
            errors["biography"] = "Write a short biography for the mentor directory."
        if not application.suitability_accepted:
            errors["suitability_accepted"] = "Mentors must accept the statement of suitability."
        capacity = application.capacity or 0
        if not 1 <= capacity <= programme.mentor_capacity:
            errors["capacity"] = (
                f"Choose between 1 and {programme.mentor_capacity}, the programme's maximum."
            )
    if errors:
        raise ValidationError(errors)


def _check_not_archived(programme):
    if programme.is_archived:
        raise ValidationError("This programme is archived; nothing about it can change.")


def _locked(application):
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=application.pk)
    )


def _check_applicant(user, application):
    me = staff_member_of(user)
    if me is None or application.applicant_id != me.pk:
        raise PermissionDenied("Only the applicant can do this.")


def _check_status(application, allowed, complaint):
    if application.status not in allowed:
        raise ValidationError(
            f"This application {complaint}: it is {application.get_status_display().lower()}."
        )
