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
