"""A page that queues work while the broker is down still answers and keeps what it saved;
the work is logged as not queued, and for a few seconds nothing waits on the broker again.
(tests/test_reminders_live.py stops a real Redis and checks the pages and the recovery.)"""

import pytest

from mentoring.notifications.tasks import notification_email


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
