"""Time the reminder sweep (`reminders_sweep`, every five minutes in production) over a large
organisation: 100,000 relationships by default, written with bulk inserts across 20 programmes,
with something due for every rule in programmes/, relationships/ and evaluations/reminders.py
and a year of notifications already sent. Half the programmes count meetings in person each year
(004), and their relationships run two years, so "a year without a meeting in person" is checked.

    .venv/bin/python benchmarks/reminders.py [relationships]
    .venv/bin/python scripts/with_postgres.py .venv/bin/python benchmarks/reminders.py

Runs against a throw-away SQLite file, or the database in DATABASE_URL when set (use an empty
one). Email tasks go to a throw-away local redis-server started for the run, so enqueueing costs
what it costs in production; without redis-server, to Kombu's filesystem broker in a temporary
folder (the output says which). No worker runs: the tasks stay queued.

After the bulk load it runs the periodic check of relationships once (which keeps the flags
"no meeting" and "review due" the sweep reads) and prints how long it took. Then, outside any
transaction as the beat task runs: the first sweep (nothing due today told yet, as after an
outage: the worst case), a second one straight after (nothing new; the emails queued but not
yet sent), and one after every notification has been emailed, as once the worker has caught up
(the steady state); each with notifications recorded, tasks enqueued, seconds and SQL queries,
and a warning if any email could not be queued. The first sweep's parts after its rules are
told apart by their SQL and Celery's signals: looking up what waits for its email, giving the
tasks to the broker, marking them queued. Last, it deletes what the sweeps recorded and runs
the rules again one at a time, each with its insert, timed on their own. Timings include
Django's logging of SQL when DEBUG is on (`make benchmark` sets it). The last line is:

RESULT sweep_seconds=<s> queries=<n> notifications=<n> enqueued=<n> second_seconds=<s>
second_queries=<n> second_enqueued=<n> steady_seconds=<s> steady_queries=<n> check_seconds=<s>
build_seconds=<s>

for the first sweep, then the others.
"""

import atexit
import os
import random
import shutil
import socket
import subprocess
import sys
import time
from collections import namedtuple
from datetime import timedelta
from pathlib import Path

import redis
from _start import environment

workdir = environment()
atexit.register(shutil.rmtree, workdir, ignore_errors=True)


def redis_server(folder):
    """A throw-away Redis on a free local port, started as tests/test_celery_worker.py starts
    one; None when redis-server is not installed."""
    if not shutil.which("redis-server"):
        return None
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no", "--dir", folder],
        stdout=subprocess.DEVNULL,
    )
    atexit.register(server.wait, timeout=10)
    atexit.register(server.terminate)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            return url
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                sys.exit("redis-server did not start")
            time.sleep(0.1)


# The broker is chosen when the settings are read, so before django.setup(). Always our own:
# the benchmark empties the queue between sweeps.
REDIS_URL = redis_server(workdir)
os.environ["REDIS_URL"] = REDIS_URL or ""
os.environ["CELERY_DATA_DIR"] = str(Path(workdir, "celery"))

import django  # noqa: E402

django.setup()

import reporting  # noqa: E402
from celery.signals import after_task_publish, before_task_publish  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from reporting import BATCH, METHODS, dates_as_given, organisation, questionnaires  # noqa: E402

from evaluations.models import Questionnaire, Response  # noqa: E402
from mentoring.celery import app as celery_app  # noqa: E402
from mentoring.notifications.models import Kind, Notification, Preference  # noqa: E402
from mentoring.notifications.services import (  # noqa: E402
    not_emailed,
    notifications_record,
    preferring,
    reminders_sweep,
    rules,
)
from mentoring.people.models import StaffMember, User  # noqa: E402
from mentoring.people.services import role_grant  # noqa: E402
from programmes.models import Application, Booking, Policy, TrainingSession  # noqa: E402
from relationships.dates import add_months  # noqa: E402
from relationships.models import (  # noqa: E402
    ActionItem,
    Agreement,
    Concern,
    Meeting,
    MeetingLog,
    Member,
    MentorRequest,
    Relationship,
    Review,
    ReviewAnswer,
    Signature,
)
from relationships.services.risks import risks_check  # noqa: E402

