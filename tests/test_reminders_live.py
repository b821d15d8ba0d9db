"""Reminders for real (issue 7, "Proving it"): a real Redis server, real Celery worker and beat
processes and a real database, each started here as a separate process, with nothing of
ours mocked. Each test sets up one mentoring relationship whose review is overdue and checks
that the people in it are told once: by one sweep, by a sweep run twice, by two beat
processes ticking at the same time, by a worker killed while it sends, and across ten seconds
without Redis, during which the pages keep working.

The database is the one the suite runs on: a SQLite file, or, in the suite's PostgreSQL pass, a
database on that server, where the email task's row lock (`select_for_update`, skipping locked
rows) really keeps a second worker off an email being sent, as in production; on SQLite it does
nothing. It is built once for the module (migrations and the people), and each test works on
its own copy, so a test takes seconds rather than the time to migrate."""

import contextlib
import email
import json
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import redis

from mentoring.notifications.models import Kind
from tests.mail_server import SMTPServer

ROOT = Path(__file__).resolve().parent.parent
SUITE_DATABASE = os.environ.get("DATABASE_URL", "")  # set in the PostgreSQL pass only
# The pages are rendered with DEBUG on, which serves static files without `collectstatic`;
# nothing about the broker or the database changes with it.
WEB = {"DEBUG": "1", "ALLOWED_HOSTS": "testserver"}
MENTOR = "chris.taylor@example.org"
MENTEE = "jo.evans@example.org"
APPLICANTS = ["priya.shah@example.org", "dana.hughes@example.org"]
LINE_MANAGER = "sam.patel@example.org"
REVIEW_DUE = Kind.REVIEW_DUE.label
SUBJECTS = dict(Kind.choices)  # an email's subject is its notification's kind, in words

# An active relationship that started four months ago in a programme with reviews every three
# months, so its first review is overdue; the periodic check (check_relationships) keeps that
# as the flag `review_overdue`, which the reminder rule `reviews_due` reads. Priya and Dana,
# whose line manager is Sam, have not applied yet: the outage test applies for them.
PEOPLE = """
from datetime import timedelta

from django.utils import timezone

from mentoring.notifications.models import Notification
from mentoring.people.services import role_grant
from relationships.models import Relationship
from relationships.services.risks import risks_check
from tests.factories import StaffMemberFactory
from tests.matching import accepted, paired, programme_for_matching, went_ahead

def person(name, **fields):
    first, last = name.split()
    email = f"{first}.{last}@example.org".lower()
    return StaffMemberFactory(first_name=first, last_name=last, work_email=email, **fields)

coordinator = person("Alex Morgan")
role_grant(user=coordinator.user, role="coordinator")
programme = programme_for_matching(
    coordinator,
    agreement_required=False,
    review_interval_months=3,
    mentee_manager_approval=True,
)
mentor = accepted(programme, person("Chris Taylor"), "mentor")
mentee = accepted(programme, person("Jo Evans"), "mentee")
relationship = went_ahead(paired(mentor, mentee))
Relationship.objects.filter(pk=relationship.pk).update(
    started_at=timezone.now() - timedelta(days=120)
)
# What they were told when matched, four months ago, is long read and cleared: these tests
# are about the reminders the sweep finds now.
Notification.objects.all().delete()
risks_check()
assert Relationship.objects.get(pk=relationship.pk).review_overdue
line_manager = person("Sam Patel")
person("Priya Shah", line_manager=line_manager)
person("Dana Hughes", line_manager=line_manager)
"""
SWEEP = """
from mentoring.notifications.tasks import reminders_sweep
for _ in range({times}):
    reminders_sweep.delay()
"""
TWICE = """
from mentoring.notifications.models import Notification
from mentoring.notifications.services import reminders_sweep
from mentoring.notifications.tasks import notification_email
reminders_sweep()
reminders_sweep()
for pk in Notification.objects.values_list("pk", flat=True):
    notification_email.delay(notification_id=pk)
    notification_email.delay(notification_id=pk)
"""
# The beat schedule made by the migration sends reminders every five minutes; here every
# {seconds} s, with the other jobs paused so that only the sweep is at work.
BEAT_EVERY = """
from django_celery_beat.models import IntervalSchedule, PeriodicTask
every, _ = IntervalSchedule.objects.get_or_create(every={seconds}, period="seconds")
assert PeriodicTask.objects.filter(name="send-reminders").exists()
for task in PeriodicTask.objects.all():
    if task.name == "send-reminders":
        task.interval = every
    else:
        task.enabled = False
    task.save()
"""
# A visit to the portal: the mentee reads her notifications and her relationship page, then
# {applicant} applies to the programme (which has her line manager told once it commits) and
# asks for a password link. It prints what each page answered and what was saved.
VISIT = """
import json

from django.test import Client

from mentoring.people.models import StaffMember
from programmes.models import Application, Programme
from relationships.models import Relationship

answers = {{}}
client = Client(raise_request_exception=False)
client.force_login(StaffMember.objects.get(work_email="{mentee}").user)
answers["notifications"] = client.get("/notifications/").status_code
answers["relationship"] = client.get(Relationship.objects.get().get_absolute_url()).status_code
applicant = StaffMember.objects.get(work_email="{applicant}")
client.force_login(applicant.user)
programme = Programme.objects.get()
answers["apply"] = client.post(
    f"/programmes/{{programme.pk}}/apply/mentee/",
    {{
        "needs": ["confidence"],
        "aims": "Speak up in meetings.",
        "department_preference": "any",
        "location_preference": "any",
    }},
).status_code
answers["applied"] = list(
    Application.objects.filter(applicant=applicant).values_list("status", flat=True)
)
anonymous = Client(raise_request_exception=False)
answers["password_link"] = anonymous.post(
    "/accounts/password_reset/", {{"email": "{applicant}"}}
).status_code
print(json.dumps(answers))
"""
ANSWERED = {
    "notifications": 200,
    "relationship": 200,
    "apply": 302,
    "applied": ["awaiting_manager"],
    "password_link": 302,
}


