"""What a background job does when one piece of its work fails: the failure is logged with its
traceback and kept for the site administrator, and the job goes on with the rest."""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import Heartbeat, JobFailure, TaskStart

logger = logging.getLogger(__name__)
SHOWN_FOR = timedelta(days=7)
# A task started this long ago and never finished was lost (its message with it): forgotten.
FORGOTTEN_AFTER = timedelta(days=7)


def job_failure_record(*, job: str, error: BaseException, about: str = "") -> JobFailure:
    """Log the error and keep it. Call it outside the transaction that failed (inside one
    being rolled back the record would go with it)."""
    logger.error("%s failed%s.", job, f" on {about}" if about else "", exc_info=error)
    # The first line only: PostgreSQL's next ones quote the row refused, what people wrote in it.
    said = str(error).splitlines()
    message = f"{type(error).__name__}: {said[0] if said else ''}"
    with transaction.atomic():
        return JobFailure.objects.create(job=job, about=about[:200], error=message[:500])


def recent_failures(*, now=None):
    """The failures of the last week, newest first, for the administrator's front page."""
    return JobFailure.objects.filter(at__gte=(now or timezone.now()) - SHOWN_FOR)


def heartbeat_record(*, process: str, seconds: float | None = None) -> None:
    """Note that this background process is running now (and how long its run took)."""
    Heartbeat.objects.update_or_create(
        process=process, defaults={"at": timezone.now(), "seconds": seconds}
    )


def task_start_record(*, task_id: str, task: str) -> int:
    """Count one more start of a task; how many times it has now been started unfinished."""
    with transaction.atomic():
        TaskStart.objects.get_or_create(task_id=task_id, defaults={"task": task[:200]})
        TaskStart.objects.filter(task_id=task_id).update(starts=F("starts") + 1)
        return TaskStart.objects.get(task_id=task_id).starts


def task_finish_record(*, task_id: str) -> None:
    """Forget a task that finished (done, failed or to be retried), and any lost long ago."""
    lost = Q(first_at__lt=timezone.now() - FORGOTTEN_AFTER)
    TaskStart.objects.filter(Q(task_id=task_id) | lost).delete()