os.rmdir(reporting.workdir)  # made when imported, empty: this run keeps everything in workdir

DAY = timedelta(days=1)
STATES = {"ended": 55, "active": 40, "proposed": 5}
LAPSED = 0.2  # active pairs who stopped meeting: the dashboard's "no meeting" flag
Shape = namedtuple("Shape", "programme state created started ended")


# The organisation: relationships and all they hold, in batches


def grow(programmes, count, rng, now):
    """`count` relationships with their people, applications, meetings (most logged), reviews,
    agreements and signatures, actions, concerns and end-of-relationship evaluation forms."""
    forms = {q.programme_id: q for q in Questionnaire.objects.filter(use="end")}
    for first in range(0, count, BATCH):
        with dates_as_given(Application, Relationship, Agreement, MeetingLog, Response):
            _batch(programmes, forms, first, min(BATCH, count - first), rng, now)
        reset_queries()  # with DEBUG on, the log would keep every insert's SQL
        if (first + BATCH) % 20_000 == 0:
            print(f"  {first + BATCH:,} relationships written", flush=True)


def _batch(programmes, forms, first, size, rng, now):
    people = StaffMember.objects.bulk_create(
        StaffMember(
            first_name="P",
            last_name=str(n),
            work_email=f"p{n}@example.org",
            is_active=rng.random() > 0.01,  # a few have left since
        )
        for n in range(2 * first, 2 * (first + size))
    )
    shapes = [_shape(programmes[(first + i) % len(programmes)], rng, now) for i in range(size)]
    applications = Application.objects.bulk_create(
        Application(
            programme=s.programme,
            applicant=people[2 * i + k],
            role=role,
            status="accepted",
            capacity=rng.randint(1, 3) if role == "mentor" else None,
            created_at=s.created - 30 * DAY,
            decided_at=s.created - 20 * DAY,
        )
        for i, s in enumerate(shapes)
        for k, role in enumerate(["mentor", "mentee"])
    )
    relationships = Relationship.objects.bulk_create(_relationship(s, rng) for s in shapes)
    Member.objects.bulk_create(
        Member(
            relationship=r,
            application=applications[2 * i + k],
            person=people[2 * i + k],
            role=role,
            is_live=r.status != "ended",
            goes_ahead=None if r.status == "proposed" else True,
        )
        for i, r in enumerate(relationships)
        for k, role in enumerate(["mentor", "mentee"])
    )
    pairs = [
        (r, s, people[2 * i], people[2 * i + 1])
        for i, (r, s) in enumerate(zip(relationships, shapes, strict=True))
    ]
    _meetings(pairs, rng, now)
    _reviews(pairs, rng, now)
    _agreements(pairs, rng, now)
    _actions(pairs, rng, now)
    _evaluations(pairs, forms, rng, now)
    Concern.objects.bulk_create(
        Concern(relationship=r, raised_by=mentee, text="Worried.")
        for r, _, _, mentee in pairs
        if r.status != "ended" and rng.random() < 0.01
    )


def _shape(programme, rng, now):
    state = rng.choices(list(STATES), list(STATES.values()))[0]
    if state == "proposed":  # waiting for the introductory meeting
        return Shape(programme, state, now - rng.uniform(0, 30) * DAY, None, None)
    if state == "active":  # a year long (two where meetings in person are counted a year)
        started = now - rng.uniform(1, 365 * _years(programme)) * DAY  # some end within a month
        return Shape(programme, state, started - rng.uniform(1, 20) * DAY, started, None)
    ended = now - rng.uniform(0, 730) * DAY
    started = ended - rng.uniform(90, 365) * DAY
    return Shape(programme, state, started - rng.uniform(1, 20) * DAY, started, ended)


