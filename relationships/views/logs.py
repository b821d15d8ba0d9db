"""Meeting logs and their confirmation, the actions agreed at meetings, and each person's
private notes (MEET-2)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from mentoring.people.permissions import staff_member_of
from mentoring.web import add_errors, run_service

from ..forms import (
    ActionStatusForm,
    ConfirmForm,
    CorrectionForm,
    HeldLogForm,
    HeldMeetingForm,
    LogForm,
    PrivateNoteForm,
    action_formset,
)
from ..models import ActionItem, Meeting, MeetingLog, Member, PrivateNote, Relationship
from ..permissions import Content, Reader, sees_session, sessions_seen_by
from ..selectors import mentees_for_a_session
from ..services import logs
from .relationships import _visible_relationship

STALE = "The log was changed while you were reading it: read it again first."


@login_required
def log(request, pk):
    """A meeting's log, read by the people in the relationship, and by the coordinator only
    where the programme allows; every read of someone else's log is audited."""
    meeting = _visible_meeting(request, pk)
    reader = Reader(request.user, meeting.relationship)
    meeting_log = _read(reader, meeting)
    return _log_page(request, reader, meeting_log)


@login_required
def log_write(request, pk):
    """Log a meeting that has happened, or change your own log until it is confirmed."""
    meeting = _visible_meeting(request, pk)
    relationship = meeting.relationship
    try:
        meeting_log = logs.log_check_write(by=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(getattr(meeting, "log", None) or relationship)
    if meeting_log is not None:
        Reader(request.user, relationship).read_record(meeting_log)
    posted = request.POST if request.method == "POST" else None
    form = LogForm(posted, initial=_log_initial(meeting, meeting_log))
    formset = action_formset(
        posted,
        owners=logs.live_people(relationship, meeting),
        initial=_actions_initial(meeting_log),
    )
    if posted is not None and all([form.is_valid(), formset.is_valid()]):
        try:
            meeting_log = logs.log_write(
                by=request.user,
                meeting=meeting,
                data=form.cleaned_data,
                actions=formset.cleaned_data,
            )
        except ValidationError as exc:
            _add_errors([form], formset, exc)
        else:
            messages.success(
                request, "Logged. The others are asked to confirm it as an accurate record."
            )
            return redirect(meeting_log)
    earlier = ActionItem.objects.filter(
        sessions_seen_by(staff_member_of(request.user), via="meeting_log__meeting"),
        relationship=relationship,
        meeting_log__isnull=False,
        status__in=ActionItem.OPEN,
    ).exclude(meeting_log__meeting=meeting)
    context = {
        "relationship": relationship,
        "meeting": meeting,
        "log": meeting_log,
        "form": form,
        "formset": formset,
        "earlier_actions": earlier.select_related("owner"),
    }
    return render(request, "relationships/log_form.html", context)


@login_required
def meeting_held(request, pk):
    """Log a meeting that was not arranged here: the meeting and its log together."""
    relationship = _visible_relationship(request, pk)
    reader = Reader(request.user, relationship, members=relationship.members.all())
    if reader.member is None or not reader.member.is_live:
        raise PermissionDenied
    if not relationship.is_live:
        messages.error(request, "This relationship has ended.")
        return redirect(relationship)
    posted = request.POST if request.method == "POST" else None
    mentees = mentees_for_a_session(relationship, reader.member)
    meeting_form = HeldMeetingForm(posted, mentees=mentees)
    form = HeldLogForm(posted)
    formset = action_formset(posted, owners=logs.live_people(relationship))
    if posted is not None and all([meeting_form.is_valid(), form.is_valid(), formset.is_valid()]):
        try:
            meeting_log = logs.meeting_held(
                by=request.user,
                relationship=relationship,
                meeting=meeting_form.save(commit=False),
                data=form.cleaned_data,
                actions=formset.cleaned_data,
            )
        except ValidationError as exc:
            _add_errors([meeting_form, form], formset, exc)
        else:
            messages.success(
                request, "Logged. The others are asked to confirm it as an accurate record."
            )
            return redirect(meeting_log)
    context = {
        "relationship": relationship,
        "meeting_form": meeting_form,
        "form": form,
        "formset": formset,
    }
    return render(request, "relationships/log_held_form.html", context)


@login_required
@require_POST
def log_confirm(request, pk):
    meeting = _visible_meeting(request, pk)
    meeting_log = _answerable(request, meeting)
    form = ConfirmForm(request.POST)
    if _is_stale(form, meeting_log):
        messages.error(request, STALE)
    else:
        run_service(
            request,
            logs.log_confirm,
            "Confirmed as an accurate record. Thank you.",
            log=meeting_log,
        )
    return redirect(meeting_log)


@login_required
@require_POST
def log_correct(request, pk):
    meeting = _visible_meeting(request, pk)
    meeting_log = _answerable(request, meeting)
    form = CorrectionForm(request.POST)
    if _is_stale(form, meeting_log):
        messages.error(request, STALE)
        return redirect(meeting_log)
    try:
        logs.log_correct(
            by=request.user, log=meeting_log, correction=request.POST.get("correction", "")
        )
    except ValidationError as exc:
        if "correction" in getattr(exc, "error_dict", {}):
            if form.is_valid():
                add_errors(form, exc)
            reader = Reader(request.user, meeting.relationship)
            _read(reader, meeting)
            return _log_page(request, reader, meeting_log, correction_form=form)
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Your correction has gone to the author of the log.")
    return redirect(meeting_log)


@login_required
@require_POST
def action_status(request, pk):
    """Move an action along: one agreed at a meeting or planned under a goal."""
    visible = Relationship.objects.visible_to(request.user)
    seen = sessions_seen_by(staff_member_of(request.user), via="meeting_log__meeting")
    action = get_object_or_404(
        ActionItem.objects.filter(seen, relationship__in=visible).select_related(
            "relationship__programme"
        ),
        pk=pk,
    )
    reader = Reader(request.user, action.relationship)
    if not reader.can_read(Content.ACTION_PLAN if action.goal_id else Content.MEETING_LOG):
        raise Http404
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            logs.action_set_status,
            "Action updated.",
            action=action,
            status=form.cleaned_data["status"],
        )
    else:
        messages.error(request, "Choose a status.")
    return redirect(_next(request, action.relationship))


