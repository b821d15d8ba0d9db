"""A task whose process dies under it (out of memory, killed) is given back to the broker and
started again (settings: CELERY_TASK_REJECT_ON_WORKER_LOST). One that kills its process every
time would come back for ever and keep the workers from everything else, so each start is
counted in the database by task id, the count is forgotten when the task finishes (done,
failed, or to be retried), and a task already started TASK_DELIVERY_LIMIT times is not started
again: it is kept as a background job failure (the admin site's front page, /metrics) and
logged, once (docs/operations.md)."""

from celery.exceptions import WorkerLostError
from celery.signals import task_postrun
from django.conf import settings


def job_name(task) -> str:
    """The task in words, as the administrator reads it: "Digest email"."""
    return task.name.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def may_start(task) -> bool:
    """Whether this worker may start the task it was given, counting the start."""
    from .services import job_failure_record, task_start_record

    limit = settings.TASK_DELIVERY_LIMIT
    if task_start_record(task_id=task.request.id, task=task.name) <= limit:
        return True
    error = WorkerLostError(
        f"Not started again: started {limit} times without finishing (its process died, or it "
        "ran longer than the broker waits before handing it to another worker)."
    )
    job_failure_record(job=job_name(task), error=error)
    return False


@task_postrun.connect(weak=False, dispatch_uid="forget-finished-tasks")
def forget_finished_task(sender=None, task_id=None, **kwargs):
    if sender is not None and task_id and not sender.request.is_eager:
        from .services import task_finish_record

        task_finish_record(task_id=task_id)