def _years(programme):
    return 2 if programme.in_person_meetings_per_year else 1


def _relationship(shape, rng):
    if shape.state == "proposed":
        return Relationship(programme=shape.programme, created_at=shape.created)
    ended = shape.state == "ended"
    return Relationship(
        programme=shape.programme,
        created_at=shape.created,
        status=shape.state,
        started_at=shape.started,
        phase="" if ended else rng.choice(["rapport", "direction", "progression", "winding_up"]),
        planned_end_on=(shape.started + 365 * _years(shape.programme) * DAY).date(),
        ended_at=shape.ended,
        ending=rng.choice(["completed", "ended_early"]) if ended else "",
        end_reason=rng.choice(["goals_achieved", "planned_end", "time"]) if ended else "",
    )


def _meetings(pairs, rng, now):
    """Meetings at the programme's cadence until the end (or now, then the next one arranged),
    except for the pairs who stopped meeting; nine in ten logged, half of last week's."""
    meetings = []
    for r, shape, mentor, mentee in pairs:
        cadence = timedelta(weeks=shape.programme.cadence_weeks)
        if shape.state == "proposed":
            if rng.random() < 0.4:  # the introductory meeting, arranged
                when = shape.created + rng.uniform(1, 21) * DAY
                meetings.append((_meeting(r, when, rng), mentor))
            continue
        until = shape.ended or now
        lapsed = shape.state == "active" and rng.random() < LAPSED
        if lapsed:
            until = now - cadence - rng.uniform(1, 60) * DAY
        when = shape.started + rng.uniform(3, 14) * DAY
        while when < until:
            held = _meeting(r, when, rng, cancelled=rng.random() < 0.03)
            meetings.append((held, rng.choice([mentor, mentee])))
            when += cadence * rng.uniform(0.6, 1.0)
        if shape.state == "active" and not lapsed:
            meetings.append((_meeting(r, when, rng), mentor))
    saved = Meeting.objects.bulk_create(m for m, _ in meetings)
    MeetingLog.objects.bulk_create(
        MeetingLog(
            meeting=m,
            minutes=m.minutes,
            achieved="Done.",
            topics="Plans.",
            written_by=writer,
            written_at=m.starts_at + DAY,
        )
        for m, (_, writer) in zip(saved, meetings, strict=True)
        if m.starts_at < now
        and m.cancelled_at is None
        and rng.random() < (0.5 if now - m.starts_at < 10 * DAY else 0.9)
    )


def _meeting(relationship, when, rng, cancelled=False):
    return Meeting(
        relationship=relationship,
        starts_at=when,
        minutes=60,
        method=rng.choice(METHODS),
        cancelled_at=when - DAY if cancelled else None,
    )


def _reviews(pairs, rng, now):
    """Reviews every three months from the start, most answered by both; an unanswered last
    one is the dashboard's "review due"."""
    today = timezone.localdate(now)
    reviews = []
    for r, shape, mentor, mentee in pairs:
        if shape.state == "proposed":
            continue
        start, last = timezone.localdate(shape.started), timezone.localdate(shape.ended or now)
        months = shape.programme.review_interval_months
        due = [add_months(start, months * k) for k in range(1, 9)]
        due = [d for d in due if d <= last]
        for n, day in enumerate(due):
            if rng.random() < (0.8 if n == len(due) - 1 and day > today - 90 * DAY else 0.95):
                reviews.append((Review(relationship=r, due_on=day), mentor, mentee))
    saved = Review.objects.bulk_create(review for review, _, _ in reviews)
    ReviewAnswer.objects.bulk_create(
        ReviewAnswer(review=review, person=person, helping="yes", plan_progress="On track.")
        for review, (_, mentor, mentee) in zip(saved, reviews, strict=True)
        for person in [mentor, mentee]
    )


