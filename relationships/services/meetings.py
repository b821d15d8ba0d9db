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
from ..selectors import people_at

SHORT_NOTICE = timedelta(hours=24)  # 001: cancel at least 24 hours ahead, or offer a new date


@transaction.atomic
def meeting_arrange(*, by, relationship, meeting) -> Meeting:
    """Arrange a meeting, the introduction included, within the programme's meeting length,
    and email everyone at it an invitation for their calendar. A one-to-one session outside a
    group (`meeting.with_member`) is the mentor's to offer when a mentee asks (002 group
    model)."""
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
    notifications_send(
        occasions=news.meeting_invited(meeting, meeting.arranged_by, people_at(meeting))
    )
    return meeting


CHANGEABLE = ("starts_at", "minutes", "method", "place", "online_link")


@transaction.atomic
def meeting_change(*, by, meeting, **changes) -> Meeting:
    """Change a meeting's date, time, length, way of meeting, place or link, by someone at it;
    everyone at it gets the update of their invitation (SEQUENCE raised). Moving a meeting
    less than 24 hours away is offering a new time, as 001 asks of a late cancellation."""
    meeting = _locked(meeting)
    member = _check_member(by, meeting.relationship)
    if not sees_session(member, meeting):
        raise PermissionDenied("Only the people at this meeting change it.")
    _check_still_to_come(meeting)
    if not meeting.relationship.is_live:
        raise ValidationError("This relationship has ended.")
    changed = {k: v for k, v in changes.items() if k in CHANGEABLE and getattr(meeting, k) != v}
    if not changed:
        return meeting
    for field, value in changed.items():
        setattr(meeting, field, value)
    _check_time_and_length(meeting, meeting.relationship.programme)
    meeting.sequence += 1
    # Only what changes: an arranger since gone (SET_NULL) must not stop a change.
    meeting.full_clean(exclude=[f.name for f in Meeting._meta.fields if f.name not in changed])
    meeting.save(update_fields=[*changed, "sequence"])
    me = member.person
    notifications_send(occasions=news.meeting_changed(meeting, me, people_at(meeting)))
    return meeting


@transaction.atomic
def meeting_cancel(*, by, meeting, new_starts_at=None):
    """Cancel a meeting; less than 24 hours ahead, only by offering a new date (001). Everyone
    at it gets the cancellation for their calendar (and the invitation to the new one).
    Returns the new meeting, if any."""
    meeting = _locked(meeting)
    if not sees_session(_check_member(by, meeting.relationship), meeting):
        raise PermissionDenied("Only the people in this meeting cancel it.")
    _check_still_to_come(meeting)
    if meeting.starts_at - timezone.now() < SHORT_NOTICE and new_starts_at is None:
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
            online_link=meeting.online_link,
            with_member=meeting.with_member,
        )
        replacement = meeting_arrange(by=by, relationship=meeting.relationship, meeting=replacement)
    people = people_at(meeting)
    meeting.cancelled_at, meeting.replaced_by = timezone.now(), replacement
    meeting.sequence += 1
    meeting.save(update_fields=["cancelled_at", "replaced_by", "sequence"])
    notifications_send(occasions=news.meeting_cancelled(meeting, staff_member_of(by), people))
    return replacement


def _locked(meeting):
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("relationship__programme", "arranged_by")
        .get(pk=meeting.pk)
    )


def _check_still_to_come(meeting):
    if meeting.is_cancelled:
        raise ValidationError("This meeting is already cancelled.")
    if meeting.starts_at <= timezone.now():
        raise ValidationError("This meeting has already started.")


def sessions_cancel_for(member):
    """A mentee leaving a group: their sessions outside it still to come are cancelled (those
    held stay theirs and the mentor's alone), and the group's meetings to come leave their
    calendar, sent to them alone with SEQUENCE raised, while the group meets on."""
    now = timezone.now()
    coming = Meeting.objects.filter(
        relationship=member.relationship_id, cancelled_at__isnull=True, starts_at__gt=now
    )
    sessions = coming.filter(with_member=member)
    cancelled = list(sessions.select_related("relationship"))
    sessions.update(cancelled_at=now, sequence=F("sequence") + 1)
    for meeting in cancelled:
        meeting.cancelled_at = now
        people = [*people_at(meeting), member.person]
        notifications_send(occasions=news.meeting_cancelled(meeting, None, people))
    group = coming.filter(with_member__isnull=True)
    left = list(group.select_related("relationship"))
    group.update(sequence=F("sequence") + 1)
    for meeting in left:
        notifications_send(occasions=news.meeting_left(meeting, member.person))


def meetings_cancel_with_ending(relationship):
    """A relationship ending: its meetings still to come are cancelled, and everyone who was
    at each is sent the cancellation, so that it leaves their calendars. Called before the
    members stop being live."""
    now = timezone.now()
    coming = relationship.meetings.filter(cancelled_at__isnull=True, starts_at__gt=now)
    told = [(meeting, people_at(meeting)) for meeting in coming.select_related("relationship")]
    coming.update(cancelled_at=now, sequence=F("sequence") + 1)
    for meeting, people in told:
        meeting.cancelled_at = now
        notifications_send(occasions=news.meeting_cancelled(meeting, None, people))


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
