"""What notifications hold about a person, for their export (mentoring/people/export.py)."""

from mentoring.people.export import record

from .models import Notification, Preference


def sections(person):
    return [
        (
            "Your notifications",
            [
                record(
                    n, ["kind", "message", "created_at", "read_at", "emailed_at", "email_failed_at"]
                )
                for n in Notification.objects.filter(person=person)
            ],
        ),
        (
            "Your notification choices",
            [record(p, ["kind", "how"]) for p in Preference.objects.filter(person=person)],
        ),
    ]
