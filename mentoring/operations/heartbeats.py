"""The worker and the beat note every HEARTBEAT_SECONDS that they are running, so that
readiness (/health/ready) can tell a stopped one. The worker's is a Celery bootstep on the
worker's own timer, as Celery's own event heartbeats are; the beat's is written as it ticks."""

import logging

from celery import bootsteps
from django.conf import settings
from django.db import DatabaseError, close_old_connections

logger = logging.getLogger(__name__)


def note_running(process):
    from .services import heartbeat_record

    try:
        heartbeat_record(process=process)
    except DatabaseError:
        logger.warning("Could not note that the %s is running.", process, exc_info=True)
    finally:
        close_old_connections()


class WorkerHeartbeat(bootsteps.StartStopStep):
    requires = {"celery.worker.components:Timer"}
    timer = None

    def start(self, worker):
        note_running("worker")
        self.timer = worker.timer.call_repeatedly(
            settings.HEARTBEAT_SECONDS, note_running, ("worker",), priority=10
        )

    def stop(self, worker):
        if self.timer:
            self.timer.cancel()
            self.timer = None
