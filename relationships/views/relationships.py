from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentoring.people.permissions import staff_member_of
from mentoring.web import add_errors, confirmation, run_service
from programmes.models import Application, Programme

from .. import conversations, selectors
from ..forms import (
    AnswerForm,
    ClosingForm,
    EndForm,
    IntroductionForm,
    PhaseForm,
    RematchForm,
)
from ..models import MentorRequest, Relationship
from ..services import lifecycle, pairing


@login_required
def my_mentoring(request):
    """The person's relationships, the requests they made and the requests made to them."""
    me = staff_member_of(request.user)
    now = timezone.now()
    related = ["mentee_application__applicant", "mentor_application__applicant__grade"]
    made = MentorRequest.objects.filter(mentee_application__applicant=me).select_related(*related)
    received = MentorRequest.objects.pending(now).filter(mentor_application__applicant=me)
    accepted = MentorRequest.objects.filter(
        mentor_application__applicant=me, status=MentorRequest.Status.MANAGER
    ).select_related(*related, "mentee_application__programme")
    context = {
        "memberships": conversations.with_unread(selectors.history_of(me)).prefetch_related(
            "relationship__members__person"
        )
        if me
        else [],
        "made": made.select_related("mentor_application__programme")[:30] if me else [],
        "received": received.select_related(*related) if me else [],
        "waiting_for_manager": accepted if me else [],
        "answer_form": AnswerForm(),
        "now": now,
        "choosing": _programmes_to_choose_in(me),
        "to_review": selectors.needing_review(request.user),
    }
    return render(request, "relationships/my_mentoring.html", context)


def _programmes_to_choose_in(me):
    if me is None:
        return []
    return Programme.objects.filter(
        matching_mode__in=selectors.CHOOSING_MODES,
        archived_at__isnull=True,
        applications__applicant=me,
        applications__role="mentee",
        applications__status=Application.Status.ACCEPTED,
    ).distinct()


@login_required
@require_POST
def phase(request, pk):
    relationship = _visible_relationship(request, pk)
    form = PhaseForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lifecycle.phase_move,
            "Phase moved.",
            relationship=relationship,
            phase=form.cleaned_data["phase"],
        )
    else:
        messages.error(request, "Choose a phase.")
    return redirect(relationship)


@login_required
def end(request, pk):
    """Ending with no blame: a reason category and the closing checklist (REL-2)."""
    relationship = _visible_relationship(request, pk)
    mine = relationship.members.filter(person=staff_member_of(request.user), is_live=True).first()
    if mine is None:
        raise PermissionDenied
    form = EndForm(request.POST if request.method == "POST" else None)
    if mine.role != "mentee":
        del form.fields["wants_rematch"]
    if request.method == "POST" and form.is_valid():
        page = _confirm_end(request, relationship, mine)
        if page:
            return page
        try:
            lifecycle.relationship_end(
                by=request.user, relationship=relationship, **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, "Ended. Thank you for taking part; the others have been told."
            )
            return redirect(relationship)
    context = {
        "relationship": relationship,
        "form": form,
        "short_of_minimum": lifecycle.shorter_than_planned(relationship, timezone.localdate()),
        "minimum_until": lifecycle.minimum_until(relationship),
        **selectors.loose_ends(relationship, staff_member_of(request.user)),
    }
    return render(request, "relationships/end_form.html", context)


@login_required
@require_POST
def closing(request, pk):
    relationship = _visible_relationship(request, pk)
    mine = relationship.members.filter(person=staff_member_of(request.user)).first()
    form = ClosingForm(request.POST, is_mentee=getattr(mine, "role", "") == "mentee")
    if not form.is_valid():
        messages.error(request, "Fill in both parts of the closing checklist.")
        return redirect(relationship)
    run_service(
        request,
        lifecycle.closing_save,
        "Your closing checklist is saved.",
        relationship=relationship,
        **form.cleaned_data,
    )
    return redirect(relationship)


@login_required
@require_POST
def introduction(request, pk):
    relationship = _visible_relationship(request, pk)
    form = IntroductionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(relationship)
    answer = form.cleaned_data["goes_ahead"]
    said = "Thank you: you said you would like to go ahead." if answer else "Thank you."
    run_service(
        request,
        pairing.introduction_answer,
        said,
        relationship=relationship,
        goes_ahead=answer,
        reason=form.cleaned_data["reason"],
    )
    return redirect(relationship)


@login_required
@require_POST
def rematch(request, pk):
    relationship = _visible_relationship(request, pk)
    form = RematchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a reason category.")
        return redirect(relationship)
    page = confirmation(
        request,
        title="End this relationship for a rematch?",
        what_happens=[
            "The relationship ends now, without blame, and the mentee can be matched again.",
            f"{_others_in_words(relationship, request.user)} told by email, without the reason.",
            "The programme's coordinators are told the reason, to help find a new match.",
            "Only the reason is kept, not who asked.",
        ],
        button="End for a rematch",
        cancel=relationship.get_absolute_url(),
    )
    if page:
        return page
    run_service(
        request,
        pairing.rematch_request,
        "Ended for a rematch; the mentee is back in the matching queue.",
        relationship=relationship,
        reason=form.cleaned_data["reason"],
    )
    return redirect(relationship)


@login_required
@require_POST
def review_done(request, pk):
    relationship = _visible_relationship(request, pk)
    run_service(request, pairing.review_done, "Marked as reviewed.", relationship=relationship)
    return redirect(relationship)


def _confirm_end(request, relationship, mine):
    others = _others_in_words(relationship, request.user)
    return confirmation(
        request,
        title=f"End your mentoring with {_others(relationship, mine.person)}?",
        what_happens=[
            "The relationship ends now for everyone in it, without blame.",
            f"{others} told by email and asked to write their closing checklist.",
            "Meetings still to come are no longer shown; what you wrote is kept.",
            *_early_words(relationship),
        ],
        button="End the relationship",
        cancel=relationship.get_absolute_url(),
    )


def _early_words(relationship):
    if not lifecycle.shorter_than_planned(relationship, timezone.localdate()):
        return []
    months = relationship.programme.length_min_months
    return [
        f"It is shorter than the {months} months the programme plans at least, so it is "
        "recorded as ended early, not completed."
    ]


def _others(relationship, me):
    names = [
        m.person.full_name
        for m in relationship.members.all()
        if m.is_live and m.person_id != getattr(me, "pk", None)
    ]
    return " and ".join(names) or "the others"


def _others_in_words(relationship, user):
    """Who else an action on the relationship tells: "Jo Evans is", "Jo and Sam are"."""
    me = staff_member_of(user)
    names = _others(relationship, me)
    live = [
        m
        for m in relationship.members.all()
        if m.is_live and m.person_id != getattr(me, "pk", None)
    ]
    return f"{names} {'is' if len(live) == 1 else 'are'}"


def _visible_relationship(request, pk):
    visible = Relationship.objects.visible_to(request.user).select_related("programme")
    return get_object_or_404(
        visible.prefetch_related(
            "members__person__department", "members__person__grade", "members__application"
        ),
        pk=pk,
    )
