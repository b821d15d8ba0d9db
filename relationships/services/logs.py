"""Meeting logs, the actions agreed at meetings and each person's private notes (MEET-2):
the headings of 002 Resource 13 and 001's template, confirmed by the other party as an
accurate record (001 Appendix C)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mentoring.people.models import StaffMember
from mentoring.people.permissions import staff_member_of

from ..models import ActionItem, Meeting, MeetingLog, Member, PrivateNote
from ..permissions import Content, record_change, sees_session
from .pairing import locked
from .risks import risks_check_one

LOG_FIELDS = [
    "minutes",
    "achieved",
    "challenges",
    "topics",
    "steps_agreed",
    "resources_needed",
    "next_meeting_on",
]
LOG_MINUTES = (5, 600)  # the database's own bounds (log_length_sensible)
HELD_MINUTES = (5, 480)  # a meeting's bounds (meeting_length_sensible)
# The errors of row i of `actions` are keyed "actions-<i>-<field>": the names a formset with
# this prefix gives its fields, so a page can put each message next to its field.
ACTIONS = "actions"

LOCKED = "This log was confirmed as an accurate record, so nobody can change it."


def log_check_write(*, by, meeting):
    """Raise PermissionDenied or ValidationError if `by` may not log `meeting` (or change their
    log of it) now; return the log, if there is one."""
    log = MeetingLog.objects.select_related("written_by").filter(meeting=meeting).first()
    _check_write(by, meeting, log)
    return log


def log_write(*, by, meeting, data, actions):
    """A person in a live relationship logs a meeting once it has happened; the author may
    change their log until the other party confirms it, and a change asks them again.
    `data` holds the log's fields; `actions` the rows of "actions for the mentee or mentor
    before the next meeting" (description, owner, due_on, and item: an action of this log
    being changed), empty rows ignored, an emptied existing row removed."""
    with transaction.atomic():
        locked(meeting.relationship)
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("relationship__programme")
            .get(pk=meeting.pk)
        )
        log = (
            MeetingLog.objects.select_for_update(of=("self",))
            .select_related("written_by")
            .filter(meeting=meeting)
            .first()
        )
        me = _check_write(by, meeting, log)
        creating = log is None
        if creating:
            log = MeetingLog(meeting=meeting, written_by=me)
        _fill(log, data)
        errors = _log_errors(log, _day_of(meeting))
        existing = {} if creating else {a.pk: a for a in log.actions.all()}
        rows = _action_rows(actions, meeting, existing, errors)
        if errors:
            raise ValidationError(errors)
        log.status, log.correction = MeetingLog.Status.AWAITING, ""
        log.answered_by, log.answered_at = None, None
        log.full_clean()
        log.save()
        _save_actions(log, rows)
        record_change(
            by=by,
            content=Content.MEETING_LOG,
            obj=log,
            relationship=meeting.relationship,
            action="create" if creating else "change",
        )
        risks_check_one(relationship=meeting.relationship)
    return log


def meeting_held(*, by, relationship, meeting, data, actions):
    """Log a meeting that was not arranged here: the meeting (an unsaved `Meeting` with its
    date and time, method and place) and its log are made together or not at all."""
    with transaction.atomic():
        relationship = locked(relationship)
        member = _member(by, relationship, "Only the people in this relationship log meetings.")
        _check_live(relationship, member)
        if meeting.with_member_id is not None and member.role != Member.Role.MENTOR:
            raise PermissionDenied("A session outside the group is the mentor's to arrange.")
        me = member.person
        meeting.relationship, meeting.arranged_by = relationship, me
        meeting.minutes = data.get("minutes")
        errors = _held_errors(meeting, relationship)
        log = MeetingLog(meeting=meeting, written_by=me)
        _fill(log, data)
        for field, message in _log_errors(log, _day_of(meeting)).items():
            errors.setdefault(field, message)
        rows = _action_rows(actions, meeting, {}, errors)
        if errors:
            raise ValidationError(errors)
        meeting.full_clean()
        meeting.save()
        log.meeting = meeting
        log.full_clean()
        log.save()
        _save_actions(log, rows)
        record_change(
            by=by,
            content=Content.MEETING_LOG,
            obj=log,
            relationship=relationship,
            action="create",
            note="a meeting not arranged here",
        )
        risks_check_one(relationship=relationship)
    return log


def log_confirm(*, by, log):
    """Another person in the relationship confirms the log as an accurate record (001
    Appendix C); from then on it is locked. `log` is the version they read: if it has
    changed since, nothing is confirmed."""
    with transaction.atomic():
        current = _locked_log(log)
        me = _check_answer(by, current, seen=log, after_the_end=True)
        current.status, current.correction = MeetingLog.Status.CONFIRMED, ""
        current.answered_by, current.answered_at = me, timezone.now()
        # Not `updated_at`: it tells when the words last changed, the version people read.
        current.save(update_fields=["status", "correction", "answered_by", "answered_at"])
        record_change(
            by=by,
            content=Content.MEETING_LOG,
            obj=current,
            relationship=current.meeting.relationship,
            action="confirm",
        )
    return current


def log_correct(*, by, log, correction):
    """Another person in the relationship suggests a correction instead of confirming; the
    author changes the log and it waits for confirmation again."""
    with transaction.atomic():
        current = _locked_log(log)
        me = _check_answer(by, current, seen=log)
        correction = (correction or "").strip()
        if not correction:
            raise ValidationError({"correction": "Say what should be corrected."})
        current.status, current.correction = MeetingLog.Status.CORRECTION, correction
        current.answered_by, current.answered_at = me, timezone.now()
        current.save(update_fields=["status", "correction", "answered_by", "answered_at"])
        record_change(
            by=by,
            content=Content.MEETING_LOG,
            obj=current,
            relationship=current.meeting.relationship,
            action="correct",
        )
    return current


def action_set_status(*, by, action, status):
    """The owner, or anyone live in the relationship, moves an action along: agreed at a
    meeting or planned under a goal, the same rule."""
    with transaction.atomic():
        relationship = locked(action.relationship)
        action = ActionItem.objects.select_for_update(of=("self",)).get(pk=action.pk)
        member = _member(
            by, relationship, "Only the people in this relationship update its actions."
        )
        _check_live(relationship, member)
        if status not in ActionItem.Status.values:
            raise ValidationError({"status": "Choose a status."})
        if status == action.status:
            return action
        action.status = status
        action.done_at = timezone.now() if status == ActionItem.Status.DONE else None
        action.save(update_fields=["status", "done_at"])
        record_change(
            by=by,
            content=Content.ACTION_PLAN if action.goal_id else Content.MEETING_LOG,
            obj=action,
            relationship=relationship,
            note=f"action status: {action.get_status_display().lower()}",
        )
        risks_check_one(relationship=relationship)
    return action


def private_note_save(*, by, meeting, text):
    """Each person keeps their own notes on a meeting, at any time, even after the
    relationship ends; nobody else ever reads them. Saving nothing deletes the note."""
    me = staff_member_of(by)
    member = meeting.relationship.members.filter(person=me).first() if me else None
    if member is None or not sees_session(member, meeting):
        raise PermissionDenied("Only the people in this relationship keep notes on its meetings.")
    text = (text or "").strip()
    with transaction.atomic():
        Meeting.objects.select_for_update(of=("self",)).filter(pk=meeting.pk).first()
        note = PrivateNote.objects.filter(meeting=meeting, author=me).first()
        relationship = meeting.relationship
        if not text:
            if note is not None:
                record_change(
                    by=by,
                    content=Content.PRIVATE_NOTE,
                    obj=note,
                    relationship=relationship,
                    action="delete",
                )
                note.delete()
            return None
        creating = note is None
        if creating:
            note = PrivateNote(meeting=meeting, author=me)
        note.text = text
        note.full_clean()
        note.save()
        record_change(
            by=by,
            content=Content.PRIVATE_NOTE,
            obj=note,
            relationship=relationship,
            action="create" if creating else "change",
        )
    return note


def live_people(relationship, meeting=None):
    """Whom an action can be given to: the people live in the relationship, by name; from a
    session outside the group, only its mentors and its mentee."""
    people = StaffMember.objects.filter(
        memberships__relationship=relationship, memberships__is_live=True
    )
    if meeting is not None and meeting.with_member_id is not None:
        people = people.filter(
            Q(memberships__role=Member.Role.MENTOR) | Q(memberships=meeting.with_member_id)
        )
    return people.order_by("last_name", "first_name", "pk")


def _check_write(user, meeting, log):
    relationship = meeting.relationship
    member = _member(user, relationship, "Only the people in this relationship log its meetings.")
    _check_in_it(member, meeting)
    if log is not None and log.status == MeetingLog.Status.CONFIRMED:
        raise ValidationError(LOCKED)
    _check_live(relationship, member)
    if meeting.is_cancelled:
        raise ValidationError("This meeting was cancelled, so there is nothing to log.")
    if meeting.starts_at > timezone.now():
        raise ValidationError("You can log this meeting once it has taken place.")
    if log is not None and log.written_by_id != member.person_id:
        raise ValidationError(
            f"{log.written_by.full_name} has already logged this meeting: read their log, then "
            "confirm it or suggest a correction."
        )
    return member.person


def _check_answer(user, log, *, seen, after_the_end=False):
    """`after_the_end`: a log still waiting when the relationship ended may yet be confirmed
    by those who were in it to the end, so the record is complete; it can no longer be
    corrected, as nobody may change it now."""
    relationship = log.meeting.relationship
    member = _member(user, relationship, "Only the people in this relationship confirm its logs.")
    _check_in_it(member, log.meeting)
    if log.status == MeetingLog.Status.CONFIRMED:
        raise ValidationError("This log is already confirmed as an accurate record.")
    if not (after_the_end and ended_with(relationship, member)):
        _check_live(relationship, member)
    if log.written_by_id == member.person_id:
        raise ValidationError(
            "You wrote this log: the other person confirms it or suggests a correction."
        )
    if log.status == MeetingLog.Status.CORRECTION:
        raise ValidationError(
            f"A correction has been suggested: it waits for {log.written_by.full_name} to "
            "change the log."
        )
    if seen.updated_at != log.updated_at:
        raise ValidationError(
            "The log was changed while you were reading it: read it again, then confirm it "
            "or suggest a correction."
        )
    return member.person


def _locked_log(log):
    """The log, row-locked after its relationship, so it cannot change as the relationship
    ends."""
    locked(log.meeting.relationship)
    return (
        MeetingLog.objects.select_for_update(of=("self",))
        .select_related("meeting__relationship__programme", "written_by")
        .get(pk=log.pk)
    )


def _member(user, relationship, refusal):
    """The person's place in the relationship, live or not; outsiders are refused."""
    me = staff_member_of(user)
    member = relationship.members.filter(person=me).select_related("person").first() if me else None
    if member is None:
        raise PermissionDenied(refusal)
    return member


