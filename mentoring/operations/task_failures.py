"""A Celery task that fails for good in the worker (its retries spent, or an error it does not
retry) is kept as a background job failure, as a failed piece of a job is: the site
administrator sees it on the admin site's front page, and /metrics counts it."""

from celery.signals import task_failure


@task_failure.connect(weak=False, dispatch_uid="keep-task-failures")
def keep_task_failure(sender=None, exception=None, **kwargs):
    if sender is None or sender.request.is_eager:  # in-process (unit tests): raised instead
        return
    from .services import job_failure_record
    from .task_starts import job_name

    job_failure_record(job=job_name(sender), error=exception)
