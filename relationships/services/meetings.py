"""Meetings the people in a relationship arrange, cancel and put in their calendars (MEET-1)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mentoring.notifications.services import notifications_send
from mentoring.people.permissions import staff_member_of

from .. import news
from ..models import Meeting, Member
from ..permissions import sees_session

SHORT_NOTICE = timedelta(hours=24)  # 001: cancel at least 24 hours ahead, or offer a new date


def meeting_arrange(*, by, relationship, meeting):
    """Arrange a meeting, the introduction included, within the programme's meeting length.
    A one-to-one session outside a group (`meeting.with_member`) is the mentor's to offer
    when a mentee asks (002 group model)."""
    member = _check_member(by, relationship)
    if meeting.with_member_id is not None and member.role != Member.Role.MENTOR:
        raise PermissionDenied(
            "A session outside the group is arranged by the mentor: ask your mentor for one."
        )
    if not relationship.is_live:
        raise ValidationError("This relationship has ended.")
    meeting.relationship = relationship
    meeting.arranged_by = staff_member_of(by)
    _check_time_and_length(meeting, relationship.programme)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_cancel(*, by, meeting, new_starts_at=None):
    """Cancel a meeting; less than 24 hours ahead, only by offering a new date (001). Returns
    the new meeting, if any."""
    meeting = (
        Meeting.objects.select_for_update()
        .select_related("relationship__programme")
        .get(pk=meeting.pk)
    )
    if not sees_session(_check_member(by, meeting.relationship), meeting):
        raise PermissionDenied("Only the people in this meeting cancel it.")
    if meeting.is_cancelled:
        raise ValidationError("This meeting is already cancelled.")
    now = timezone.now()
    if meeting.starts_at <= now:
        raise ValidationError("This meeting has already started.")
    if meeting.starts_at - now < SHORT_NOTICE and new_starts_at is None:
        raise ValidationError(
            {"new_starts_at": "It is less than 24 hours away: offer a new date and time."}
        )
    replacement = None
    if new_starts_at is not None:
        replacement = Meeting(
            starts_at=new_starts_at,
            minutes=meeting.minutes,
            method=meeting.method,
            place=meeting.place,
            with_member=meeting.with_member,
        )
        replacement = meeting_arrange(by=by, relationship=meeting.relationship, meeting=replacement)
    meeting.cancelled_at, meeting.replaced_by = now, replacement
    meeting.sequence += 1
    meeting.save(update_fields=["cancelled_at", "replaced_by", "sequence"])
    _cancelling_told(meeting, by)
    return replacement


def _cancelling_told(meeting, by):
    """Until calendar cancellations (issue 23), the others who see the meeting are told."""
    me = staff_member_of(by)
    told = {
        m.person_id
        for m in meeting.relationship.members.all()
        if m.is_live and sees_session(m, meeting) and m.person_id != me.pk
    }
    notifications_send(occasions=news.meeting_cancelled(meeting, me, told))


def sessions_cancel_for(member):
    """A mentee leaving a group: their sessions outside it still to come are cancelled; those
    held stay theirs and the mentor's alone."""
    now = timezone.now()
    member.sessions_outside.filter(cancelled_at__isnull=True, starts_at__gt=now).update(
        cancelled_at=now, sequence=F("sequence") + 1
    )


def _check_time_and_length(meeting, programme):
    errors = {}
    if meeting.starts_at and meeting.starts_at <= timezone.now():
        errors["starts_at"] = "Choose a time in the future."
    low, high = programme.meeting_minutes_min, programme.meeting_minutes_max
    if meeting.minutes and ((low and meeting.minutes < low) or (high and meeting.minutes > high)):
        errors["minutes"] = f"This programme's meetings last {_range(low, high)} minutes."
    if errors:
        raise ValidationError(errors)


def _range(low, high):
    if low and high:
        return f"{low} to {high}"
    return f"at least {low}" if low else f"at most {high}"


def _check_member(user, relationship):
    me = staff_member_of(user)
    member = relationship.members.filter(person=me, is_live=True).first() if me else None
    if member is None:
        raise PermissionDenied("Only the people in this relationship arrange its meetings.")
    return member
