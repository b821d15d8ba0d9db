"""What the people app holds about a person, for their export (export.py)."""

from .equality import subject_key
from .export import record
from .models import CalendarFeed, EqualityAnswers
from .two_factor.selectors import factors_of

STAFF_RECORD = [
    "first_name",
    "last_name",
    "work_email",
    "job_title",
    "department",
    "location",
    "grade",
    "line_manager",
    "hours",
    "contract",
    "is_active",
    "is_external",
    "external_organisation",
    "created_at",
]


def sections(person):
    staff = type(person).objects.select_related("department", "location", "grade", "line_manager")
    person = staff.get(pk=person.pk)
    roles = ", ".join(person.user.groups.values_list("name", flat=True)) if person.user else ""
    found = [("Your staff record", [record(person, STAFF_RECORD, {"Roles": roles or "None"})])]
    answers = EqualityAnswers.objects.filter(subject_key=subject_key(person)).first()
    if answers is not None:  # kept apart from the name, found again by the keyed hash
        names = [f.name for f in EqualityAnswers._meta.concrete_fields]
        names = [n for n in names if n not in {"id", "subject_key"}]
        found.append(("Your equality monitoring answers", [record(answers, names)]))
    factors = factors_of(person.user) if person.user else []
    if factors:  # names and dates only: never a key or a code
        found.append(("Your ways of signing in", [_factor(f) for f in factors]))
    feeds = CalendarFeed.objects.filter(person=person)
    if feeds:  # dates only: never the address
        found.append(("Your calendar feed", [_feed(f) for f in feeds]))
    return found


def _feed(feed):
    return {"Made": feed.created_at, "Last read": feed.last_used_at, "Turned off": feed.revoked_at}


def _factor(factor):
    return {"Kind": factor.kind_name, "Added": factor.added_at, "Last used": factor.last_used_at}