@pytest.fixture(scope="module")
def template_database(tmp_path_factory):
    """The URL of a migrated database holding the people and the relationship. Building it
    queues the "you have been matched" emails, which are not what these tests are about: they
    go to a broker in files that nothing reads, and are left behind with the folder."""
    folder = tmp_path_factory.mktemp("template")
    with new_database(folder) as url:
        env = environment_for(folder, url) | {"REDIS_URL": ""}
        manage(env, "migrate", "--noinput")
        shell(env, PEOPLE)
        yield url


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def environment(tmp_path, template_database, redis_server):
    """The environment of every process in the test: its own copy of the database, the Redis
    server, and emails written as files to `tmp_path / "mail"`."""
    with new_database(tmp_path, template=template_database) as url:
        yield environment_for(tmp_path, url) | {"REDIS_URL": redis_server.url}


@pytest.fixture
def held_mail_server():
    """A mail server that holds the first email it is sent until released."""
    server = SMTPServer(hold_first=True)
    yield server
    server.close()


@pytest.fixture
def processes(tmp_path):
    """Starts workers and beat processes, each writing to its own log; stops those still
    running when the test ends."""
    started = Processes(tmp_path)
    yield started
    started.stop_all()


def test_a_due_review_is_emailed_once_to_each_person_in_the_relationship(
    environment, processes, tmp_path
):
    """One sweep, taken from Redis by a real worker, records the review due for both people
    in the relationship and emails each of them once."""
    shell(environment, SWEEP.format(times=1))
    worker = processes.worker(environment)

    processes.wait_for(lambda: all_emailed(environment, 2), "both people to be emailed")
    processes.settle(environment, worker)

    assert told(environment) == [(MENTOR, "review_due"), (MENTEE, "review_due")]
    assert review_emails(mailbox(tmp_path)) == {MENTOR: 1, MENTEE: 1}
    assert_each_notification_emailed_once(environment, mailbox(tmp_path))


def test_a_sweep_run_twice_emails_no_one_twice(environment, processes, tmp_path):
    """The sweep run twice, then each email queued twice more, as a retried or duplicated
    task would be: the second sweep finds the reminders recorded (the unique key) and their
    emails queued already; the extra email tasks find them sent and do nothing. One worker
    taking tasks in order makes the extra tasks run after the first ones every time."""
    shell(environment, TWICE)
    worker = processes.worker(environment)

    processes.wait_for(lambda: all_emailed(environment, 2), "both people to be emailed")
    log = processes.settle(environment, worker)

    assert log.count("Task mentoring.notifications.tasks.notification_emails[") == 1 * 2, (
        "the sweeps queue one task for both emails (received and succeeded, in the log)"
    )
    assert log.count("Task mentoring.notifications.tasks.notification_email[") == 4 * 2, (
        "and the two more for each person run too"
    )
    assert review_emails(mailbox(tmp_path)) == {MENTOR: 1, MENTEE: 1}
    assert_each_notification_emailed_once(environment, mailbox(tmp_path))