def _check_in_it(member, meeting):
    """A session outside the group is for its own people only (002)."""
    if not sees_session(member, meeting):
        raise PermissionDenied("Only the people at this meeting log it.")


def ended_with(relationship, member):
    """Whether this person was still in the relationship when it ended."""
    return not relationship.is_live and member is not None and not member.left_reason


def _check_live(relationship, member):
    if not relationship.is_live:
        raise ValidationError("This relationship has ended, so its logs can no longer change.")
    if not member.is_live:
        raise ValidationError(
            "You have left this relationship, so its logs are not yours to change."
        )


def _fill(log, data):
    for field in LOG_FIELDS:
        value = data.get(field)
        if field in ("minutes", "next_meeting_on"):
            setattr(log, field, value)
        else:
            setattr(log, field, (value or "").strip())


def _day_of(meeting):
    return timezone.localdate(meeting.starts_at) if meeting.starts_at else None


def _log_errors(log, day):
    errors = {}
    low, high = LOG_MINUTES
    if log.minutes is None or not low <= log.minutes <= high:
        errors["minutes"] = f"Give the length of the meeting in minutes, from {low} to {high}."
    if not log.achieved:
        errors["achieved"] = "Say what was achieved since the last meeting."
    if not log.topics:
        errors["topics"] = "Say what this meeting was about."
    if log.next_meeting_on and day and log.next_meeting_on <= day:
        errors["next_meeting_on"] = "Choose a date after this meeting."
    return errors


