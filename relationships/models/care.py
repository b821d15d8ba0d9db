"""Looking after a relationship: reviews (REV-1), concerns (REL-4) and what the pair chooses
to share with the mentee's line manager (REL-3)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentoring.confidential import Confidential
from mentoring.fields import COMMENT, LimitedTextField
from mentoring.people.models import StaffMember

from .relationships import Relationship


class Review(models.Model):
    """A review that falls due at the programme's interval (REV-1; 003 §4.5)."""

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "due_on"], name="one_review_per_date")
        ]

    def __str__(self):
        return f"Review due {self.due_on:%d %B %Y}"


class ReviewAnswer(models.Model):
    """One participant's answers to a review."""

    CONFIDENTIAL = Confidential(
        content="review",
        text=("plan_progress", "practical_issues", "agreement_fits"),
        kept=("helping",),  # the reports count it
        relationship="review__relationship",
        author="person",
        written_at="answered_at",
    )

    class Helping(models.TextChoices):
        YES = "yes", "Yes, it is helping"
        PARTLY = "partly", "Partly"
        NOT_WORKING = "not_working", "No, it is not working"

    class AgreementFits(models.TextChoices):
        YES = "yes", "Yes, it is still relevant"
        CHANGE = "change", "It needs changing"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    helping = models.CharField("is mentoring helping?", max_length=20, choices=Helping)
    plan_progress = LimitedTextField("progress against the action plan", max_length=COMMENT)
    practical_issues = LimitedTextField(
        "practical issues",
        blank=True,
        help_text="Regularity and length of meetings, or anything else to sort out.",
        max_length=COMMENT,
    )
    agreement_fits = models.CharField(
        "is your mentoring agreement still relevant?",
        max_length=10,
        choices=AgreementFits.choices,
        blank=True,
        help_text="Asked where there is an agreement (004 Annex A: reviewed six-monthly).",
    )
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "person"], name="one_answer_per_review")
        ]

    def __str__(self):
        return f"Review answer {self.pk}"  # never the answer: this shows in the admin site


class Concern(models.Model):
    """A participant alerts the coordinator in confidence (REL-4; 003 §3.5 limits). The other
    participants never see it."""

    CONFIDENTIAL = Confidential(
        content="concern",
        text=("text",),
        relationship="relationship",
        author="raised_by",
        written_at="raised_at",
    )

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="concerns"
    )
    raised_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    text = LimitedTextField("what concerns you", max_length=COMMENT)
    raised_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [
            models.Index(
                fields=["relationship"], condition=Q(handled_at__isnull=True), name="concern_open"
            )
        ]

    def __str__(self):
        return f"Concern raised on {self.raised_at:%d %B %Y}"


class SharedSummary(models.Model):
    """What the mentee and mentor write together for the mentee's line manager (REL-3). The
    manager sees it only once the mentee has asked and the mentor has agreed; any change
    needs the mentor's agreement again."""

    CONFIDENTIAL = Confidential(
        content="shared summary",
        text=("text",),
        relationship="relationship",
        author="updated_by",
        written_at="written_at",  # asking, agreeing and withdrawing change nothing it says
        changed_at="updated_at",
    )

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ASKED = "asked", "The mentee asked to share it"
        SHARED = "shared", "Shared with the line manager"
        WITHDRAWN = "withdrawn", "No longer shared"

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="summaries"
    )
    mentee = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    text = LimitedTextField("summary for the line manager", max_length=COMMENT)
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    written_at = models.DateTimeField(
        default=timezone.now, help_text="When its words were last written."
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        StaffMember, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_with = models.ForeignKey(
        StaffMember,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The line manager it was shared with: consent names a person, so a later "
        "manager reads it only once the pair share it again.",
    )

    class Meta:
        verbose_name_plural = "shared summaries"
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "mentee"], name="one_summary_per_mentee"
            )
        ]

    def __str__(self):
        return f"Summary for {self.mentee}'s line manager"


CHECK_IN_LENGTH = 280  # it goes out as the notification's own words, which hold 300


class CheckIn(models.Model):
    """A coordinator asks the pair how their mentoring is going, in words that carry no
    mentoring content; each person in it is told once."""

    NOT_CONFIDENTIAL = ("message",)  # the coordinator's own words to the pair, sent to them

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="check_ins"
    )
    sent_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    message = LimitedTextField(max_length=CHECK_IN_LENGTH)
    sent_to = models.ManyToManyField(StaffMember, related_name="+")

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"Check-in sent on {self.sent_at:%d %B %Y}"


class CoordinatorNote(models.Model):
    """What a coordinator notes about a relationship for the programme's other coordinators:
    never for the pair, their line managers or sponsors."""

    CONFIDENTIAL = Confidential(
        content="coordinator note",
        text=("text",),
        relationship="relationship",
        author="written_by",
        written_at="written_at",
    )

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="coordinator_notes"
    )
    written_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    text = LimitedTextField("note", max_length=COMMENT)

    class Meta:
        ordering = ["-written_at", "-pk"]

    def __str__(self):
        return f"Coordinator note of {self.written_at:%d %B %Y}"  # never the note itself


class SetAside(models.Model):
    """One reason a relationship is at risk set aside by a coordinator until a date: the
    flag for it stops showing until then, and comes back on that day if it still applies."""

    CONFIDENTIAL = Confidential(
        content="coordinator note",
        text=("why",),
        relationship="relationship",
        author="set_by",
        written_at="set_at",
    )

    class Reason(models.TextChoices):
        NO_MEETING = "no_meeting", "No meeting within the agreed cadence"
        REVIEW_OVERDUE = "review_overdue", "Review overdue"
        ACTIONS_OVERDUE = "actions_overdue", "Actions overdue"
        AGREEMENT_UNSIGNED = "agreement_unsigned", "Agreement unsigned after two weeks"
        END_NEAR = "end_near", "Planned end within a month"
        REVIEW_NOT_WORKING = "review_not_working", "The last review says it is not working"
        NO_IN_PERSON_MEETING = "no_in_person_meeting", "A year without a meeting in person"

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="set_asides"
    )
    reason = models.CharField(max_length=30, choices=Reason)
    until = models.DateField()
    why = LimitedTextField("why", max_length=COMMENT)
    set_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-set_at", "-pk"]
        indexes = [models.Index(fields=["reason", "until"], name="set_aside_by_reason")]

    def __str__(self):
        return f"{self.get_reason_display()} set aside until {self.until:%d %B %Y}"