def _agreements(pairs, rng, now):
    """Version 1 signed by both when the relationship started; a recent version 2 for a few
    active ones, and a new version 1 for those proposed: signed by one of them at most."""
    agreements = []
    for r, shape, mentor, mentee in pairs:
        if shape.state == "proposed":
            written = shape.created + DAY
            if written < now:
                agreements.append((_agreement(r, 1, written, None), _some_of(rng, mentor, mentee)))
            continue
        agreements.append((_agreement(r, 1, shape.started - DAY, shape.started), [mentor, mentee]))
        if shape.state == "active" and rng.random() < 0.03:
            written = now - rng.uniform(0, 20) * DAY
            agreements.append((_agreement(r, 2, written, None), _some_of(rng, mentor, mentee)))
    saved = Agreement.objects.bulk_create(a for a, _ in agreements)
    with dates_as_given(Signature):
        Signature.objects.bulk_create(
            Signature(agreement=a, person=p, typed_name=p.full_name, signed_at=a.locked_at or now)
            for a, (_, signers) in zip(saved, agreements, strict=True)
            for p in signers
        )


def _agreement(relationship, version, written, locked):
    return Agreement(
        relationship=relationship,
        version=version,
        aims=["Grow", "Lead", "Learn"],
        mentor_role="Guide.",
        mentee_role="Lead.",
        confidentiality="Kept.",
        feedback="Honest.",
        documentation="Logs.",
        breakdown="Talk to the coordinator.",
        created_at=written,
        locked_at=locked,
    )


def _some_of(rng, mentor, mentee):
    return rng.choice([[], [], [mentor], [mentee]])


def _actions(pairs, rng, now):
    """Three actions per active relationship falling due two months either side of today,
    most of the past ones done; two done for each ended one."""
    today = timezone.localdate(now)
    actions = []
    for r, shape, mentor, mentee in pairs:
        if shape.state == "ended":
            for _ in range(2):
                due = timezone.localdate(shape.started + rng.uniform(10, 80) * DAY)
                actions.append(_action(r, mentee, due, "done"))
        elif shape.state == "active":
            first = timezone.localdate(shape.started)
            for _ in range(3):
                due = max(first, today + rng.randint(-60, 60) * DAY)
                if due < today:
                    [status] = rng.choices(
                        ["done", "dropped", "to_do", "in_progress"], [75, 5, 12, 8]
                    )
                else:
                    [status] = rng.choices(["to_do", "in_progress", "done"], [70, 20, 10])
                owner = mentee if rng.random() < 0.7 else mentor
                actions.append(_action(r, owner, due, status))
    ActionItem.objects.bulk_create(actions)


def _action(relationship, owner, due, status):
    return ActionItem(
        relationship=relationship, description="Do it", owner=owner, due_on=due, status=status
    )


def _evaluations(pairs, forms, rng, now):
    """The end-of-relationship form for every mentee and a third of the mentors, due two weeks
    after the end: answered by most, fewer of those due lately."""
    today = timezone.localdate(now)
    responses = []
    for r, shape, mentor, mentee in pairs:
        if shape.state != "ended":
            continue
        due = timezone.localdate(shape.ended) + 14 * DAY
        for role, person in [("mentee", mentee), ("mentor", mentor)]:
            if role == "mentor" and rng.random() > 1 / 3:
                continue
            answered = rng.random() < (0.85 if due < today - 7 * DAY else 0.3)
            responses.append(
                Response(
                    questionnaire=forms[shape.programme.pk],
                    person=person,
                    role=role,
                    relationship=r,
                    sent_at=shape.ended,
                    due_on=due,
                    submitted_at=min(now, shape.ended + rng.uniform(1, 14) * DAY)
                    if answered
                    else None,
                )
            )
    Response.objects.bulk_create(responses)


# What waits outside relationships


def coordinators(programmes):
    """A second coordinator for each programme; one of them has since left."""
    for n, programme in enumerate(programmes):
        user = User.objects.create_user(f"coordinator{n}@example.org", password="benchmark")
        person = StaffMember.objects.create(
            first_name="Co", last_name=str(n), work_email=user.email, user=user, is_active=n != 3
        )
        role_grant(user=user, role="coordinator")
        programme.coordinators.add(person)