def test_two_beat_processes_ticking_together_email_each_occasion_once(
    environment, processes, tmp_path
):
    """Two `celery beat` processes (a second started by mistake, or two servers each running
    one) both send the sweep every second from the schedule in the database, to a worker
    running four tasks at a time, so that sweeps and email tasks for the same reminder run
    side by side. Each person is still emailed once."""
    shell(environment, BEAT_EVERY.format(seconds=1))
    worker = processes.worker(environment, concurrency=4)
    beats = [processes.beat(environment, name) for name in ["beat-1", "beat-2"]]

    def ticked(times):
        return all(
            processes.log(beat).count("Sending due task send-reminders") >= times for beat in beats
        )

    processes.wait_for(lambda: ticked(3), "each beat to send the sweep three times", 60)
    processes.wait_for(lambda: all_emailed(environment, 2), "both people to be emailed")
    for beat in beats:
        processes.stop(beat)
    processes.settle(environment, worker)

    assert review_emails(mailbox(tmp_path)) == {MENTOR: 1, MENTEE: 1}
    assert_each_notification_emailed_once(environment, mailbox(tmp_path))


def test_a_worker_killed_while_sending_leaves_the_email_to_the_next_worker_sent_once(
    environment, processes, held_mail_server, tmp_path
):
    """The worker is killed (SIGKILL, as the kernel's out-of-memory killer would) while the
    mail server holds its first email before accepting it. Celery acknowledges a task only
    when it is done (CELERY_TASK_ACKS_LATE), so Redis keeps the unfinished task, and gives it
    to the next worker once the visibility timeout has passed (CELERY_VISIBILITY_TIMEOUT, two
    seconds here): this is the path exercised, the task's own redelivery. The new worker
    sends that email and the one still queued, and a sweep afterwards (the other way a lost
    email is sent again) sends nothing more. The mail server counts only messages it
    accepted, so each person has exactly one."""
    server = held_mail_server
    environment |= {
        "EMAIL_URL": f"smtp://127.0.0.1:{server.port}",
        "CELERY_VISIBILITY_TIMEOUT": "2",
    }
    broker = redis.Redis.from_url(environment["REDIS_URL"])
    shell(environment, SWEEP.format(times=1))
    first = processes.worker(environment, name="first")

    processes.wait_for(server.holding.is_set, "the first email to reach the mail server")
    held_since = time.monotonic()
    first.kill()
    first.wait(timeout=10)
    assert broker.hlen("unacked") == 1, "Redis keeps the task the killed worker had taken"
    assert told(environment, emailed=True) == []
    server.release.set()
    time.sleep(max(0, held_since + 2.5 - time.monotonic()))  # the visibility timeout passes
    second = processes.worker(environment, name="second")

    processes.wait_for(
        lambda: len(server.messages) == 2 and all_emailed(environment, 2),
        "the new worker to send both emails (is CELERY_VISIBILITY_TIMEOUT read into "
        "CELERY_BROKER_TRANSPORT_OPTIONS?)",
    )
    shell(environment, SWEEP.format(times=1))
    processes.settle(environment, second)

    assert server.abandoned == 1, "the killed worker's email was never accepted"
    assert review_emails(server.messages) == {MENTOR: 1, MENTEE: 1}
    assert_each_notification_emailed_once(environment, server.messages)


