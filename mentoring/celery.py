import functools
import logging
import os
import time

from celery import Celery
from celery.contrib.django.task import DjangoTask
from celery.signals import setup_logging
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from mentoring import logs  # noqa: F401 (carries the request id into tasks)
from mentoring.operations import (
    task_failures,  # noqa: F401 (keeps tasks that failed)
    task_starts,  # noqa: F401 (forgets tasks that finished)
)
from mentoring.operations.heartbeats import WorkerHeartbeat

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
logger = logging.getLogger(__name__)
RETRY_BROKER_AFTER = 10  # seconds; meanwhile a page queues nothing and does not wait
# Unreachable, refusing (Redis out of memory or read-only) or, for the demo's broker in files,
# a disk problem; anything else is a mistake in the code and is raised.
BROKER_ERRORS = (OperationalError, RedisError, OSError)


class Task(DjangoTask):
    unreachable_until = 0.0  # shared by every task in this process

    def __call__(self, *args, **kwargs):
        """Run the task, unless it has killed its process too often (operations/task_starts.py).
        A task called in-process (eagerly, or as a plain function) is simply run."""
        in_worker = self.request.id and not self.request.is_eager
        if in_worker and not task_starts.may_start(self):
            return None
        return super().__call__(*args, **kwargs)

    def delay_on_commit(self, *args, **kwargs):
        """Queue the task once the transaction commits. A broker that cannot be reached is
        logged, not raised: what the request saved stays saved and its page still answers,
        without waiting on the broker again for a few seconds. Notifications and reports
        are found in the database and queued again by the periodic jobs once the broker is
        back (README: Background jobs)."""
        from django.db import transaction

        transaction.on_commit(functools.partial(self._queue, args, kwargs))

    def _queue(self, args, kwargs):
        self.enqueue(*args, **kwargs)

    def enqueue(self, *args, **kwargs):
        """Give the task to the broker now; whether it could."""
        if time.monotonic() < Task.unreachable_until:
            logger.warning("The broker was unreachable a moment ago: %s not queued.", self.name)
            return False
        try:
            self.delay(*args, **kwargs)
        except BROKER_ERRORS:
            if self.app.conf.task_always_eager:
                raise  # the task itself failed, in the process: a test must see it
            Task.unreachable_until = time.monotonic() + RETRY_BROKER_AFTER
            logger.exception("The broker could not be reached to queue %s.", self.name)
            return False
        logger.info("Queued %s.", self.name)
        return True


@setup_logging.connect(weak=False)
def _log_as_the_portal_does(**kwargs):
    """The worker and the beat keep settings.LOGGING (Django applied it): JSON lines with the
    request id, email addresses withheld."""


app = Celery("mentoring", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.steps["worker"].add(WorkerHeartbeat)
