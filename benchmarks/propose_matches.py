"""Time "propose matches" for a whole programme through the database: reading who waits and who
has room, the hard rules, scores, the solver and writing the proposals (the work the Celery task
does), for 2,000 waiting mentees and 600 mentors by default; then working out who is left
unmatched and why, as the matching page does.

    .venv/bin/python benchmarks/propose_matches.py [mentees] [mentors]

Runs against a throw-away SQLite file, or the database in DATABASE_URL when set (use an empty
one). Prints one RESULT line.
"""

import random
import sys
import time

from _start import django_started

django_started()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from mentoring.people.models import Department, Grade, StaffMember  # noqa: E402
from programmes.models import Application, Area, Programme  # noqa: E402
from programmes.models.application import AvailableTime, MeetingMethod  # noqa: E402
from relationships.models import MatchRun  # noqa: E402
from relationships.services.proposals import proposals_make  # noqa: E402
from relationships.unmatched import unmatched_in  # noqa: E402


def organisation(size, rng):
    """Staff in a tree five levels deep, so the line-management rule has chains to walk."""
    departments = [Department.objects.create(name=f"Department {n}") for n in range(8)]
    grades = [Grade.objects.create(name=f"Grade {n}", seniority=n) for n in range(1, 10)]
    staff = StaffMember.objects.bulk_create(
        StaffMember(
            first_name="P",
            last_name=str(n),
            work_email=f"p{n}@example.org",
            department=rng.choice(departments),
            grade=rng.choice(grades),
        )
        for n in range(size)
    )
    for n, person in enumerate(staff[1:], start=1):
        person.line_manager = staff[(n - 1) // 5]
    StaffMember.objects.bulk_update(staff[1:], ["line_manager"], batch_size=1000)
    return staff


def applications(programme, people, role, rng, areas):
    made = Application.objects.bulk_create(
        Application(
            programme=programme,
            applicant=person,
            role=role,
            status="accepted",
            capacity=rng.randint(1, 3) if role == "mentor" else None,
            meeting_methods=rng.sample(MeetingMethod.values, 2),
            available_times=rng.sample(AvailableTime.values, 2),
            department_preference=rng.choice(["any", "same", "different"]),
        )
        for person in people
    )
    through = (Application.areas_offered if role == "mentor" else Application.areas_wanted).through
    through.objects.bulk_create(
        through(application_id=a.pk, area_id=area.pk)
        for a in made
        for area in rng.sample(areas, rng.randint(1, 5))
    )


def main(mentees, mentors):
    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    staff = organisation(mentees + mentors, rng)
    rng.shuffle(staff)
    areas = [Area.objects.create(name=f"Area {n}") for n in range(30)]
    programme = Programme.objects.create(
        name="Benchmark",
        purpose="Benchmark.",
        status="running",
        mentor_capacity=3,
        mentor_training_required=False,
    )
    applications(programme, staff[:mentees], "mentee", rng, areas)
    applications(programme, staff[mentees:], "mentor", rng, areas)
    run = MatchRun.objects.create(programme=programme)
    print(f"Propose matches: {mentees} mentees, {mentors} mentors on {connection.vendor}")
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        run = proposals_make(run_id=run.pk)
        seconds = time.perf_counter() - started
    print(run.summary)
    print(
        f"RESULT propose_matches_seconds={seconds:.2f} queries={len(queries)} "
        f"proposals={programme.proposals.count()}"
    )
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        unmatched = unmatched_in(programme)
        seconds = time.perf_counter() - started
    print(
        f"RESULT unmatched_seconds={seconds:.2f} queries={len(queries)} "
        f"unmatched={len(unmatched.mentees)} hints={len(unmatched.hints)}"
    )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*(args + [2000, 600][len(args) :]))