def test_a_pool_process_killed_while_sending_hands_its_email_back_to_be_sent_once(
    environment, processes, held_mail_server, tmp_path
):
    """The kernel's out-of-memory killer picks the process doing the work: the worker's pool
    process (production's pool), not the worker. The worker then gives the unfinished task
    back to Redis (CELERY_TASK_REJECT_ON_WORKER_LOST) rather than counting it done and failed,
    and its new pool process sends both emails at once, each once; no later sweep (the other
    way a lost email is sent, half an hour later) runs here."""
    server = held_mail_server
    environment |= {"EMAIL_URL": f"smtp://127.0.0.1:{server.port}"}
    shell(environment, SWEEP.format(times=1))
    worker = processes.worker(environment, pool="prefork")

    processes.wait_for(server.holding.is_set, "the first email to reach the mail server")
    [pool_process] = children(worker.pid)
    os.kill(pool_process, signal.SIGKILL)
    processes.wait_for(lambda: children(worker.pid) not in ([], [pool_process]), "a new one")
    server.release.set()

    processes.wait_for(
        lambda: len(server.messages) == 2 and all_emailed(environment, 2),
        "the worker to send both emails (is CELERY_TASK_REJECT_ON_WORKER_LOST on?)",
    )
    processes.settle(environment, worker)

    assert server.abandoned == 1, "the killed process's email was never accepted"
    assert review_emails(server.messages) == {MENTOR: 1, MENTEE: 1}
    assert_each_notification_emailed_once(environment, server.messages)


def children(pid):
    """The ids of a process's children (a prefork worker's pool processes)."""
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_ten_seconds_without_redis_loses_no_reminder_and_the_pages_keep_working(
    environment, processes, redis_server, tmp_path
):
    """Redis stops for ten seconds while the worker and beat run, and comes back empty (it
    keeps nothing on disk here, the harshest case): whatever was queued is gone. Before the
    outage, the review due is emailed; then, with the worker paused so that it cannot take
    it, Priya applies and the email to her line manager waits in Redis, to be lost with it.
    During the outage Dana applies, and both visits read pages and ask for a password link:
    every page answers as usual and the applications are saved. Once Redis is back, the
    worker and beat carry on by themselves and the periodic sweep, which finds in the
    database whatever has not been emailed, tells the line manager of each application once
    (Priya's, lost with Redis, once its queueing is old enough to try again); no one is told of
    the review again."""
    shell(environment, BEAT_EVERY.format(seconds=2))
    broker = redis.Redis.from_url(environment["REDIS_URL"])
    worker = processes.worker(environment)
    beat = processes.beat(environment, "beat")
    processes.wait_for(lambda: all_emailed(environment, 2), "the review due to be emailed")

    processes.pause_idle(worker, broker)
    answers, log = visit(environment, APPLICANTS[0])
    assert answers == ANSWERED, log
    assert told(environment, emailed=False) == [(LINE_MANAGER, "approval_pending")]
    assert broker.llen("celery") >= 1, "the email to the line manager waits in Redis"
    redis_server.stop()
    down_since = time.monotonic()
    os.kill(worker.pid, signal.SIGCONT)
    answers, log = visit(environment, APPLICANTS[1])
    assert answers == ANSWERED, log
    time.sleep(max(0, down_since + 10 - time.monotonic()))
    redis_server.start()

    processes.wait_for(lambda: all_emailed(environment, 4), "every reminder to be emailed", 90)
    ticks = processes.log(beat).count("Sending due task send-reminders")
    processes.wait_for(
        lambda: processes.log(beat).count("Sending due task send-reminders") >= ticks + 2,
        "two more sweeps after the last email",
    )
    assert worker.poll() is None and beat.poll() is None, "both reconnected, neither exited"
    processes.stop(beat)
    processes.settle(environment, worker)

    assert told(environment) == [
        (MENTOR, "review_due"),
        (MENTEE, "review_due"),
        (LINE_MANAGER, "approval_pending"),
        (LINE_MANAGER, "approval_pending"),
    ]
    assert review_emails(mailbox(tmp_path)) == {MENTOR: 1, MENTEE: 1}
    assert_each_notification_emailed_once(environment, mailbox(tmp_path))


# The processes


