"""A realistic demo organisation: a council of about 300 staff, built through the same staff
import that HR uses, so running it again updates rather than duplicates."""

import csv
import io
import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from .models import Grade, User
from .services import role_grant
from .staff_import import COLUMNS, staff_import

DOMAIN = "demo-council.example"
PASSWORD = "mentoring-demo"
DEPARTMENTS = [
    "Adult Social Care",
    "Children's Services",
    "Customer Services",
    "Environment and Waste",
    "Finance",
    "Housing",
    "Human Resources",
    "Planning",
]
LOCATIONS = ["Bury St Edmunds", "Mildenhall", "Newmarket", "Haverhill", "Home-based"]
# The council's own rooms, for the demo's training and meetings.
WEST_SUFFOLK_HOUSE = "West Suffolk House, Bury St Edmunds"
MILDENHALL_HUB = "Mildenhall Hub"
HAVERHILL_ARTS_CENTRE = "Haverhill Arts Centre room 2"
FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Carys",
    "Daniel",
    "Ella",
    "Farid",
    "Grace",
    "Harry",
    "Isla",
    "Jamal",
    "Kate",
    "Liam",
    "Maya",
    "Noah",
    "Olivia",
    "Patrick",
    "Rosa",
    "Sanjay",
    "Tara",
    "Umar",
    "Vicky",
    "Will",
    "Yusuf",
    "Zoe",
    "Bethan",
    "Callum",
    "Deepa",
    "Ewan",
    "Femi",
    "Hannah",
]
LAST_NAMES = [
    "Adams",
    "Begum",
    "Clarke",
    "Davies",
    "Edwards",
    "Fraser",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kowalski",
    "Lewis",
    "Mensah",
    "Nowak",
    "O'Brien",
    "Price",
    "Rahman",
    "Smith",
    "Thomas",
    "Walsh",
    "Wright",
    "Young",
    "Ahmed",
    "Baker",
    "Chen",
    "Evans",
    "Hall",
    "Khan",
]
# The named demo logins (README: Demo logins): email local part, name, title, department, grade.
NAMED = {
    "chief": ("helen.ward", "Helen", "Ward", "Chief Executive", "Human Resources", "Grade 10"),
    "director": (
        "ruth.bennett",
        "Ruth",
        "Bennett",
        "Director of People",
        "Human Resources",
        "Grade 9",
    ),
    "coordinator": (
        "alex.morgan",
        "Alex",
        "Morgan",
        "Organisational Development Coordinator",
        "Human Resources",
        "Grade 6",
    ),
    "manager": ("sam.patel", "Sam", "Patel", "Head of Housing Services", "Housing", "Grade 8"),
    "mentee": ("jo.evans", "Jo", "Evans", "Housing Officer", "Housing", "Grade 4"),
    "mentor": ("chris.taylor", "Chris", "Taylor", "Senior Planning Officer", "Planning", "Grade 6"),
}