def _held_errors(meeting, relationship):
    errors = {}
    if meeting.starts_at is None:
        errors["starts_at"] = "Give the date and time you met."
    elif meeting.starts_at > timezone.now():
        errors["starts_at"] = (
            "Choose a time in the past; arrange meetings to come from the relationship page."
        )
    elif timezone.localdate(meeting.starts_at) < timezone.localdate(relationship.created_at):
        paired_on = timezone.localdate(relationship.created_at)
        errors["starts_at"] = f"Choose a date since you were paired, on {paired_on:%-d %B %Y}."
    low, high = HELD_MINUTES
    if meeting.minutes is None or not low <= meeting.minutes <= high:
        errors["minutes"] = f"Give the length of the meeting in minutes, from {low} to {high}."
    if meeting.method not in Meeting.Method.values:
        errors["method"] = "Choose how you met."
    return errors


def _action_rows(actions, meeting, existing, errors):
    """The rows filled in, each (existing action or None, its new values or None to remove it);
    problems go into `errors` next to their field."""
    owners = {p.pk: p for p in live_people(meeting.relationship, meeting)}
    day = _day_of(meeting)
    rows = []
    for index, row in enumerate(actions):
        key = f"{ACTIONS}-{index}-{{}}".format
        item = None
        if row.get("item"):
            item = existing.get(row["item"])
            if item is None:
                errors[key("description")] = "This action is not one of this log's."
                continue
        description = (row.get("description") or "").strip()
        owner, due_on = row.get("owner"), row.get("due_on")
        if not (description or owner or due_on):
            if item is not None:
                rows.append((item, None))
            continue
        owner_id = getattr(owner, "pk", owner)
        if not description:
            errors[key("description")] = "Say what the action is."
        if owner is None:
            errors[key("owner")] = "Choose who will do it."
        elif owner_id not in owners:
            errors[key("owner")] = (
                "Choose one of the people at this meeting."
                if meeting.with_member_id
                else "Choose one of the people in this relationship."
            )
        if due_on is None:
            errors[key("due_on")] = "Give the date it is due by."
        elif day and due_on < day:
            errors[key("due_on")] = "Choose a date on or after the day of the meeting."
        values = {"description": description, "owner": owners.get(owner_id), "due_on": due_on}
        rows.append((item, values))
    return rows


def _save_actions(log, rows):
    new = []
    for item, values in rows:
        if values is None:
            item.delete()
        elif item is None:
            new.append(
                ActionItem(relationship_id=log.meeting.relationship_id, meeting_log=log, **values)
            )
        else:
            for field, value in values.items():
                setattr(item, field, value)
            item.changed_at = timezone.now()
            item.full_clean()
            item.save(update_fields=[*values, "changed_at"])
    for action in new:
        action.full_clean()
    ActionItem.objects.bulk_create(new)
