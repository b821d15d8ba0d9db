from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from mentoring.people.models import StaffMember
from mentoring.people.permissions import is_coordinator, staff_member_of

from ..models import Booking
from ..services.training import completed_training


@login_required
def participation_history(request, pk=None):
    """Who took part, in which role, when (MON-3, 003 §6): for the person and coordinators."""
    me = staff_member_of(request.user)
    person = get_object_or_404(StaffMember, pk=pk) if pk else me
    if person is None or (person != me and not is_coordinator(request.user)):
        raise PermissionDenied
    applications = person.applications.select_related("programme").order_by("-created_at")
    bookings = (
        Booking.objects.filter(person=person)
        .select_related("session__programme")
        .order_by("-session__starts_at")
    )
    training = [kind.replace("_", " ") for kind in sorted(completed_training(person))]
    return render(
        request,
        "programmes/history.html",
        {
            "person": person,
            "applications": applications,
            "bookings": bookings,
            "training": training,
            "is_me": person == me,
        },
    )