def policies(programmes, now):
    """Each programme's policy; the next review of some falls within the month's notice."""
    today = timezone.localdate(now)
    Policy.objects.bulk_create(
        Policy(
            programme=programme,
            title="Mentoring policy",
            version="1.0",
            approved_on=today - 300 * DAY,
            next_review_on=today + (5 * n - 20) * DAY,
        )
        for n, programme in enumerate(programmes)
    )


def applications_waiting(programmes, count, rng, now):
    """`count` applications waiting for a line manager and as many waiting for a coordinator,
    sent over the last forty days (the sweep looks back thirty), and as many withdrawn."""
    managers = _in_relationships("mentor", 5000)
    statuses = ["awaiting_manager", "with_coordinator", "withdrawn"]
    with dates_as_given(Application):
        Application.objects.bulk_create(
            (
                _application(
                    programmes[n % len(programmes)],
                    person,
                    statuses[n % 3],
                    rng.choice(managers),
                    now - rng.uniform(0, 40 if n % 3 < 2 else 400) * DAY,
                )
                for n, person in enumerate(_new_people("a", 3 * count))
            ),
            batch_size=BATCH,
        )


def _application(programme, person, status, manager_id, created, role="mentee"):
    return Application(
        programme=programme,
        applicant=person,
        role=role,
        status=status,
        capacity=2 if role == "mentor" else None,
        created_at=created,
        manager_id=manager_id,
        manager_decided_at=None if status == "awaiting_manager" else created + DAY,
        decided_at=created + 2 * DAY if status == "accepted" else None,
        withdrawn_at=created + 2 * DAY if status == "withdrawn" else None,
    )


def mentor_requests(programmes, count, rng, now):
    """`count` accepted mentees still waiting for a mentor, each having asked one to three
    mentors in the directory within the last fortnight (and one more, long lapsed)."""
    mentors = {}
    active = Application.objects.filter(role="mentor", memberships__relationship__status="active")
    # In the order written, which goes round the programmes: every one has a pool.
    for programme, pk in active.order_by("pk").values_list("programme", "pk")[
        : 50 * len(programmes) + count
    ]:
        mentors.setdefault(programme, []).append(pk)
    with dates_as_given(Application):
        mentees = Application.objects.bulk_create(
            (
                _application(
                    programmes[n % len(programmes)],
                    person,
                    "accepted",
                    None,
                    now - rng.uniform(20, 60) * DAY,
                )
                for n, person in enumerate(_new_people("w", count))
            ),
            batch_size=BATCH,
        )
    requests = []
    for mentee in mentees:
        pool = mentors.get(mentee.programme_id, [])
        asked = rng.sample(pool, min(4, len(pool)))
        created = now - rng.uniform(30, 200) * DAY
        requests.append(_request(mentee, asked[0], "expired", created))
        for mentor in asked[1 : rng.randint(2, 4)]:
            requests.append(_request(mentee, mentor, "pending", now - rng.uniform(0, 13) * DAY))
    with dates_as_given(MentorRequest):
        MentorRequest.objects.bulk_create(requests, batch_size=BATCH)


def _request(mentee, mentor_id, status, created):
    return MentorRequest(
        mentee_application=mentee,
        mentor_application_id=mentor_id,
        status=status,
        created_at=created,
        expires_at=created + 14 * DAY,
    )


