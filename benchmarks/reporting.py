"""Time the anonymised monitoring report and the coordinator dashboard on a large organisation:
50,000 relationships with 300,000 meetings and 40,000 evaluation responses by default, written
with bulk inserts across 20 programmes.

    .venv/bin/python benchmarks/reporting.py [relationships]
    .venv/bin/python scripts/with_postgres.py .venv/bin/python benchmarks/reporting.py

Runs against a throw-away SQLite file, or the database in DATABASE_URL when set (use an empty
one). It measures the dashboard (median of 41 requests, and its query count) at 500
relationships, grows the data to the full size, measures the dashboard again, then builds the
all-programmes report for this financial year and renders its PDF. Before each measurement of
the dashboard it runs the periodic check of relationships, as the worker does every five
minutes, and prints how long that took. The last line is:

RESULT report_seconds=<s> pdf_seconds=<s> pdf_cpu_seconds=<s> dashboard_ms=<ms>
dashboard_queries_small=<n> dashboard_queries_large=<n>

pdf_cpu_seconds is the processor time the PDF took, which a busy machine does not inflate.
"""

import json
import os
import random
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from _start import django_started

workdir = django_started()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from evaluations.models import (  # noqa: E402
    Answer,
    MonitoringReport,
    Question,
    Questionnaire,
    Response,
    Section,
)
from evaluations.report_reading import reading  # noqa: E402
from evaluations.reports import financial_year, report_content  # noqa: E402
from mentoring.pdf import pdf_from_template  # noqa: E402
from mentoring.people.equality import _key  # noqa: E402
from mentoring.people.models import EqualityAnswers, StaffMember, User  # noqa: E402
from mentoring.people.services import role_grant  # noqa: E402
from programmes.models import Application, Programme  # noqa: E402
from relationships.models import (  # noqa: E402
    ActionItem,
    ActionPlan,
    Concern,
    Goal,
    Meeting,
    Member,
    Relationship,
)
from relationships.tasks import check_relationships  # noqa: E402

PROGRAMMES = 20
MEETINGS_EACH = 6
METHODS = ["face_to_face", "telephone", "video", "messenger", "email", "other"]
BATCH = 2000
STATIC_FROM_FOLDERS = "django.contrib.staticfiles.storage.StaticFilesStorage"


@contextmanager
def dates_as_given(*models):
    """Let bulk inserts keep the creation dates we give them."""
    fields = [f for m in models for f in m._meta.fields if getattr(f, "auto_now_add", False)]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


def organisation():
    user = User.objects.create_user("coordinator@example.org", password="benchmark")
    coordinator = StaffMember.objects.create(
        first_name="Cora", last_name="Ordinator", work_email=user.email, user=user
    )
    role_grant(user=user, role="coordinator")
    programmes = [
        Programme.objects.create(
            name=f"Programme {n}",
            purpose="Benchmark.",
            status="running",
            meeting_interval_weeks=4 + n % 3,
            review_interval_months=3,
        )
        for n in range(PROGRAMMES)
    ]
    for programme in programmes:
        programme.coordinators.add(coordinator)
    return coordinator, programmes


def grow(programmes, count, rng, start):
    """`count` more relationships, each with a mentor and a mentee who applied, six meetings,
    and for most an evaluation response; written in batches."""
    now = timezone.now()
    for first in range(start, start + count, BATCH):
        size = min(BATCH, start + count - first)
        with dates_as_given(Application, Relationship, Response):
            _batch(programmes, first, size, rng, now)


