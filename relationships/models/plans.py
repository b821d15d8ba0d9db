from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from mentoring.confidential import Confidential
from mentoring.fields import COMMENT, LONG_TEXT, LimitedTextField

from .relationships import Member, Tag


class ActionPlan(models.Model):
    """A mentee's action plan (PLAN-1; 001 Appendix B, 002 Resources 14 and 15)."""

    CONFIDENTIAL = Confidential(
        content="action plan",
        text=("long_term_goal", "needs_and_strengths", "commitment_needs", "comments"),
        relationship="mentee__relationship",
        author="mentee__person",
        written_at="created_at",
        changed_at="updated_at",
    )

    mentee = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="plan")
    long_term_goal = LimitedTextField("long-term goal", max_length=LONG_TEXT)
    needs_and_strengths = LimitedTextField(
        "needs and strengths",
        blank=True,
        help_text="001 Appendix B: record them first.",
        max_length=LONG_TEXT,
    )
    started_on = models.DateField("action plan start date", null=True, blank=True)
    completion_on = models.DateField("estimated completion date", null=True, blank=True)
    next_review_on = models.DateField("next review date", null=True, blank=True)
    commitment = models.PositiveSmallIntegerField(
        "commitment from 1 to 10",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="002 Resource 12: how committed are you, from 1 to 10?",
    )
    commitment_needs = LimitedTextField(
        "what still needs to happen to raise it",
        blank=True,
        help_text="Below 7: what still needs to happen to help increase motivation?",
        max_length=COMMENT,
    )
    comments = LimitedTextField("additional comments", blank=True, max_length=COMMENT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(commitment__isnull=True) | Q(commitment__gte=1) & Q(commitment__lte=10),
                name="commitment_from_1_to_10",
            ),
        ]

    def __str__(self):
        return f"Action plan of {self.mentee.person}"

    def get_absolute_url(self):
        return reverse("relationships:plan", args=[self.mentee_id])


class Goal(models.Model):
    """A short-term goal written to the SMART headings, with optional GROW and OSKAR prompts
    (002 Resources 12 and 16)."""

    CONFIDENTIAL = Confidential(
        content="action plan",
        text=(
            "specific",
            "measurable",
            "achievable",
            "realistic",
            "milestones",
            "success_criteria",
            "grow_goal",
            "grow_reality",
            "grow_options",
            "grow_way_forward",
        ),
        relationship="plan__mentee__relationship",
        author="plan__mentee__person",
        written_at="created_at",
        changed_at="changed_at",
    )

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "Set aside"

    TAGS = {
        "not_started": Tag("Not started"),
        "in_progress": Tag("In progress", "blue"),
        "achieved": Tag("Achieved", "green"),
        "dropped": Tag("Set aside"),
    }

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="goals")
    specific = models.CharField("specific: what exactly", max_length=300)
    measurable = LimitedTextField("measurable: how you will know", blank=True, max_length=LONG_TEXT)
    achievable = LimitedTextField(
        "achievable: why it is within reach", blank=True, max_length=LONG_TEXT
    )
    realistic = LimitedTextField("realistic: why it matters now", blank=True, max_length=LONG_TEXT)
    time_bound = models.DateField("time-bound: by when", null=True, blank=True)
    milestones = LimitedTextField(blank=True, max_length=LONG_TEXT)
    success_criteria = LimitedTextField("success criteria", blank=True, max_length=LONG_TEXT)
    review_on = models.DateField("review date", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.NOT_STARTED)
    grow_goal = LimitedTextField(
        "goal: what do you want to achieve?", blank=True, max_length=LONG_TEXT
    )
    grow_reality = LimitedTextField("reality: where are you now?", blank=True, max_length=LONG_TEXT)
    grow_options = LimitedTextField("options: what could you do?", blank=True, max_length=LONG_TEXT)
    grow_way_forward = LimitedTextField(
        "way forward: what will you do, and when?", blank=True, max_length=LONG_TEXT
    )
    scale_now = models.PositiveSmallIntegerField(
        "where I am now, from 0 to 10",
        null=True,
        blank=True,
        validators=[MaxValueValidator(10)],
    )
    scale_wanted = models.PositiveSmallIntegerField(
        "where I want to be, from 0 to 10",
        null=True,
        blank=True,
        validators=[MaxValueValidator(10)],
    )
    in_pdp = models.BooleanField(
        "goes into the personal development plan",
        default=False,
        help_text="Activity agreed with the line manager and recorded in the personal "
        "development plan: download these goals as a record for it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(
        null=True, blank=True, help_text="When what it says was last changed, if it was."
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(scale_now__isnull=True) | Q(scale_now__lte=10))
                & (Q(scale_wanted__isnull=True) | Q(scale_wanted__lte=10)),
                name="oskar_scale_0_to_10",
            ),
        ]

    def __str__(self):
        return f"Goal {self.pk}"  # never what it says: this shows in the admin site

    @property
    def tag(self):
        return self.TAGS[self.status]
