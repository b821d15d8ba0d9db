import functools
import logging
import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
logger = logging.getLogger(__name__)


class Task(DjangoTask):
    def delay_on_commit(self, *args, **kwargs):
        """Queue the task once the transaction commits. A broker that cannot be reached is
        logged, not raised: what the request saved stays saved and its page still answers.
        The periodic jobs find what is still to do in the database once the broker is back
        (README: Background jobs)."""
        from django.db import transaction

        transaction.on_commit(functools.partial(self._queue, args, kwargs))

    def _queue(self, args, kwargs):
        try:
            self.delay(*args, **kwargs)
        except OperationalError:
            logger.exception("The broker could not be reached to queue %s.", self.name)


app = Celery("mentoring", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
