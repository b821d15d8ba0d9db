"""Reviews (REV-1), concerns (REL-4), the summary shared with the line manager (REL-3), and
what a coordinator does about a relationship at risk (MON-1)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentoring.audit.services import audit_record
from mentoring.people.permissions import staff_member_of
from mentoring.web import add_errors, confirmation, run_service

from ..forms import (
    CheckInForm,
    ConcernForm,
    CoordinatorNoteForm,
    ReviewForm,
    SetAsideForm,
    SummaryForm,
)
from ..models import (
    ActionItem,
    Concern,
    Member,
    Relationship,
    ReviewAnswer,
    SetAside,
    SharedSummary,
)
from ..models.relationships import REASONS_AT_RISK
from ..permissions import Content, Reader, coordinates_from_outside
from ..selectors import next_review
from ..services import care
from .relationships import _visible_relationship


@login_required
def review(request, pk):
    relationship = _visible_relationship(request, pk)
    reader = Reader(request.user, relationship)
    if not reader.can_read(Content.REVIEW):
        raise PermissionDenied
    due_on = care.review_open(relationship, reader.person, timezone.localdate())
    has_agreement = relationship.agreements.exists()
    form = ReviewForm(
        request.POST if request.method == "POST" else None, has_agreement=has_agreement
    )
    if request.method == "POST" and form.is_valid():
        try:
            answer = care.review_answer(
                by=request.user, relationship=relationship, **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if answer.agreement_fits == ReviewAnswer.AgreementFits.CHANGE:
                messages.success(
                    request,
                    "Thank you: your review is saved. Change the agreement here: the change "
                    "makes a new version, which you all sign.",
                )
                return redirect("relationships:agreement_current", relationship.pk)
            messages.success(request, "Thank you: your review is saved.")
            return redirect(relationship)
    answers = ReviewAnswer.objects.filter(review__relationship=relationship)
    answers = [
        a
        for a in answers.select_related("review", "person").order_by("-review__due_on", "pk")
        if reader.can_read(Content.REVIEW, author_id=a.person_id, written_at=a.answered_at)
    ]
    if any(a.person_id != reader.person.pk for a in answers):  # a reader has a staff record
        reader.read(Content.REVIEW, None, note="the reviews page")
    context = {
        "relationship": relationship,
        "form": form if reader.member and reader.member.is_live else None,
        "due_on": due_on,
        "next_review_on": next_review(relationship, reader.person, timezone.localdate()),
        "answers": answers,
        "has_agreement": has_agreement,
    }
    return render(request, "relationships/review_form.html", context)


@login_required
def concern_new(request, pk):
    relationship = _visible_relationship(request, pk)
    if not Reader(request.user, relationship).member:
        raise PermissionDenied
    form = ConcernForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            care.concern_raise(
                by=request.user, relationship=relationship, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Your concern has gone to the coordinator, in confidence.")
            return redirect(relationship)
    context = {"relationship": relationship, "form": form}
    return render(request, "relationships/concern_form.html", context)


@login_required
@require_POST
def concern_handled(request, pk):
    concern = get_object_or_404(_concerns_visible_to(request.user), pk=pk)
    run_service(request, care.concern_handle, "Marked as dealt with.", concern=concern)
    return redirect(concern.relationship)


@login_required
def summary(request, pk):
    """The summary for one mentee's line manager: written together, shared only when the
    mentee asks and the mentor agrees."""
    mentee = _mentee_member(request, pk)
    relationship = mentee.relationship
    reader = Reader(request.user, relationship)
    if not reader.can_read(Content.SHARED_SUMMARY):
        raise Http404
    existing = SharedSummary.objects.filter(relationship=relationship, mentee=mentee.person)
    existing = existing.select_related("agreed_by", "shared_with").first()
    if existing:
        reader.read_record(existing)
    form = SummaryForm(request.POST if request.method == "POST" else None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            care.summary_save(
                by=request.user,
                relationship=relationship,
                mentee=mentee.person,
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Saved as a draft. Nothing is shared until you both agree.")
            return redirect("relationships:summary", pk=mentee.pk)
    context = {
        "relationship": relationship,
        "mentee": mentee,
        "summary": existing,
        "form": form,
        "reader": reader,
        "can_write": bool(reader.member and reader.member.is_live and relationship.is_live),
    }
    return render(request, "relationships/summary.html", context)


SUMMARY_STEPS = {
    "ask": (care.summary_ask, "You have asked to share it; your mentor will be asked to agree."),
    "agree": (care.summary_agree, "Shared with the mentee's line manager."),
    "withdraw": (care.summary_withdraw, "No longer shared."),
}


@login_required
@require_POST
def summary_step(request, pk, step):
    mentee = _mentee_member(request, pk)
    existing = get_object_or_404(
        SharedSummary, relationship=mentee.relationship, mentee=mentee.person
    )
    service, success = SUMMARY_STEPS[step]
    run_service(request, service, success, summary=existing)
    return redirect("relationships:summary", pk=mentee.pk)


@login_required
def shared_with_me(request):
    """What a line manager may see of their reports' mentoring: the summaries shared with
    them by name, and nothing else (REL-3); a later manager sees them once shared again."""
    me = staff_member_of(request.user)
    summaries = (
        SharedSummary.objects.filter(
            status=SharedSummary.Status.SHARED, shared_with=me
        ).select_related("mentee", "agreed_by", "relationship__programme")
        if me
        else SharedSummary.objects.none()
    )
    summaries = list(summaries)
    for shared in summaries:
        audit_record(
            by=request.user,
            action="read",
            kind=Content.SHARED_SUMMARY.label,
            obj=shared,
            relationship_id=shared.relationship_id,
            programme_id=shared.relationship.programme_id,
        )
    return render(request, "relationships/shared_with_me.html", {"summaries": summaries})


def _mentee_member(request, pk):
    visible = Relationship.objects.visible_to(request.user)
    return get_object_or_404(
        Member.objects.filter(relationship__in=visible).select_related(
            "person", "relationship__programme"
        ),
        pk=pk,
    )


def _concerns_visible_to(user):
    me = staff_member_of(user)
    if me is None:
        return Concern.objects.none()
    return (
        Concern.objects.filter(relationship__programme__coordinators=me)
        .exclude(relationship__members__person=me)
        .select_related("relationship__programme")
    )


def workspace_part(reader, today=None):
    """Reviews, concerns and summaries as this reader may see them, in a fixed number of
    queries. Review answers are read on the review page; concerns are shown here, and their
    reading by a coordinator is audited."""
    relationship = reader.relationship
    today = today or timezone.localdate()
    person_id = getattr(reader.person, "pk", None)
    answers = list(
        ReviewAnswer.objects.filter(review__relationship=relationship)
        .select_related("review", "person")
        .order_by("-review__due_on", "answered_at")
    )
    mine = {a.review.due_on for a in answers if a.person_id == person_id}
    concerns = [
        c
        for c in relationship.concerns.select_related("raised_by", "handled_by")
        if reader.can_read(Content.CONCERN, author_id=c.raised_by_id)
    ]
    if any(c.raised_by_id != person_id for c in concerns):
        reader.read(Content.CONCERN, None, note="the concerns on the relationship page")
    live_member = bool(reader.member and reader.member.is_live)
    part = {
        "review_due_on": care.review_open(relationship, reader.person, today, answered=mine)
        if live_member
        else None,
        "next_review_on": next_review(relationship, reader.person, today),
        "reviews_answered": sorted(
            {a.review.due_on for a in answers if reader.can_read_record(a)}, reverse=True
        ),
        "not_working": [a for a in answers if a.helping == ReviewAnswer.Helping.NOT_WORKING]
        if reader.is_coordinator
        else [],
        "concerns": concerns,
        "can_raise_concern": live_member and relationship.is_live,
        "summaries": _summary_rows(reader) if reader.member else [],
    }
    shown = ["review_due_on", "reviews_answered", "not_working", "concerns"]
    shown += ["can_raise_concern", "summaries"]
    return part | {"shown": any(part[key] for key in shown)}


def _summary_rows(reader):
    relationship = reader.relationship
    written = {s.mentee_id: s for s in relationship.summaries.all()}
    reciprocal = relationship.programme.mentoring_model == "reciprocal"
    return [
        {"member": m, "summary": written.get(m.person_id)}
        for m in relationship.members.all()
        if m.role == Member.Role.MENTEE or reciprocal
    ]


# Acting on a relationship at risk (MON-1)


@login_required
def check_in(request, pk):
    """The coordinator sends the pair a check-in from a message they may change, once they
    have confirmed whom it tells."""
    relationship = _coordinated_relationship(request, pk)
    initial = {"message": care.CHECK_IN_MESSAGE}
    form = CheckInForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        page = _confirm_check_in(request, relationship)
        if page:
            return page
        try:
            care.check_in_send(
                by=request.user, relationship=relationship, message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Check-in sent to {_pair(relationship)}.")
            return redirect(relationship.get_absolute_url() + "#coordinator")
    return _coordinator_form(
        request,
        relationship,
        form,
        title="Send a check-in",
        intro="A short message asking how their mentoring is going. It reaches each of them "
        "once, in the portal and by email, with your name.",
        button="Continue",
    )


def _confirm_check_in(request, relationship):
    return confirmation(
        request,
        title=f"Send this check-in to {_pair(relationship)}?",
        what_happens=[
            f"{_pair(relationship)} each get it once, in the portal and by email.",
            "It says it is from you; nothing anyone wrote in the relationship is in it.",
            "The relationship page records who sent it, when and to whom.",
        ],
        button="Send the check-in",
        cancel=relationship.get_absolute_url(),
        danger=False,
    )


@login_required
def coordinator_note(request, pk):
    relationship = _coordinated_relationship(request, pk)
    form = CoordinatorNoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            care.coordinator_note_add(
                by=request.user, relationship=relationship, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Note added. Only this programme's coordinators read it.")
            return redirect(relationship.get_absolute_url() + "#coordinator")
    return _coordinator_form(
        request,
        relationship,
        form,
        title="Add a coordinators' note",
        intro="For you and the programme's other coordinators: the pair, their line managers "
        "and sponsors never see it.",
        button="Add the note",
    )


@login_required
def set_aside(request, pk):
    """One reason that applies now, set aside until a date with why."""
    relationship = _coordinated_relationship(request, pk)
    reasons = [(key, words) for key, words in SetAside.Reason.choices if getattr(relationship, key)]
    form = SetAsideForm(request.POST if request.method == "POST" else None, reasons=reasons)
    if request.method == "POST" and form.is_valid():
        try:
            care.risk_set_aside(by=request.user, relationship=relationship, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Set aside. It shows again on the date you chose.")
            return redirect(relationship.get_absolute_url() + "#coordinator")
    return _coordinator_form(
        request,
        relationship,
        form if reasons else None,
        title="Set a reason aside",
        intro="When you know why a relationship is flagged and it can wait, set that reason "
        "aside: it leaves the dashboard until the date you choose, then shows again if it "
        "still applies.",
        button="Set it aside",
        nothing="None of the reasons that can wait applies to this relationship now. A concern "
        "is marked as dealt with, and a line-management link is reviewed, on its page.",
    )


@login_required
@require_POST
def set_aside_end(request, pk):
    """Bring a reason set aside back before its date."""
    visible = Relationship.objects.visible_to(request.user)
    set_aside = get_object_or_404(SetAside.objects.filter(relationship__in=visible), pk=pk)
    run_service(
        request,
        care.risk_set_aside_end,
        "Brought back: it shows again while it applies.",
        set_aside=set_aside,
    )
    return redirect(set_aside.relationship.get_absolute_url() + "#coordinator")


def _coordinator_form(request, relationship, form, **words):
    context = {"relationship": relationship, "form": form, **words}
    return render(request, "relationships/coordinator_form.html", context)


def _coordinated_relationship(request, pk):
    """A relationship this person coordinates from outside; 404 to those who cannot see it."""
    relationship = _visible_relationship(request, pk)
    if not coordinates_from_outside(Reader(request.user, relationship)):
        raise PermissionDenied
    return relationship


def _pair(relationship):
    names = [m.person.full_name for m in relationship.members.all() if m.is_live]
    return " and ".join(names) or "nobody"


def coordinator_part(reader, meetings, now):
    """What the coordinator sees of a relationship: dates and states, never what the pair
    wrote; their own check-ins, notes and set-asides. Six queries whatever their number."""
    if not coordinates_from_outside(reader):
        return {}
    relationship = reader.relationship
    today = timezone.localdate(now)
    held = [m.starts_at for m in meetings if not m.is_cancelled and m.starts_at <= now]
    notes = list(relationship.coordinator_notes.select_related("written_by"))
    if any(n.written_by_id != reader.person.pk for n in notes):
        reader.read(Content.COORDINATOR_NOTE, None, note="the notes on the relationship page")
    set_asides = list(relationship.set_asides.select_related("set_by"))
    return {
        "reasons": [
            Relationship._meta.get_field(key).verbose_name
            for key in REASONS_AT_RISK
            if getattr(relationship, key)
        ],
        "last_meeting": max(held, default=None),
        "overdue_on": list(
            ActionItem.objects.filter(
                relationship=relationship, status__in=ActionItem.OPEN, due_on__lt=today
            )
            .order_by("due_on")
            .values_list("due_on", flat=True)
        ),
        "concerns_open": relationship.concerns.filter(handled_at__isnull=True).count(),
        "check_ins": list(
            relationship.check_ins.select_related("sent_by").prefetch_related("sent_to")
        ),
        "notes": notes,
        "set_asides": set_asides,
        "today": today,
        "can_set_aside": any(getattr(relationship, key) for key in SetAside.Reason.values),
    }