def environment_for(folder, database_url):
    """The environment of a process working on the database at `database_url`, with its
    broker files and emails in `folder`."""
    (folder / "mail").mkdir(exist_ok=True)
    ignored = {"DEBUG", "REDIS_URL", "CELERY_VISIBILITY_TIMEOUT", "ALLOWED_HOSTS"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    return env | {
        "ENV_FILE": "/nonexistent",  # a developer's .env must not change the test
        "SECRET_KEY": "not-a-secret-" + "x" * 40,
        "DATABASE_URL": database_url,
        "CELERY_DATA_DIR": str(folder),
        "EMAIL_URL": f"filemail:///{folder / 'mail'}",  # the path follows the third slash
        # An email lost with Redis is queued again this long after it was first queued: half
        # an hour in production, seconds here.
        "NOTIFICATIONS_QUEUE_AGAIN_SECONDS": "5",
    }


def new_database(folder, *, template=None):
    """A new database (its URL, as a context manager), empty or a copy of `template`: on the
    suite's PostgreSQL server when the suite runs on one, else the file `folder/db.sqlite3`."""
    if SUITE_DATABASE.startswith("postgres"):
        return postgres_database(template=template)
    return sqlite_file(folder / "db.sqlite3", template=template)


@contextlib.contextmanager
def sqlite_file(path, *, template=None):
    if template:
        source = template.removeprefix("sqlite:///")
        for suffix in ["", "-wal"]:
            if Path(f"{source}{suffix}").exists():
                shutil.copy(f"{source}{suffix}", f"{path}{suffix}")
    yield f"sqlite:///{path}"


@contextlib.contextmanager
def postgres_database(*, template=None):
    """A database copied from `template` (which nothing may be connected to meanwhile) or
    empty, dropped afterwards together with any connection a process left open to it."""
    name = f"live_{secrets.token_hex(4)}"
    copy = f" TEMPLATE {urlsplit(template).path[1:]}" if template else ""
    on_postgres_server(f"CREATE DATABASE {name}{copy}")
    try:
        yield urlsplit(SUITE_DATABASE)._replace(path=f"/{name}").geturl()
    finally:
        on_postgres_server(f"DROP DATABASE {name} WITH (FORCE)")


def on_postgres_server(statement):
    # CREATE and DROP DATABASE cannot run inside a transaction.
    with psycopg.connect(SUITE_DATABASE, autocommit=True) as connection:
        connection.execute(statement)


def manage(env, *args):
    finished = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr
    return finished


def shell(env, script):
    return manage(env, "shell", "--no-imports", "-c", script)


def visit(env, applicant):
    """What each page of a visit (VISIT) answered, and what the visit logged."""
    finished = shell(env | WEB, VISIT.format(mentee=MENTEE, applicant=applicant))
    return json.loads(finished.stdout.splitlines()[-1]), finished.stderr


class Processes:
    """Celery workers and beat processes started for one test. Each writes to its own log
    file (a pipe nobody reads would fill up and stop it) and runs in its own process group,
    so that stopping it also stops a prefork worker's children."""

    def __init__(self, folder):
        self.folder = folder
        self.logs = {}

    def worker(self, env, *, name="worker", concurrency=1, pool="solo"):
        """A worker; one at a time runs in the worker process itself unless `pool` says
        "prefork", production's pool (which `concurrency` above 1 means anyway)."""
        pool = [f"--pool={pool}"] if concurrency == 1 else []
        pool += [f"--concurrency={concurrency}"]
        return self._start(
            env,
            name,
            "worker",
            *pool,
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
            f"--hostname={name}@%h",
        )

    def beat(self, env, name):
        return self._start(env, name, "beat", "--max-interval=1")

    def _start(self, env, name, *args):
        log = self.folder / f"{name}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "mentoring", *args, "--loglevel=INFO"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.logs[process] = log
        return process

    def log(self, process):
        return self.logs[process].read_text(errors="replace")

    def wait_for(self, condition, what, seconds=30):
        """Poll `condition` until it is true; fail, with the logs, if it takes longer than
        `seconds` or a process ends on its own meanwhile."""
        deadline = time.monotonic() + seconds
        while not condition():
            for process in self.logs:
                if process.returncode is None and process.poll() is not None:
                    pytest.fail(f"A process ended while waiting for {what}:\n{self.tails()}")
            if time.monotonic() > deadline:
                pytest.fail(f"Waited {seconds} s for {what}:\n{self.tails()}")
            time.sleep(0.1)

    def settle(self, env, worker):
        """Wait until Redis holds no task, neither waiting nor taken by the worker, then stop
        the worker (a warm shutdown) and return its log. A task is kept in the `unacked` hash
        from the moment the worker takes it until it is done."""
        broker = redis.Redis.from_url(env["REDIS_URL"])

        def idle():
            return broker.llen("celery") == 0 and broker.hlen("unacked") == 0

        def still_idle():  # half a second apart: a message taken is in neither for a moment
            if not idle():
                return False
            time.sleep(0.5)
            return idle()

        self.wait_for(still_idle, "the worker to finish")
        self.stop(worker)
        assert idle(), self.tails()
        return self.log(worker)

    def stop(self, process):
        """Stop a process as a service manager would: SIGTERM, then SIGKILL. Beat loses a
        SIGTERM that arrives while it is sending to Redis (its handler's SystemExit is
        swallowed in redis-py), so it is asked again each second."""
        for _ in range(20):
            if process.poll() is not None:
                return
            os.killpg(process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=1)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def pause_idle(self, worker, broker):
        """Pause the worker (SIGSTOP) between tasks: with none taken (kept in `unacked` from
        delivery to the end), it holds no transaction that would block the database."""
        deadline = time.monotonic() + 30
        while True:
            os.kill(worker.pid, signal.SIGSTOP)
            if broker.hlen("unacked") == 0:
                return
            os.kill(worker.pid, signal.SIGCONT)
            assert time.monotonic() < deadline, "the worker was never idle"
            time.sleep(0.05)

    def stop_all(self):
        for process in self.logs:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGCONT)  # in case a failing test left it paused
            self.stop(process)

    def tails(self):
        return "\n".join(
            f"--- {log.name} ---\n{log.read_text(errors='replace')[-4000:]}"
            for log in self.logs.values()
        )


