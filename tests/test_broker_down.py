"""A page that queues work while the broker is down still answers and keeps what it saved;
the work is logged as not queued, and for a few seconds nothing waits on the broker again.
(tests/test_reminders_live.py stops a real Redis and checks the pages and the recovery.)"""

import contextlib
import socket
import threading

import pytest
from django.conf import settings
from django.urls import reverse

from mentoring import celery_app
from mentoring.notifications.tasks import notification_email
from programmes.models import Application


def test_queueing_while_the_broker_is_down_is_logged_and_the_request_goes_on(
    broker_down, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        notification_email.delay_on_commit(notification_id=1)
        notification_email.delay_on_commit(notification_id=2)
    messages = [r.getMessage() for r in caplog.records if r.name == "mentoring.celery"]
    assert messages == [
        "The broker could not be reached to queue "
        "mentoring.notifications.tasks.notification_email.",
        "The broker was unreachable a moment ago: "
        "mentoring.notifications.tasks.notification_email not queued.",
    ]


def test_in_the_tests_a_task_that_fails_in_process_still_fails_the_test(
    db, django_capture_on_commit_callbacks
):
    from relationships.tasks import propose_matches

    with pytest.raises(Exception), django_capture_on_commit_callbacks(execute=True):  # noqa: B017
        propose_matches.delay_on_commit(run_id=0)


class SilentServer:
    """A local port that accepts connections and never answers, as a Redis that has stopped
    responding does; after `patience` seconds it hangs up on whoever is still waiting, so that
    a client without a timeout fails the test instead of hanging it."""

    def __init__(self, patience=60):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.patience = patience
        self.connections = []
        self.hung_up_on_someone = False
        self.closed = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()
        threading.Thread(target=self._hang_up_in_time, daemon=True).start()

    def _accept(self):
        with contextlib.suppress(OSError):
            while True:
                self.connections.append(self.listener.accept()[0])

    def _hang_up_in_time(self):
        if not self.closed.wait(self.patience):
            self.hung_up_on_someone = bool(self.connections)
            self.close()

    def close(self):
        self.closed.set()
        self.listener.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def broker_silent(broker_down):
    """The app's broker a Redis that accepts connections and never answers."""
    server = SilentServer()
    celery_app.conf.broker_url = f"redis://127.0.0.1:{server.port}/0"
    celery_app.conf.task_publish_retry_policy = settings.CELERY_TASK_PUBLISH_RETRY_POLICY
    yield server
    server.close()


def test_a_redis_that_never_answers_does_not_hang_a_page_that_queues_work(
    broker_silent,
    client,
    staff_member,
    line_manager,
    open_programme,
    caplog,
    django_capture_on_commit_callbacks,
):
    client.force_login(staff_member.user)
    url = reverse("programmes:apply_mentee", args=[open_programme.pk])
    application = {
        "needs": ["leadership"],
        "aims": "Lead a team.",
        "department_preference": "any",
        "location_preference": "any",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, application)
    assert not broker_silent.hung_up_on_someone, "the page waited on the broker for ever"
    assert response.status_code == 302
    assert Application.objects.get().applicant == staff_member
    messages = [r.getMessage() for r in caplog.records if r.name == "mentoring.celery"]
    assert messages[0].startswith("The broker could not be reached to queue ")