@login_required
def private_note(request, pk):
    """Your own notes on a meeting: nobody else can ever read them."""
    meeting = _visible_meeting(request, pk)
    me = staff_member_of(request.user)
    if not meeting.relationship.members.filter(person=me).exists():
        raise Http404
    note = PrivateNote.objects.filter(meeting=meeting, author=me).first()
    if note is not None:
        Reader(request.user, meeting.relationship).read(
            Content.PRIVATE_NOTE, note, author_id=note.author_id
        )
    posted = request.POST if request.method == "POST" else None
    form = PrivateNoteForm(posted, initial={"text": getattr(note, "text", "")})
    if posted is not None and form.is_valid():
        try:
            saved = logs.private_note_save(
                by=request.user, meeting=meeting, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            done = "saved. Only you can read them" if saved else "deleted"
            messages.success(request, f"Your private notes are {done}.")
            return redirect("relationships:private_note", meeting.pk)
    context = {"relationship": meeting.relationship, "meeting": meeting, "form": form}
    return render(request, "relationships/private_note.html", context)


def workspace_part(reader):
    """What the relationship page shows of meetings held, their logs and the open actions, for
    `reader`, in the same few queries whatever their number. A coordinator the programme does
    not let read logs sees only how many meetings were held and logged."""
    relationship = reader.relationship
    held = relationship.meetings.filter(cancelled_at__isnull=True, starts_at__lte=timezone.now())
    if not reader.can_read(Content.MEETING_LOG):  # counts only: sessions outside count too
        if not reader.is_coordinator:
            return {"can_read": False, "show_counts": False}
        counts = held.aggregate(held=Count("pk"), logged=Count("log"))
        return {
            "can_read": False,
            "show_counts": True,
            "held_count": counts["held"],
            "logged_count": counts["logged"],
        }
    member = reader.member
    me = getattr(reader.person, "pk", None)
    live = member is not None and member.is_live and relationship.is_live
    noted = set()
    if member is not None:
        notes = PrivateNote.objects.filter(meeting__relationship=relationship, author_id=me)
        noted = set(notes.values_list("meeting_id", flat=True))
    meetings = []
    members = [m for m in reader.members if m.is_live]
    held = held.filter(sessions_seen_by(reader.person))
    held = held.select_related("log__written_by", "log__answered_by")
    for meeting in held.order_by("-starts_at", "-pk"):
        meeting_log = getattr(meeting, "log", None)
        left_at = getattr(member, "left_at", None)
        if left_at and meeting.starts_at >= left_at:
            continue  # held after they left the group
        if meeting_log and not reader.can_read_record(meeting_log):
            continue  # written after they left, or before the coordinator could read logs
        mine = meeting_log is not None and meeting_log.written_by_id == me
        awaiting = meeting_log is not None and meeting_log.status == MeetingLog.Status.AWAITING
        present = [m for m in members if sees_session(m, meeting)]
        meetings.append(
            {
                "meeting": meeting,
                "log": meeting_log,
                "tag": meeting_log.tag_for(reader.person, present) if meeting_log else None,
                "just_with": _just_with(meeting, reader.members),
                "awaits_me": live and awaiting and not mine,
                "to_correct": live and mine and meeting_log.status == MeetingLog.Status.CORRECTION,
                "can_write": live
                and (
                    meeting_log is None
                    or (mine and meeting_log.status != MeetingLog.Status.CONFIRMED)
                ),
                "has_note": meeting.pk in noted,
            }
        )
    today = timezone.localdate()
    open_actions = ActionItem.objects.filter(
        sessions_seen_by(reader.person, via="meeting_log__meeting"),
        relationship=relationship,
        status__in=ActionItem.OPEN,
    )
    open_actions = open_actions.select_related("owner", "meeting_log__meeting").order_by(
        F("due_on").asc(nulls_last=True), "pk"
    )
    actions = [
        {
            "action": action,
            "overdue": action.due_on is not None and today > action.due_on,
            "can_update": member is not None and member.is_live and relationship.is_live,
        }
        for action in open_actions
        if reader.can_read_record(action)
    ]
    if member is None and actions:
        reader.read(Content.MEETING_LOG, None, note="open actions on the relationship page")
    return {
        "can_read": True,
        "show_counts": True,
        "is_member": member is not None,
        "can_write": live,
        "relationship": relationship,
        "meetings": meetings,
        "awaiting": [row for row in meetings if row["awaits_me"]],
        "to_correct": [row for row in meetings if row["to_correct"]],
        "actions": actions,
        "held_count": len(meetings),
        "logged_count": sum(1 for row in meetings if row["log"] is not None),
        "status_choices": ActionItem.Status.choices,
        "here": relationship.get_absolute_url(),
    }


def _just_with(meeting, members):
    """Whom a session outside the group was with, by name; None for the group's meetings."""
    found = next((m for m in members if m.pk == meeting.with_member_id), None)
    return found.person.full_name if found else None


def _visible_meeting(request, pk):
    """A meeting of a relationship this person can open, and that they may see (a session
    outside a group: only its own people); for anyone else it does not exist."""
    visible = Relationship.objects.visible_to(request.user)
    seen = sessions_seen_by(staff_member_of(request.user))
    meetings = Meeting.objects.filter(seen, relationship__in=visible).select_related(
        "relationship__programme", "log__written_by", "log__answered_by"
    )
    return get_object_or_404(meetings.prefetch_related("relationship__members__person"), pk=pk)


def _read(reader, meeting):
    """The meeting's log, if this reader may read it (audited); otherwise it does not exist."""
    meeting_log = getattr(meeting, "log", None)
    if meeting_log is None:
        raise Http404
    return reader.read_record(meeting_log)


def _answerable(request, meeting):
    """The log to confirm or correct: those who may not read it cannot know it exists."""
    meeting_log = getattr(meeting, "log", None)
    if meeting_log is None or not Reader(request.user, meeting.relationship).can_read_record(
        meeting_log
    ):
        raise Http404
    return meeting_log


def _log_page(request, reader, meeting_log, correction_form=None):
    meeting = meeting_log.meeting
    relationship = meeting.relationship
    member = reader.member
    live = member is not None and member.is_live and relationship.is_live
    is_author = reader.is_author(meeting_log.written_by_id)
    version = {"version": _version(meeting_log)}
    actions = [
        (action, live)
        for action in meeting_log.actions.select_related("owner")
        if reader.can_read_record(action)
    ]
    context = {
        "relationship": relationship,
        "meeting": meeting,
        "log": meeting_log,
        "tag": meeting_log.tag_for(
            reader.person,
            [m for m in relationship.members.all() if m.is_live and sees_session(m, meeting)],
        ),
        "just_with": _just_with(meeting, relationship.members.all()),
        "actions": actions,
        "is_member": member is not None,
        "can_edit": live and is_author and meeting_log.status != MeetingLog.Status.CONFIRMED,
        "can_answer": live and not is_author and meeting_log.status == MeetingLog.Status.AWAITING,
        "can_confirm_late": logs.ended_with(relationship, member)
        and not is_author
        and meeting_log.status == MeetingLog.Status.AWAITING,
        "confirm_form": ConfirmForm(initial=version),
        "correction_form": correction_form or CorrectionForm(initial=version),
        "status_choices": ActionItem.Status.choices,
        "today": timezone.localdate(),
        "plans": _plans_to_update(member, relationship) if live else [],
        "plan_after_each_meeting": relationship.programme.plan_after_each_meeting,
        "mine_is_mentee": getattr(member, "role", "") == Member.Role.MENTEE,
        "mine_person_id": getattr(member, "person_id", None),
    }
    return render(request, "relationships/log.html", context)


def _plans_to_update(member, relationship):
    """The action plans this meeting feeds: the mentee's own, or each mentee's for a mentor
    (000 contract §5: the mentee completes the plan after each meeting)."""
    if member.role == Member.Role.MENTEE:
        return [member]
    return [m for m in relationship.members.all() if m.is_live and m.role == Member.Role.MENTEE]


def _version(meeting_log):
    return meeting_log.updated_at.isoformat()


def _is_stale(form, meeting_log):
    """A confirmation or correction sent from a page showing an earlier version."""
    seen = form.data.get("version", "")
    return bool(seen) and seen != _version(meeting_log)


def _log_initial(meeting, meeting_log):
    if meeting_log is not None:
        return model_to_dict(meeting_log, fields=logs.LOG_FIELDS)
    following = (
        meeting.relationship.meetings.filter(
            Q(with_member__isnull=True) | Q(with_member=meeting.with_member_id),
            cancelled_at__isnull=True,
            starts_at__gt=meeting.starts_at,
        )
        .order_by("starts_at")
        .first()
    )
    return {
        "minutes": meeting.minutes,
        "next_meeting_on": timezone.localdate(following.starts_at) if following else None,
    }


def _actions_initial(meeting_log):
    if meeting_log is None:
        return None
    return [
        {"item": a.pk, "description": a.description, "owner": a.owner_id, "due_on": a.due_on}
        for a in meeting_log.actions.all()
    ]


def _add_errors(forms, formset, exc):
    """A service's refusal next to its field: in whichever form has it, in the formset's row,
    or above the first form."""
    if not hasattr(exc, "error_dict"):
        forms[0].add_error(None, exc)
        return
    for key, errors in exc.error_dict.items():
        row_prefix, _, rest = key.partition("-")
        if row_prefix == formset.prefix and rest:
            index, _, field = rest.partition("-")
            formset.forms[int(index)].add_error(field, errors)
            continue
        form = next((f for f in forms if key in f.fields), forms[0])
        add_errors(form, ValidationError({key: errors}))


def _next(request, relationship):
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return relationship.get_absolute_url()
