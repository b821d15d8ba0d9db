"""A page that queues work while the broker is down still answers and keeps what it saved;
the work is logged as not queued, and for a few seconds nothing waits on the broker again.
(tests/test_reminders_live.py stops a real Redis and checks the pages and the recovery.)"""

import socket

import pytest

from mentoring import celery_app
from mentoring.celery import Task
from mentoring.notifications.tasks import notification_email


@pytest.fixture
def broker_down(db, settings):
    """The app's broker, for this test only, a local port nothing listens on; the app's
    connection pools are put back afterwards, so later tests publish as before."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    pools = celery_app._pool, celery_app.amqp._producer_pool
    celery_app._pool = celery_app.amqp._producer_pool = None
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    celery_app.conf.task_publish_retry_policy = {"max_retries": 0}
    yield
    celery_app._pool, celery_app.amqp._producer_pool = pools
    celery_app.conf.broker_url = settings.CELERY_BROKER_URL
    celery_app.conf.task_publish_retry_policy = settings.CELERY_TASK_PUBLISH_RETRY_POLICY
    Task.unreachable_until = 0.0


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
