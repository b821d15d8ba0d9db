"""What programmes hold about a person, for their export (mentoring/people/export.py): their
applications as they wrote them and how each was decided, and their training."""

from mentoring.people.export import record

from .models import Application, Booking

APPLICATION = [
    "programme",
    "role",
    "status",
    "created_at",
    "needs",
    "needs_other",
    "aims",
    "aims_private",
    "department_preference",
    "location_preference",
    "meeting_methods",
    "available_times",
    "availability",
    "skills_experience",
    "biography",
    "capacity",
    "qualifications",
    "suitability_accepted",
    "suitability_accepted_at",
    "manager",
    "manager_decided_at",
    "manager_reason",
    "decided_at",
    "decline_reason",
    "withdrawn_at",
]
BOOKING = ["status", "booked_at", "place_given_at", "attended"]


def sections(person):
    applications = (
        Application.objects.filter(applicant=person)
        .select_related("programme", "manager")
        .prefetch_related("areas_wanted", "areas_offered")
        .order_by("created_at", "pk")
    )
    bookings = Booking.objects.filter(person=person).select_related("session__programme")
    return [
        ("Your applications", [_application(a) for a in applications]),
        (
            "Your training",
            [
                record(b, BOOKING, {"Session": str(b.session), "On": b.session.starts_at})
                for b in bookings.order_by("session__starts_at", "pk")
            ],
        ),
    ]


def _application(application):
    areas = [*application.areas_wanted.all(), *application.areas_offered.all()]
    return record(application, APPLICATION, {"Areas": [area.name for area in areas]})
