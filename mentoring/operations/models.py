from django.db import models
from django.utils import timezone


class JobFailure(models.Model):
    """A background job that failed on one thing and went on with the rest: kept so that the
    site administrator sees it, not only the logs."""

    NOT_CONFIDENTIAL = ("job", "about", "error")  # which job and record, never its content

    at = models.DateTimeField(default=timezone.now, db_index=True)
    job = models.CharField(max_length=100, help_text="Which job, e.g. “Reminder sweep”.")
    about = models.CharField(
        max_length=200, blank=True, help_text="What it was working on, e.g. “relationship 12”."
    )
    error = models.CharField(max_length=500, help_text="The kind of error and its message.")

    class Meta:
        ordering = ["-at"]
        verbose_name = "background job failure"

    def __str__(self):
        return f"{self.job}: {self.about or self.error}"


class Heartbeat(models.Model):
    """When a background process last showed it was running: the worker and the beat each
    write theirs every HEARTBEAT_SECONDS, and readiness (/health/ready) reads them."""

    class Process(models.TextChoices):
        WORKER = "worker", "Background worker"
        BEAT = "beat", "Scheduler (beat)"
        SWEEP = "sweep", "Reminder sweep"

    process = models.CharField(max_length=10, choices=Process, unique=True)
    at = models.DateTimeField()
    seconds = models.FloatField(
        null=True, blank=True, help_text="How long its last run took (the sweep)."
    )

    def __str__(self):
        return self.get_process_display()


class TaskStart(models.Model):
    """A background task started and not yet finished, with how many times it has been
    started: one whose process died under it is given back and started again, and this count
    stops one that always kills its process (TASK_DELIVERY_LIMIT; docs/operations.md)."""

    NOT_CONFIDENTIAL = ("task_id", "task")  # Celery's id and the task's name, nothing more

    task_id = models.CharField(max_length=255, unique=True)
    task = models.CharField(max_length=200)
    starts = models.PositiveSmallIntegerField(default=0)
    first_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.task}: started {self.starts} times"