def training(programmes, sessions, rng, now):
    """`sessions` sessions to come and as many past, thirty places each: people booked over
    the last three weeks (the sweep tells those of the last week), some given a place from
    the waiting list, some still waiting."""
    people = _in_relationships("mentee", 30 * sessions + 1000)
    made = TrainingSession.objects.bulk_create(
        TrainingSession(
            programme=rng.choice([None, *programmes]),
            kind="mentor_training",
            starts_at=now + (1 if n % 2 else -1) * rng.uniform(1, 60) * DAY,
            place="Room 1",
            capacity=30,
        )
        for n in range(2 * sessions)
    )
    bookings = []
    for session in made:
        for person in rng.sample(people, 30):
            booked = session.starts_at - rng.uniform(5, 40) * DAY
            if session.starts_at > now:
                booked = now - rng.uniform(0, 21) * DAY
            [status] = rng.choices(["booked", "waiting"], [9, 1])
            given = status == "booked" and rng.random() < 0.1
            bookings.append(
                Booking(
                    session=session,
                    person_id=person,
                    status=status,
                    booked_at=booked,
                    place_given_at=booked + DAY if given else None,
                    attended=True if status == "booked" and session.starts_at < now else None,
                )
            )
    with dates_as_given(Booking):
        Booking.objects.bulk_create(bookings, batch_size=BATCH)