class RedisServer:
    """A real Redis server on a free local port, which a test can stop and start again on
    the same port. It keeps nothing on disk: started again, it is empty."""

    def __init__(self, folder):
        if not shutil.which("redis-server"):
            pytest.fail("redis-server is not installed: run `make test`, which installs it.")
        self.folder = folder
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                assert self.process.poll() is None, f"Redis did not start on port {self.port}"
                assert time.monotonic() < deadline, "Redis did not start"
                time.sleep(0.05)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


# What was told, and what was sent


def rows(database_url, query):
    """The rows `query` returns from the database at `database_url`, PostgreSQL or a SQLite
    file; the queries here are plain SQL that both understand."""
    if database_url.startswith("postgres"):
        with psycopg.connect(database_url) as connection:
            return connection.execute(query).fetchall()
    path = database_url.removeprefix("sqlite:///")
    with contextlib.closing(sqlite3.connect(path, timeout=20)) as connection:
        return connection.execute(query).fetchall()


def told(env, *, emailed=None):
    """(email address, kind) of each notification in the database, optionally only those
    emailed (or not yet): the mentor's, the mentee's, then the line manager's."""
    query = (
        "SELECT person.work_email, notification.kind FROM notifications_notification AS "
        "notification JOIN people_staffmember AS person ON person.id = notification.person_id"
    )
    if emailed is not None:
        query += f" WHERE notification.emailed_at IS {'NOT ' if emailed else ''}NULL"
    found = rows(env["DATABASE_URL"], query)
    order = [MENTOR, MENTEE, LINE_MANAGER]
    return sorted(found, key=lambda row: (order.index(row[0]) if row[0] in order else 3, row))


def all_emailed(env, count):
    """Whether `count` notifications are recorded, and all of them marked emailed."""
    return len(told(env)) == count and told(env, emailed=False) == []


def mailbox(folder):
    """The emails Django's file backend wrote to `folder / "mail"`, one file per connection,
    each message followed by a line of 79 dashes."""
    messages = []
    for path in sorted((folder / "mail").iterdir()):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk))
    return messages


def review_emails(messages):
    """How many "Review due" emails each person had."""
    return dict(Counter(m["To"] for m in messages if m["Subject"] == REVIEW_DUE))


def assert_each_notification_emailed_once(env, messages):
    """Every notification is marked emailed, and the emails about notifications are exactly
    one for each of them, to its person, under its kind."""
    assert told(env, emailed=False) == []
    about_notifications = [
        (m["To"], m["Subject"]) for m in messages if m["Subject"] in SUBJECTS.values()
    ]
    expected = [(person, SUBJECTS[kind]) for person, kind in told(env)]
    assert Counter(about_notifications) == Counter(expected)
