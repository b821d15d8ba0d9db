from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentoring.people.permissions import staff_member_of
from mentoring.templatetags import time_of_day
from mentoring.web import add_errors, confirmation

from ..calendar import meeting_calendar
from ..forms import CancelForm, MeetingChangeForm, MeetingForm
from ..models import Meeting, Member
from ..permissions import sees_session, sessions_seen_by
from ..selectors import mentees_for_a_session
from ..services import meetings
from .relationships import _others_in_words, _visible_relationship


@login_required
def meeting_new(request, pk):
    relationship = _visible_relationship(request, pk)
    member = relationship.members.filter(person=staff_member_of(request.user)).first()
    if member is None:
        raise PermissionDenied
    mentees = mentees_for_a_session(relationship, member)
    form = MeetingForm(request.POST if request.method == "POST" else None, mentees=mentees)
    if request.method == "POST" and form.is_valid():
        try:
            meetings.meeting_arrange(
                by=request.user, relationship=relationship, meeting=form.save(commit=False)
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, "Meeting arranged. Everyone at it, you too, is emailed an invitation."
            )
            return redirect(relationship)
    context = {
        "relationship": relationship,
        "form": form,
        "mentee_may_ask": member.role == Member.Role.MENTEE
        and relationship.model in Meeting.SESSION_MODELS,
    }
    return render(request, "relationships/meeting_form.html", context)


@login_required
def meeting_change(request, pk):
    """Change a meeting still to come; asks first, as it emails everyone at it."""
    meeting = _my_meeting(request, pk)
    form = MeetingChangeForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        page = _confirm_change(request, meeting)
        if page:
            return page
        try:
            meetings.meeting_change(by=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Meeting changed. Everyone at it is emailed the update.")
            return redirect(meeting.relationship)
    context = {"relationship": meeting.relationship, "meeting": meeting, "form": form}
    return render(request, "relationships/meeting_change.html", context)


def _confirm_change(request, meeting):
    return confirmation(
        request,
        title="Change this meeting?",
        what_happens=[
            "The meeting changes to what you gave.",
            f"{_others_at(meeting, request.user)} told in the portal, and everyone at it, you "
            "too, is emailed the update for their calendar.",
        ],
        button="Change the meeting",
        cancel=meeting.relationship.get_absolute_url(),
        danger=False,
    )


@login_required
@require_POST
def meeting_cancel(request, pk):
    meeting = _my_meeting(request, pk)
    page = _confirm_cancel(request, meeting)
    if page:
        return page
    form = CancelForm(request.POST)
    new_starts_at = form.cleaned_data["new_starts_at"] if form.is_valid() else None
    try:
        replacement = meetings.meeting_cancel(
            by=request.user, meeting=meeting, new_starts_at=new_starts_at
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        moved = f" and moved to {_when(replacement.starts_at)}" if replacement else ""
        messages.success(request, f"Meeting cancelled{moved}.")
    return redirect(meeting.relationship)


def _when(moment):
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}, " + time_of_day(moment)


def _confirm_cancel(request, meeting):
    relationship = meeting.relationship
    moved = request.POST.get("new_starts_at")
    return confirmation(
        request,
        title=f"Cancel the meeting of {timezone.localtime(meeting.starts_at):%-d %B %Y}?",
        what_happens=[
            "The meeting is cancelled" + (" and moved to the new time you gave." if moved else "."),
            f"{_others_at(meeting, request.user)} told in the portal and by email: when it was"
            " and any new time, not the place.",
            "Everyone at it, you too, is emailed the cancellation, which takes it out of their "
            "calendar.",
        ],
        button="Cancel the meeting",
        cancel=relationship.get_absolute_url(),
    )


def _others_at(meeting, user):
    """Who else a change to the meeting tells: for a session outside the group, only the
    other one at it."""
    if meeting.with_member_id is None:
        return _others_in_words(meeting.relationship, user)
    me = staff_member_of(user)
    others = [
        m.person.full_name
        for m in meeting.relationship.members.select_related("person")
        if m.is_live and sees_session(m, meeting) and m.person_id != getattr(me, "pk", None)
    ]
    return f"{' and '.join(others) or 'Nobody'} {'is' if len(others) == 1 else 'are'}"


@login_required
def meeting_invite(request, pk):
    """The .ics invitation, for the people in the relationship only."""
    meeting = _my_meeting(request, pk)
    response = HttpResponse(meeting_calendar(meeting), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="mentoring-meeting-{meeting.pk}.ics"'
    return response


def _my_meeting(request, pk):
    """A meeting of a relationship this person is in; someone who left a group, only those
    before they left."""
    me = staff_member_of(request.user)
    while_in = Q(relationship__members__left_at__isnull=True) | Q(
        starts_at__lt=F("relationship__members__left_at")
    )
    mine = (
        Meeting.objects.filter(while_in, sessions_seen_by(me), relationship__members__person=me)
        if me
        else Meeting.objects.none()
    )
    return get_object_or_404(mine.select_related("relationship__programme").distinct(), pk=pk)