def _batch(programmes, first, size, rng, now):
    people = StaffMember.objects.bulk_create(
        StaffMember(first_name="P", last_name=str(n), work_email=f"p{n}@example.org")
        for n in range(2 * first, 2 * (first + size))
    )
    EqualityAnswers.objects.bulk_create(
        EqualityAnswers(
            subject_key=_key(p.pk),
            sex=rng.choice(["female", "male", "prefer_not", ""]),
            age_band=rng.choice(["25_34", "35_44", "45_54", "55_64"]),
            ethnicity=rng.choice(["asian", "black", "mixed", "white", "other"]),
            disability=rng.choice(["yes", "no"]),
        )
        for p in people
        if rng.random() < 0.6
    )
    shapes = []
    for i in range(size):
        programme = programmes[(first + i) % len(programmes)]
        applied = now - timedelta(days=rng.randint(30, 700))
        started = applied + timedelta(days=rng.randint(5, 60))
        state = rng.choices(["ended", "active", "proposed"], [60, 35, 5])[0]
        shapes.append((programme, applied, started, state))
    applications = Application.objects.bulk_create(
        Application(
            programme=programme,
            applicant=people[2 * i + k],
            role=role,
            status="accepted",
            capacity=1 if role == "mentor" else None,
            created_at=applied,
            decided_at=applied,
        )
        for i, (programme, applied, _, _) in enumerate(shapes)
        for k, role in enumerate(["mentor", "mentee"])
    )
    relationships = Relationship.objects.bulk_create(
        _relationship(programme, started, state, rng, now)
        for programme, _, started, state in shapes
    )
    Member.objects.bulk_create(
        Member(
            relationship=r,
            application=applications[2 * i + k],
            person=people[2 * i + k],
            role=role,
            is_live=r.status != "ended",
            goes_ahead=r.status != "proposed",
        )
        for i, r in enumerate(relationships)
        for k, role in enumerate(["mentor", "mentee"])
    )
    _contents(relationships, people, rng, now)


def _relationship(programme, started, state, rng, now):
    if state == "proposed":
        return Relationship(programme=programme, created_at=started)
    ended = state == "ended"
    return Relationship(
        programme=programme,
        created_at=started,
        status=state,
        started_at=started,
        phase="" if ended else "progression",
        planned_end_on=(started + timedelta(days=365)).date(),
        ended_at=min(now, started + timedelta(days=rng.randint(60, 360))) if ended else None,
        ending=rng.choice(["completed", "ended_early"]) if ended else "",
        end_reason=rng.choice(["goals_achieved", "planned_end", "time"]) if ended else "",
    )


def _contents(relationships, people, rng, now):
    started = [r for r in relationships if r.started_at]
    Meeting.objects.bulk_create(
        Meeting(
            relationship=r,
            starts_at=min(now, r.started_at + timedelta(days=30 * k + rng.randint(0, 20))),
            minutes=60,
            method=rng.choice(METHODS),
        )
        for r in started
        for k in range(MEETINGS_EACH)
    )
    members = {
        (m.relationship_id, m.role): m
        for m in Member.objects.filter(relationship__in=started).select_related(
            "relationship", "person"
        )
    }
    plans = ActionPlan.objects.bulk_create(
        ActionPlan(mentee=members[r.pk, "mentee"], long_term_goal="Grow.") for r in started
    )
    Goal.objects.bulk_create(
        Goal(plan=p, specific="Lead", status=rng.choice(["achieved", "in_progress", "dropped"]))
        for p in plans
    )
    ActionItem.objects.bulk_create(
        ActionItem(
            relationship=r,
            description="Do it",
            owner=members[r.pk, "mentee"].person,
            due_on=(now - timedelta(days=rng.randint(-30, 30))).date(),
        )
        for r in started
        if rng.random() < 0.3
    )
    Concern.objects.bulk_create(
        Concern(relationship=r, raised_by=members[r.pk, "mentee"].person, text="Worried.")
        for r in started
        if rng.random() < 0.02
    )
    _responses([r for r in started if r.ended_at], members, rng)


def _responses(ended, members, rng):
    forms = {q.programme_id: q for q in Questionnaire.objects.prefetch_related("sections")}
    questions = {}
    for q in Question.objects.select_related("section"):
        questions.setdefault(q.section.questionnaire_id, []).append(q)
    # Every mentee and a third of the mentors answer: 40,000 responses for 50,000.
    chosen = [
        members[r.pk, role]
        for r in ended
        for role in ["mentee", "mentor"]
        if role == "mentee" or rng.random() < 1 / 3
    ]
    responses = Response.objects.bulk_create(
        Response(
            questionnaire=forms[m.relationship.programme_id],
            person=m.person,
            role=m.role,
            relationship=m.relationship,
            sent_at=m.relationship.ended_at,
            due_on=m.relationship.ended_at.date(),
            submitted_at=m.relationship.ended_at + timedelta(days=3),
        )
        for m in chosen
    )
    Answer.objects.bulk_create(
        _answer(response, question, rng)
        for response in responses
        for question in questions[response.questionnaire_id]
    )


