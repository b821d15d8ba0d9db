from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentoring.people.permissions import is_coordinator, staff_member_of
from mentoring.web import confirmation

from ..forms import TrainingSessionForm
from ..models import Booking, TrainingSession
from ..selectors import counted
from ..services import training as services

Status = Booking.Status


@login_required
def training_list(request):
    me = staff_member_of(request.user)
    mine = Booking.objects.filter(person=me).exclude(status=Status.CANCELLED)
    sessions = (
        TrainingSession.objects.visible_to(request.user)
        .filter(starts_at__gte=timezone.now())
        .select_related("programme")
        .annotate(booked=Count("bookings", filter=Q(bookings__status=Status.BOOKED)))
        .prefetch_related(Prefetch("bookings", queryset=mine, to_attr="my_bookings"))
    )
    return render(
        request,
        "programmes/training_list.html",
        {
            "sessions": sessions,
            "can_create": is_coordinator(request.user),
        },
    )


@login_required
def training_new(request):
    if not is_coordinator(request.user):
        raise PermissionDenied
    form = TrainingSessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if page := _ask_before_inviting(request, form.instance):
            return page
        try:
            session = services.training_session_save(
                by=request.user, session=form.save(commit=False)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            form.add_error("programme", "You do not coordinate that programme.")
        else:
            messages.success(request, "Training session added.")
            return redirect("programmes:training_detail", pk=session.pk)
    return render(request, "programmes/training_form.html", {"form": form})


def _ask_before_inviting(request, session):
    """The page that says how many people an invitation emails, before it goes."""
    if not session.invite or not services.can_manage_training(request.user, session):
        return None  # the service refuses one not theirs, next to the field
    people = counted(len(services.session_invitees(session)), "person", "people")
    where = session.programme.name if session.programme else "every programme"
    return confirmation(
        request,
        title="Add the session and invite its group?",
        what_happens=[
            f"This emails {people}: {session.get_invite_display().lower()} ({where}), "
            "inviting them to book a place.",
            "People who join later can book, but are not emailed.",
        ],
        button="Add the session and invite them",
        cancel=reverse("programmes:training"),
        danger=False,
    )


@login_required
def training_detail(request, pk):
    visible = TrainingSession.objects.visible_to(request.user).select_related("programme")
    session = get_object_or_404(visible, pk=pk)
    can_manage = services.can_manage_training(request.user, session)
    bookings = session.bookings.exclude(status=Status.CANCELLED).select_related(
        "person__department"
    )
    me = staff_member_of(request.user)
    context = {
        "session": session,
        "can_manage": can_manage,
        "my_booking": next((b for b in bookings if b.person_id == getattr(me, "pk", None)), None),
        "booked": [b for b in bookings if b.status == Status.BOOKED],
        "waiting": [b for b in bookings if b.status == Status.WAITING] if can_manage else [],
        "started": session.starts_at <= timezone.now(),
    }
    if not can_manage:
        context["booked_count"], context["booked"] = len(context["booked"]), []
    return render(request, "programmes/training_detail.html", context)


@login_required
@require_POST
def training_book(request, pk):
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user), pk=pk)
    try:
        booking = services.booking_make(by=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            "You have a place."
            if booking.status == Status.BOOKED
            else "The session is full: you are on the waiting list.",
        )
    return redirect("programmes:training_detail", pk=pk)


BOOKING_ACTIONS = {
    "cancel": (services.booking_cancel, {}, "Booking cancelled."),
    "give_place": (services.booking_give_place, {}, "Place given."),
    "prioritise": (services.booking_prioritise, {}, "Moved to the front of the waiting list."),
    "attended": (services.attendance_record, {"attended": True}, "Attendance recorded."),
    "absent": (services.attendance_record, {"attended": False}, "Recorded as not attended."),
}


@login_required
@require_POST
def booking_action(request, pk, action):
    booking = get_object_or_404(Booking.objects.select_related("session__programme"), pk=pk)
    me = staff_member_of(request.user)
    if booking.person != me and not services.can_manage_training(request.user, booking.session):
        raise PermissionDenied
    service, extra, success = BOOKING_ACTIONS[action]
    try:
        service(by=request.user, booking=booking, **extra)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("programmes:training_detail", pk=booking.session_id)