def _easter(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    h = (19 * a + b - b // 4 - (b - (b + 8) // 25 + 1) // 3 + 15) % 30
    i = (32 + 2 * (b % 4) + 2 * (c // 4) - h - c % 4) % 7
    m = (a + 11 * h + 22 * i) // 451
    return date(year, (h + i - 7 * m + 114) // 31, (h + i - 7 * m + 114) % 31 + 1)


def _mondays(year: int, month: int) -> list[date]:
    days = (date(year, month, 1) + timedelta(days=n) for n in range(31))
    return [day for day in days if day.month == month and day.weekday() == 0]


def is_working_day(day: date) -> bool:
    """Monday to Friday outside the bank holidays of England, the council closed from
    Christmas Eve to New Year's Day (and the Monday after, when that is a weekend)."""
    easter, may, august = _easter(day.year), _mondays(day.year, 5), _mondays(day.year, 8)
    holidays = {easter - timedelta(days=2), easter + timedelta(days=1), may[0], may[-1]}
    holidays.add(august[-1])
    new_year = date(day.year, 1, 1)
    if new_year.weekday() >= 5:
        holidays.add(new_year + timedelta(days=7 - new_year.weekday()))
    christmas = (day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1)
    return day.weekday() < 5 and not christmas and day not in holidays


def working_day(days: int, *, today: date | None = None) -> date:
    """The day `days` working days from today, before it when negative; 0 is today, or the
    next working day when today is not one."""
    day = today or timezone.localdate()
    step = 1 if days >= 0 else -1
    while days == 0 and not is_working_day(day):
        day += timedelta(days=step)
    for _ in range(abs(days)):
        day += timedelta(days=step)
        while not is_working_day(day):
            day += timedelta(days=step)
    return day


def office_hours(days: int, hour: int, minute: int = 0, *, today: date | None = None) -> datetime:
    """A time of day on a working day, so that the demo reads the same whenever it is loaded."""
    day = working_day(days, today=today)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def demo_rows():
    rng = random.Random(2016)
    rows, used = [], set()

    def person(key=None, title="", department="", grade="", manager="", hours="full time"):
        if key:
            local, first, last, title, department, grade = NAMED[key]
        else:
            while True:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                local = f"{first}.{last}".lower().replace("'", "")
                if local not in used and local not in {n[0] for n in NAMED.values()}:
                    break
        used.add(local)
        email = f"{local}@{DOMAIN}"
        contract = "temporary" if rng.random() < 0.1 else "permanent"
        rows.append(
            [
                first,
                last,
                email,
                title,
                department,
                rng.choice(LOCATIONS),
                grade,
                hours,
                contract,
                manager,
                "no",
                "",
            ]
        )
        return email

    chief = person("chief")
    for department in DEPARTMENTS:
        if department == "Human Resources":
            director = person("director", manager=chief)
        else:
            director = person(
                title=f"Director of {department}",
                department=department,
                grade="Grade 9",
                manager=chief,
            )
        for h in range(3):
            if department == "Housing" and h == 0:
                head = person("manager", manager=director)
            else:
                head = person(
                    title=f"Head of {department} Service",
                    department=department,
                    grade="Grade 8",
                    manager=director,
                )
            for t in range(2):
                lead = person(
                    title="Team Leader", department=department, grade="Grade 6", manager=head
                )
                for _ in range(rng.randint(4, 5)):
                    hours = "part time" if rng.random() < 0.25 else "full time"
                    person(
                        title="Officer",
                        department=department,
                        grade=rng.choice(["Grade 3", "Grade 4", "Grade 5"]),
                        manager=lead,
                        hours=hours,
                    )
                if department == "Housing" and h == 0 and t == 0:
                    person("mentee", manager=head)
                if department == "Human Resources" and h == 0 and t == 0:
                    person("coordinator", manager=lead)
                if department == "Planning" and h == 0 and t == 0:
                    person("mentor", manager=lead)
    for first, last, org in [
        ("Dee", "Walker", "Suffolk Community Trust"),
        ("Marcus", "Boateng", "West Suffolk College"),
        ("Leah", "Fisher", "Suffolk Community Trust"),
        ("Omar", "Haddad", "Youth Justice Partnership"),
    ]:
        local = f"{first}.{last}".lower()
        rows.append(
            [
                first,
                last,
                f"{local}@partner.example",
                "Community Volunteer",
                "",
                "",
                "",
                "part time",
                "temporary",
                "",
                "yes",
                org,
            ]
        )
    return rows


@transaction.atomic
def demo_load(*, demo):
    """Create or refresh the demo organisation and its named logins; later apps find the
    logins in `demo["logins"]`. Returns lines for the report."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(demo_rows())
    result = staff_import(file=io.StringIO(buffer.getvalue()))
    for grade in Grade.objects.filter(name__startswith="Grade "):
        grade.seniority = int(grade.name.split()[1])
        grade.save(update_fields=["seniority"])
    logins = {key: User.objects.get(email=f"{NAMED[key][0]}@{DOMAIN}") for key in NAMED}
    logins["external"] = User.objects.get(email="dee.walker@partner.example")
    for user in logins.values():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    role_grant(user=logins["coordinator"], role="coordinator")
    role_grant(user=logins["director"], role="sponsor")
    admin, _ = User.objects.get_or_create(email=f"admin@{DOMAIN}")
    admin.is_staff = admin.is_superuser = True
    admin.set_password(PASSWORD)
    admin.save()
    logins["admin"] = admin
    demo["logins"] = logins
    return [
        f"Demo staff: {result.created} new, {result.updated} updated, "
        f"{result.unchanged} unchanged.",
        f"Demo logins (password “{PASSWORD}”):",
        *[f"  {role:<12} {user.email}" for role, user in logins.items()],
    ]


def backdate(record, **when):
    """Write past dates on a record the services stamped with now: they (rightly) only ever
    act in the present."""
    type(record).objects.filter(pk=record.pk).update(**when)
