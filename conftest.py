"""The people every test can ask for by name, as in the users' own words."""

import socket

import pytest

from mentoring import celery_app
from mentoring.celery import Task
from mentoring.people.services import role_grant
from tests.factories import StaffMemberFactory

pytest_plugins = ["tests.peers.fixtures"]


@pytest.fixture(autouse=True)
def _celery_runs_tasks_in_process():
    # Unit tests run tasks in the test process; tests/test_celery_worker.py uses a real worker.
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def broker_down(db, settings):
    """The app's broker a local port nothing listens on, until the test calls what this gives
    (or ends): then the broker and the app's connection pools are as before."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    pools = celery_app._pool, celery_app.amqp._producer_pool
    celery_app._pool = celery_app.amqp._producer_pool = None
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    celery_app.conf.task_publish_retry_policy = {"max_retries": 0}

    def back():
        celery_app._pool, celery_app.amqp._producer_pool = pools
        celery_app.conf.broker_url = settings.CELERY_BROKER_URL
        celery_app.conf.task_publish_retry_policy = settings.CELERY_TASK_PUBLISH_RETRY_POLICY
        celery_app.conf.task_always_eager = True
        Task.unreachable_until = 0.0

    yield back
    back()


@pytest.fixture
def director(db):
    return StaffMemberFactory(first_name="Ruth", last_name="Bennett", job_title="Director")


@pytest.fixture
def line_manager(director):
    return StaffMemberFactory(
        first_name="Sam", last_name="Patel", job_title="Head of Housing", line_manager=director
    )


@pytest.fixture
def staff_member(line_manager):
    """An ordinary member of staff who reports to `line_manager`."""
    return StaffMemberFactory(
        first_name="Jo", last_name="Evans", job_title="Housing Officer", line_manager=line_manager
    )


@pytest.fixture
def colleague(db):
    """Someone with no management link to the others."""
    return StaffMemberFactory(first_name="Chris", last_name="Taylor")


@pytest.fixture
def coordinator(db):
    person = StaffMemberFactory(first_name="Alex", last_name="Morgan", job_title="OD Coordinator")
    role_grant(user=person.user, role="coordinator")
    return person


@pytest.fixture
def sponsor(db):
    person = StaffMemberFactory(first_name="Helen", last_name="Ward", job_title="Chief Executive")
    role_grant(user=person.user, role="sponsor")
    return person


@pytest.fixture
def open_programme(coordinator):
    """A programme from the Cleveland traditional preset, open for applications, that
    `coordinator` runs."""
    from programmes.models import Programme
    from programmes.presets import PRESETS
    from programmes.services.programmes import programme_create, programme_set_status

    rules = PRESETS["cleveland-traditional"]["rules"]
    programme = programme_create(
        by=coordinator.user,
        programme=Programme(name="Cleveland mentoring", purpose="Develop our people.", **rules),
        preset="cleveland-traditional",
    )
    return programme_set_status(by=coordinator.user, programme=programme, status="open")


@pytest.fixture
def people(staff_member, line_manager, colleague, sponsor, coordinator, open_programme):
    """Whom the page tests sign in as, by role, and the records the pages are about: the
    report's application waits for their line manager."""
    from programmes.models import Application
    from programmes.services.applications import application_submit

    application = application_submit(
        by=staff_member.user,
        application=Application(
            programme=open_programme, role="mentee", needs=["advice"], aims="Private aims"
        ),
    )
    from datetime import timedelta

    from django.utils import timezone

    from mentoring.people.models import ProvisioningToken
    from programmes.models import Area, TrainingSession
    from programmes.services.training import booking_make

    session = TrainingSession.objects.create(
        kind="mentor_training",
        starts_at=timezone.now() + timedelta(days=7),
        place="Training room 2",
        capacity=1,
    )
    from relationships.models import MentorRequest, Proposal
    from tests.matching import accepted, paired, programme_for_matching

    chooser = programme_for_matching(coordinator, matching_mode="directory")
    mentee = accepted(chooser, staff_member, "mentee")
    mentor = accepted(chooser, colleague, "mentor", capacity=2)
    relationship = paired(mentor, mentee)
    mentor_request = MentorRequest.objects.create(
        mentee_application=mentee,
        mentor_application=mentor,
        expires_at=timezone.now() + timedelta(days=14),
    )
    proposal = Proposal.objects.create(
        programme=chooser, mentee_application=mentee, mentor_application=mentor, score=50
    )
    from relationships.models import ManagerAnswer

    # Jo's line manager asked about Chris as her mentor (000 §3.2).
    manager_answer = ManagerAnswer.objects.create(
        mentee_application=mentee, mentor_application=mentor, manager=line_manager
    )
    from relationships.models import Meeting

    meeting = Meeting.objects.create(
        relationship=relationship,
        starts_at=timezone.now() + timedelta(days=3),
        minutes=60,
        method="video",
    )
    workspace = _workspace_records(relationship, mentor=colleague, mentee=staff_member)
    from evaluations.tests.records import evaluation_records

    workspace |= evaluation_records(
        programme=chooser,
        relationship=relationship,
        mentor=colleague,
        mentee=staff_member,
        coordinator=coordinator,
    )
    from relationships.models import SetAside

    workspace["set_aside"] = SetAside.objects.create(
        relationship=relationship,
        reason="no_meeting",
        until=timezone.localdate() + timedelta(days=30),
        why="On leave.",
        set_by=coordinator,
    )
    return workspace | {
        "meeting": meeting,
        "directory_programme": chooser,
        "mentor_application": mentor,
        "relationship": relationship,
        "mentor_request": mentor_request,
        "proposal": proposal,
        "manager_answer": manager_answer,
        "session": session,
        "booking": booking_make(by=staff_member.user, session=session),
        "area": Area.objects.create(name="Leadership"),
        "provisioning_token": ProvisioningToken.objects.create(name="Entra ID", token_hash="0"),
        "application": application,
        "programme": open_programme,
        "staff": colleague,
        "line_manager": line_manager,
        "sponsor": sponsor,
        "coordinator": coordinator,
        "report": staff_member,
    }


