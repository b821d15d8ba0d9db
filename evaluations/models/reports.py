"""Anonymised monitoring reports, built in the background and kept (MON-2)."""

from django.db import models
from django.urls import reverse

from mentoring.confidential import Confidential
from mentoring.people.models import StaffMember
from programmes.models import Programme


class MonitoringReport(models.Model):
    NOT_CONFIDENTIAL = ("content",)  # anonymised figures, and free text only where allowed
    # The true counts the tables were built from, small ones too: read by nobody.
    CONFIDENTIAL = Confidential(
        content="report figures", text=(), kept=("equality_basis", "general_basis"), erase=None
    )

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be built"
        BUILDING = "building", "Being built"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be built"

    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        help_text="Empty for a report across all programmes.",
    )
    period_start = models.DateField()
    period_end = models.DateField()
    requested_by = models.ForeignKey(
        StaffMember, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    finished_at = models.DateTimeField(null=True, blank=True)
    build_started_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker last took the report to build it."
    )
    build_attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How many times a worker has taken it."
    )
    threshold = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The smallest count shown when it was built."
    )
    content = models.JSONField(default=dict, blank=True)
    equality_basis = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="What each equality table was built from, for the year's later reports to "
        "be compared with; never shown.",
    )
    general_basis = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="What every other table and figure was built from, for the year's later "
        "reports to be compared with; never shown.",
    )
    pdf = models.BinaryField(
        blank=True, editable=False, help_text="Rendered once, when it was built."
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="report_progress_is_a_percentage"
            ),
        ]

    def __str__(self):
        scope = self.programme.name if self.programme_id else "All programmes"
        return f"{scope}, {self.period_start:%d %B %Y} to {self.period_end:%d %B %Y}"

    def get_absolute_url(self):
        return reverse("evaluations:report", args=[self.pk])
