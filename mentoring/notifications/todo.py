"""What waits for people, declared once for each kind (REM-1): each app's `reminders.py` lists
its kinds in `TO_DO`. A kind's `waiting(now)` is every row waiting now, whatever the date, each
with the `person` it waits for, what it is `about`, its `due` date (or None), the `link` id of
its page and what its words need. The reminder rule narrows it to its notice window; the home
page and the navigation count narrow it to one person: so they never disagree."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, DateField, IntegerField, Min, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from mentoring.discovery import app_modules

WAITING, COMING_UP = "waiting", "coming up"
NO_DATE = Value(None, output_field=DateField())  # the `due` of what has no due date
COMING_UP_SHOWN = 5  # of each kind: the next few, the relationship page has the rest


@dataclass(frozen=True)
class Task:
    """One line of someone's list: what to do, the page to do it on, and when it is due."""

    words: str
    link: str
    due: date | None = None
    overdue: bool = False
    about: int | None = None  # the record, or for a coordinator's line the programme


@dataclass(frozen=True)
class ToDo:
    """One kind of thing that waits for someone. `words(row)` says it in plain words (never
    what anyone wrote in confidence); `page` is the view that `row["link"]` opens (no id when
    the row has no link); `due_words` puts the due date after the words ("by", "on").
    A kind `per_programme` (a coordinator's) shows as one line per programme with a count.
    `reminded_as`: the kinds of notification its reminder rules send. `calendar`: the title of
    its due dates in the person's calendar feed ("Action due"; plain words, never what anyone
    wrote), where they go there; `dated(person, start, end, now)` gives those dates where the
    rows waiting have none (rows with `about`, `due` and `link`)."""

    name: str
    waiting: Callable[[datetime], QuerySet]
    words: Callable[[dict], str]
    page: str
    due_words: str = "by"
    section: str = WAITING
    per_programme: bool = False
    reminded_as: tuple = ()
    calendar: str = ""
    dated: Callable | None = None

    def for_person(self, person, now) -> QuerySet:
        rows = self.waiting(now).filter(person=person)
        if self.per_programme:
            return rows.values("link", "programme_name").annotate(
                n=_distinct("about"), first=Min("due")
            )
        return rows.order_by("due", "about")

    def due_dates(self, person, start, end, now) -> list[dict]:
        """The person's due dates of this kind from `start` to `end`, for their calendar."""
        if self.dated:
            return self.dated(person, start, end, now)
        rows = self.waiting(now).filter(person=person, due__range=(start, end))
        return list(rows.values("about", "due", "link"))

    def tasks(self, person, now) -> list[Task]:
        rows = self.for_person(person, now)
        if self.section == COMING_UP:
            rows = rows[:COMING_UP_SHOWN]
        return [self.task(row, now) for row in rows]

    def task(self, row, now) -> Task:
        due = _day(row.get("first", row.get("due")))
        words = self.words(row)
        if due:
            words = f"{words} {self.due_words} {due:%-d %B %Y}"
        link = reverse(self.page, args=[row["link"]]) if "link" in row else reverse(self.page)
        overdue = bool(due and due < timezone.localdate(now))
        return Task(words, link, due, overdue, row["link"] if self.per_programme else row["about"])

    def count(self, person_ref, now):
        """How many lines this kind gives the person `person_ref` (an OuterRef), as a subquery."""
        rows = self.waiting(now).filter(person=person_ref)
        counted = "link" if self.per_programme else "about"
        number = rows.order_by().values("person").annotate(n=_distinct(counted)).values("n")
        return Coalesce(Subquery(number, output_field=IntegerField()), Value(0))


def _distinct(field):
    return Count(field, distinct=True)


def _day(value):
    if isinstance(value, datetime):
        return timezone.localdate(value)
    return value


def to_do() -> list[ToDo]:
    """Every app's kinds of thing to do, in INSTALLED_APPS order."""
    return [kind for module in app_modules("reminders") for kind in getattr(module, "TO_DO", [])]


def in_calendar() -> list[ToDo]:
    """The kinds whose due dates go in a person's calendar feed."""
    return [kind for kind in to_do() if kind.calendar]


def waiting_for(person, *, now=None) -> dict:
    """{section: [Task]} for this person: one query for each kind."""
    now = now or timezone.now()
    found = {WAITING: [], COMING_UP: []}
    for kind in to_do():
        found[kind.section] += kind.tasks(person.pk, now)
    found[COMING_UP].sort(key=lambda task: task.due)
    return found


def waiting_count(person_ref, *, now=None):
    """An expression: how many things wait for the person `person_ref` (an OuterRef), the
    number of lines their home page lists under "Waiting for you"."""
    now = now or timezone.now()
    counts = [kind.count(person_ref, now) for kind in to_do() if kind.section == WAITING]
    total = Value(0)
    for count in counts:
        total = total + count
    return total