def _workspace_records(relationship, *, mentor, mentee):
    """One of each kind of confidential record in `relationship`, for the page tests."""
    from datetime import timedelta

    from django.utils import timezone

    from relationships.models import (
        ActionItem,
        ActionPlan,
        Agreement,
        Concern,
        Goal,
        Meeting,
        MeetingLog,
        Message,
        PrivateNote,
        Review,
        SharedSummary,
    )

    held = Meeting.objects.create(
        relationship=relationship,
        starts_at=timezone.now() - timedelta(days=2),
        minutes=60,
        method="telephone",
    )
    MeetingLog.objects.create(
        meeting=held, minutes=60, achieved="Read the book.", topics="Delegation", written_by=mentor
    )
    PrivateNote.objects.create(meeting=held, author=mentor, text="My own thoughts.")
    agreement = Agreement.objects.create(
        relationship=relationship,
        version=1,
        aims=["Confidence", "Delegation", "Promotion"],
        mentor_role="Listen.",
        mentee_role="Prepare.",
        confidentiality="Confidential.",
        feedback="Constructive.",
        documentation="None.",
        breakdown="Talk first.",
        created_by=mentor,
    )
    mentee_member = relationship.members.get(person=mentee)
    plan = ActionPlan.objects.create(mentee=mentee_member, long_term_goal="Lead a team.")
    goal = Goal.objects.create(plan=plan, specific="Chair a meeting")
    action = ActionItem.objects.create(
        relationship=relationship, goal=goal, description="Ask to chair", owner=mentee
    )
    message = Message.objects.create(
        relationship=relationship, author=mentor, text="See you on Tuesday.", sent_at=timezone.now()
    )
    return {
        "held_meeting": held,
        "message": message,
        "agreement": agreement,
        "mentee_member": mentee_member,
        "goal": goal,
        "action": action,
        "review": Review.objects.create(relationship=relationship, due_on=timezone.localdate()),
        "concern": Concern.objects.create(
            relationship=relationship, raised_by=mentee, text="I am worried."
        ),
        "summary": SharedSummary.objects.create(
            relationship=relationship, mentee=mentee, text="We worked on delegation."
        ),
    }
