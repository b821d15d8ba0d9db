from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from mentoring.people.permissions import participation_visible_to, staff_member_of

from ..models import Booking
from ..models.training_kinds import TrainingKind
from ..permissions import reads_as_line_manager
from ..services.training import completed_training


@login_required
def participation_history(request, pk=None):
    """Who took part, in which role, when (MON-3, 003 §6): for the person, coordinators, and
    the person's line manager, who reads no more than applications and their training."""
    me = staff_member_of(request.user)
    person = get_object_or_404(participation_visible_to(request.user), pk=pk) if pk else me
    if person is None:
        raise PermissionDenied
    as_manager = reads_as_line_manager(request.user, person)
    applications = person.applications.select_related("programme").order_by("-created_at")
    bookings = Booking.objects.filter(person=person)
    if as_manager:
        applications = applications.known_to_line_manager()
        bookings = bookings.filter(session__programme__in=applications.values("programme"))
    return render(
        request,
        "programmes/history.html",
        {
            "person": person,
            "applications": applications,
            "bookings": bookings.select_related("session__programme").order_by(
                "-session__starts_at"
            ),
            "training": None if as_manager else _training(person),
            "is_me": person == me,
        },
    )


def _training(person):
    done = completed_training(person)
    return [kind.label for kind in TrainingKind if kind in done]