def _answer(response, question, rng):
    if question.kind == "rating":
        return Answer(response=response, question=question, number=rng.randint(1, 5))
    if question.kind == "yes_no":
        return Answer(response=response, question=question, number=rng.randint(0, 1))
    if question.kind == "single":
        return Answer(response=response, question=question, choice=rng.choice(question.choices))
    return Answer(response=response, question=question, text="It helped.")


def questionnaires(programmes):
    for programme in programmes:
        form = Questionnaire.objects.create(programme=programme, title="End review", use="end")
        section = Section.objects.create(questionnaire=form, title="All", addressed_to="both")
        scale = ["Poor", "Fair", "Good", "Very good", "Excellent"]
        Question.objects.create(section=section, text="Rate it", kind="rating", choices=scale)
        Question.objects.create(section=section, text="Again?", kind="yes_no")
        Question.objects.create(
            section=section, text="How?", kind="single", choices=["In person", "Online"]
        )
        Question.objects.create(section=section, text="What went well?", kind="text")


def dashboard(client):
    """The dashboard's median time and how many SQL queries one request makes. The queries are
    counted as they run (the query log is emptied when a request starts and only kept under
    DEBUG, so it counted none)."""
    url = reverse("evaluations:dashboard")
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url, secure=True)
        assert response.status_code == 200, (response.status_code, response.get("Location"))
    times = []
    for _ in range(41):
        began = time.perf_counter()
        client.get(url, secure=True)
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000, len(queries)


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    rng = random.Random(2026)
    call_command("migrate", verbosity=0)
    # The test client's host, without the test environment's template instrumentation, which
    # copies every template's context and would be timed with the page.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Static files from their folders, as under DEBUG: no collectstatic before a benchmark.
    override_settings(
        STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": STATIC_FROM_FOLDERS}}
    ).enable()
    coordinator, programmes = organisation()
    questionnaires(programmes)
    client = Client()
    client.force_login(coordinator.user)

    grow(programmes, 500, rng, start=0)
    check_relationships()
    small_ms, small_queries = dashboard(client)
    print(f"dashboard at 500 relationships: {small_ms:.1f} ms median, {small_queries} queries")

    began = time.perf_counter()
    grow(programmes, total - 500, rng, start=500)
    print(
        f"wrote {total:,} relationships in {time.perf_counter() - began:.0f} s: "
        f"{Meeting.objects.count():,} meetings, {Response.objects.count():,} responses, "
        f"{Answer.objects.count():,} answers"
    )
    for run in ["first", "next"]:  # the first flags what the bulk load made; the next, nothing
        began = time.perf_counter()
        check_relationships()
        print(f"periodic check of relationships, {run}: {time.perf_counter() - began:.2f} s")
    if connection.vendor == "postgresql":  # as autovacuum does after a bulk load
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    large_ms, large_queries = dashboard(client)
    print(f"dashboard at {total:,}: {large_ms:.1f} ms median, {large_queries} queries")

    start, end = financial_year(timezone.localdate())
    report = MonitoringReport(period_start=start, period_end=end, threshold=10)
    began = time.perf_counter()
    report.content = report_content(report)
    report_seconds = time.perf_counter() - began
    report.finished_at = timezone.now()
    print(f"report across all programmes: {report_seconds:.2f} s")
    if os.environ.get("REPORT_CONTENT_OUT"):  # to render its PDF again without the data
        Path(os.environ["REPORT_CONTENT_OUT"]).write_text(json.dumps(report.content))
    began, cpu = time.perf_counter(), time.process_time()
    pdf = pdf_from_template("pdf/monitoring_report.html", reading(report))
    pdf_seconds = time.perf_counter() - began
    pdf_cpu_seconds = time.process_time() - cpu  # the same on a busy machine
    print(f"its PDF: {pdf_seconds:.2f} s, {len(pdf) / 1024:.0f} KiB ({connection.vendor})")
    print(
        f"RESULT report_seconds={report_seconds:.2f} pdf_seconds={pdf_seconds:.2f} "
        f"pdf_cpu_seconds={pdf_cpu_seconds:.2f} "
        f"dashboard_ms={large_ms:.1f} dashboard_queries_small={small_queries} "
        f"dashboard_queries_large={large_queries}"
    )


if __name__ == "__main__":
    main()