def preferences(rng):
    """One person in twenty takes "no meeting" and "review due" in the morning's digest."""
    people = _in_relationships(None, None)
    Preference.objects.bulk_create(
        (
            Preference(person_id=person, kind=kind, how="daily_digest")
            for person in rng.sample(people, len(people) // 20)
            for kind in [Kind.NO_MEETING, Kind.REVIEW_DUE]
        ),
        batch_size=BATCH,
    )


def history(count, rng, now):
    """`count` notifications from the past year, all emailed and most read: the table the
    sweep inserts into and reads what waits for its email from."""
    people = _in_relationships(None, None)
    kinds = list(Kind)
    with dates_as_given(Notification):
        for first in range(0, count, BATCH):
            rows = []
            for n in range(first, min(count, first + BATCH)):
                sent = now - rng.uniform(40, 365) * DAY
                rows.append(
                    Notification(
                        person_id=rng.choice(people),
                        kind=rng.choice(kinds),
                        about=n,
                        occasion=timezone.localdate(sent).isoformat(),
                        message="Something was due.",
                        link="/",
                        created_at=sent,
                        emailed_at=sent + timedelta(minutes=1),
                        read_at=sent + DAY if rng.random() < 0.7 else None,
                    )
                )
            Notification.objects.bulk_create(rows)
            reset_queries()


def told_before(rng, now):
    """Earlier reminders for half the people the periodic check flagged (no meeting, review
    due), one to twenty days ago: the rule tells them again only once the programme's
    interval has passed since."""
    told = []
    for flag, kind in [("no_meeting", Kind.NO_MEETING), ("review_overdue", Kind.REVIEW_DUE)]:
        flagged = Member.objects.filter(
            is_live=True, relationship__status="active", **{f"relationship__{flag}": True}
        )
        for person, relationship in flagged.values_list("person", "relationship"):
            if rng.random() < 0.5:
                sent = now - rng.uniform(1, 20) * DAY
                told.append(
                    Notification(
                        person_id=person,
                        kind=kind,
                        about=relationship,
                        occasion=timezone.localdate(sent).isoformat(),
                        message="Something was due.",
                        link="/",
                        created_at=sent,
                        emailed_at=sent + timedelta(minutes=1),
                    )
                )
    with dates_as_given(Notification):
        Notification.objects.bulk_create(told, batch_size=BATCH)
    reset_queries()
    return len(told)


def _new_people(prefix, count):
    return StaffMember.objects.bulk_create(
        (
            StaffMember(
                first_name=prefix.upper(), last_name=str(n), work_email=f"{prefix}{n}@example.org"
            )
            for n in range(count)
        ),
        batch_size=BATCH,
    )


def _in_relationships(role, most):
    """Ids of people still working here and in a live relationship (in this role)."""
    members = Member.objects.filter(is_live=True, person__is_active=True)
    if role:
        members = members.filter(role=role)
    return list(members.values_list("person", flat=True)[:most])


# Measuring


class Published:
    """Tasks handed to the broker, counted by Celery's own signals, and when the first went
    and the last arrived."""

    count, first, last = 0, None, None

    @classmethod
    def reset(cls):
        cls.count, cls.first, cls.last = 0, None, None


@before_task_publish.connect(weak=False)
def _publishing(**kwargs):
    Published.first = Published.first or time.perf_counter()


@after_task_publish.connect(weak=False)
def _published(**kwargs):
    Published.count += 1
    Published.last = time.perf_counter()


Sweep = namedtuple(
    "Sweep", "seconds queries recorded enqueued insert_sql look_up_sql publish_seconds mark_sql"
)


def sweep(now):
    """One sweep as the beat task runs it: outside any transaction, so its emails are queued
    as soon as it has found them. Its parts after the rules are told apart by their SQL (the
    look-up of what waits for its email, marking what was queued) and by Celery's signals
    (giving the tasks to the broker)."""
    before = Notification.objects.count()
    Published.reset()
    reset_queries()  # the log keeps the last 9,000 queries only
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        reminders_sweep(now=now)
        seconds = time.perf_counter() - began
    if len(queries) >= connection.queries_log.maxlen:
        print(f"  (the query log filled: at least {len(queries)} queries)")
    notifications = Notification._meta.db_table
    return Sweep(
        seconds,
        len(queries),
        Notification.objects.count() - before,
        Published.count,
        _sql(q for q in queries if q["sql"].startswith("INSERT")),
        _sql(q for q in queries if q["sql"].startswith("SELECT") and "emailed_at" in q["sql"]),
        Published.last - Published.first if Published.count else 0.0,
        _sql(q for q in queries if q["sql"].startswith(f'UPDATE "{notifications}"')),
    )


def step_by_step(now, first):
    """The rules and their inserts, timed on their own in the order the sweep runs them. "SQL"
    is the database's share as the query log times it (on SQLite, without fetching)."""
    print("the first sweep again, step by step:")
    columns = ["occasions", "find s", "SQL s", "queries", "record s", "SQL s", "inserts"]
    print(f"  {'rule':38}" + "".join(f"{c:>10}" for c in columns))
    totals = [0] * len(columns)
    for rule in rules():
        reset_queries()
        with CaptureQueriesContext(connection) as found_by:
            began = time.perf_counter()
            occasions = list(rule(now))
            find = time.perf_counter() - began
        with CaptureQueriesContext(connection) as kept_by:
            began = time.perf_counter()
            notifications_record(occasions=occasions)
            record = time.perf_counter() - began
        row = [len(occasions), find, _sql(found_by), len(found_by), record, _sql(kept_by)]
        row.append(len(kept_by))
        totals = [t + r for t, r in zip(totals, row, strict=True)]
        name = f"{rule.__module__.split('.')[-2]}.{rule.__name__}"
        print(f"  {name:38}" + _columns(row))
    print(f"  {'all rules':38}" + _columns(totals))
    print(f"  (the rest of the first sweep: {rest(first)})")


def rest(result):
    """The sweep's parts after its rules, in words."""
    each = result.publish_seconds / result.enqueued * 1e6 if result.enqueued else 0
    return (
        f"looking up what waits for its email {result.look_up_sql:.2f} s of SQL, giving "
        f"{result.enqueued:,} tasks to the broker {result.publish_seconds:.2f} s ({each:.0f} µs "
        f"each), marking them queued {result.mark_sql:.2f} s of SQL"
    )


def _sql(queries):
    return sum((float(q["time"]) for q in queries), 0.0)


def _columns(row):
    return "".join(f"{v:10,}" if isinstance(v, int) else f"{v:10.2f}" for v in row)


def queued():
    """Messages waiting in the broker's default queue (none when it was never made)."""
    with celery_app.connection_for_write() as conn:
        try:
            return conn.default_channel.queue_declare("celery", passive=True).message_count
        except conn.channel_errors:
            return 0


def empty_the_queue():
    celery_app.control.purge()


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(2026)
    now = timezone.now()
    if REDIS_URL:
        print(f"broker: a throw-away redis-server at {REDIS_URL}, as in production")
    else:
        print(
            "broker: redis-server is not installed, so Kombu's filesystem broker in "
            f"{os.environ['CELERY_DATA_DIR']} (one file per task: not production's cost)"
        )
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    _, programmes = organisation()
    for programme in programmes[::2]:  # 004: at least one meeting a year in person
        programme.in_person_meetings_per_year = 1
        programme.save(update_fields=["in_person_meetings_per_year"])
    coordinators(programmes)
    questionnaires(programmes)
    policies(programmes, now)
    grow(programmes, total, rng, now)
    applications_waiting(programmes, total // 50, rng, now)
    mentor_requests(programmes, total // 25, rng, now)
    training(programmes, total // 1000 + 5, rng, now)
    preferences(rng)
    history(3 * total, rng, now)
    build_seconds = time.perf_counter() - began
    print(
        f"wrote {total:,} relationships in {build_seconds:.0f} s: "
        f"{StaffMember.objects.count():,} people, {Application.objects.count():,} applications, "
        f"{Meeting.objects.count():,} meetings ({MeetingLog.objects.count():,} logged), "
        f"{ActionItem.objects.count():,} actions, {Agreement.objects.count():,} agreements, "
        f"{MentorRequest.objects.count():,} mentor requests, {Booking.objects.count():,} "
        f"bookings, {Response.objects.count():,} evaluation forms, "
        f"{Notification.objects.count():,} past notifications ({connection.vendor})",
        flush=True,
    )

    began = time.perf_counter()
    risks_check(now=now)
    check_seconds = time.perf_counter() - began
    flagged = Relationship.objects.filter(status="active")
    print(
        f"periodic check of relationships after the bulk load: {check_seconds:.2f} s "
        f"({flagged.filter(no_meeting=True).count():,} active with no meeting, "
        f"{flagged.filter(review_overdue=True).count():,} with a review due, "
        f"{flagged.filter(no_in_person_meeting=True).count():,} a year without meeting in person, "
        f"of {flagged.count():,} active)",
        flush=True,
    )
    print(f"earlier reminders of flagged relationships: {told_before(rng, now):,}")
    if connection.vendor == "postgresql":  # as autovacuum does after a bulk load
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    last_before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
    first = sweep(now)
    report("first sweep (everything due)", first, now)
    print(f"  the broker now holds {queued():,} tasks", flush=True)
    second = sweep(now)
    report("second sweep, straight after", second, now)
    empty_the_queue()
    Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())
    steady = sweep(now)
    report("a sweep once the worker has emailed them all (steady state)", steady, now)

    Notification.objects.filter(pk__gt=last_before).delete()
    empty_the_queue()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE notifications_notification")
    step_by_step(now, first)
    empty_the_queue()
    print(
        f"RESULT sweep_seconds={first.seconds:.2f} queries={first.queries} "
        f"notifications={first.recorded} enqueued={first.enqueued} "
        f"second_seconds={second.seconds:.2f} second_queries={second.queries} "
        f"second_enqueued={second.enqueued} steady_seconds={steady.seconds:.2f} "
        f"steady_queries={steady.queries} check_seconds={check_seconds:.2f} "
        f"build_seconds={build_seconds:.0f}"
    )


def report(name, result, now):
    print(
        f"{name}: {result.recorded:,} notifications recorded, {result.enqueued:,} tasks "
        f"enqueued, {result.seconds:.2f} s, {result.queries} queries (inserting "
        f"{result.insert_sql:.2f} s of SQL, giving tasks to the broker "
        f"{result.publish_seconds:.2f} s)",
        flush=True,
    )
    left = not_emailed(now).exclude(preferring(Preference.How.DAILY_DIGEST))
    if left := left.filter(queued_at__isnull=True).count():
        print(f"  NOT QUEUED: {left:,} notifications waiting for their email (see errors above)")


if __name__ == "__main__":
    main()
