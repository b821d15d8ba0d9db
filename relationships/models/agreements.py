from django.conf import settings
from django.db import IntegrityError, models
from django.db.models import Q
from django.urls import reverse

from mentoring.confidential import Confidential
from mentoring.fields import LONG_TEXT, LimitedTextField
from mentoring.people.models import StaffMember

from .relationships import Relationship

SIGNED = "This version has been signed: change the agreement by making a new version."


class Agreement(models.Model):
    """One version of a relationship's mentoring agreement (AGR-1): the clauses of 001
    Appendix A, 002 Resource 5 and 004 Annex A. Once everyone has signed it is locked; a
    change makes the next version, which everyone signs again."""

    # What the pair write; the rest of a version (who, when, signatures) is the service's.
    CLAUSES = [
        "length_months",
        "meet_every",
        "meeting_minutes_min",
        "meeting_minutes_max",
        "contact_between",
        "aims",
        "expectations",
        "mentor_role",
        "mentee_role",
        "confidentiality",
        "feedback",
        "ground_rules",
        "documentation",
        "breakdown",
        "next_steps",
        "review_on",
    ]
    COUNTED = (  # what the reports and reminders count on: hidden, never erased
        "length_months",
        "meet_every",
        "meeting_minutes_min",
        "meeting_minutes_max",
        "review_on",
    )
    CONFIDENTIAL = Confidential(
        content="agreement",
        text=tuple(sorted(set(CLAUSES) - set(COUNTED), key=CLAUSES.index)),
        kept=COUNTED,
        relationship="relationship",
        written_at="created_at",
        changed_at="changed_at",
    )

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="agreements"
    )
    version = models.PositiveSmallIntegerField()
    length_months = models.PositiveSmallIntegerField(
        "the relationship will last (months)", null=True, blank=True
    )
    meet_every = models.CharField(
        "we will meet at least once every", max_length=100, blank=True, help_text="Say month."
    )
    meeting_minutes_min = models.PositiveSmallIntegerField(
        "each meeting lasts at least (minutes)", null=True, blank=True
    )
    meeting_minutes_max = models.PositiveSmallIntegerField(
        "and at most (minutes)", null=True, blank=True
    )
    contact_between = LimitedTextField("contact between meetings", blank=True, max_length=LONG_TEXT)
    aims = models.JSONField(
        "the aims of the partnership", default=list, help_text="At least three."
    )
    expectations = LimitedTextField(
        "expectations of each other",
        blank=True,
        help_text="004 Annex A, Section 1.",
        max_length=LONG_TEXT,
    )
    mentor_role = LimitedTextField("the mentor's role is to", max_length=LONG_TEXT)
    mentee_role = LimitedTextField("the mentee's role is to", max_length=LONG_TEXT)
    confidentiality = LimitedTextField("confidentiality and its limits", max_length=LONG_TEXT)
    feedback = LimitedTextField(max_length=LONG_TEXT)
    ground_rules = LimitedTextField(
        "ground rules and ways of working",
        blank=True,
        help_text="004 Annex A, Section 3.",
        max_length=LONG_TEXT,
    )
    documentation = LimitedTextField("documentation to the coordinator", max_length=LONG_TEXT)
    breakdown = LimitedTextField("if the relationship breaks down", max_length=LONG_TEXT)
    next_steps = LimitedTextField(
        "next steps",
        blank=True,
        help_text="004 Annex A, Section 4.",
        max_length=LONG_TEXT,
    )
    review_on = models.DateField("date for review", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(
        null=True, blank=True, help_text="When this version was last changed as it stood."
    )
    created_by = models.ForeignKey(
        StaffMember, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    locked_at = models.DateTimeField(
        null=True, blank=True, help_text="When the last person signed: no change after this."
    )

    class Meta:
        ordering = ["relationship", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "version"], name="one_agreement_per_version"
            ),
            models.CheckConstraint(
                condition=Q(meeting_minutes_min__isnull=True)
                | Q(meeting_minutes_max__isnull=True)
                | Q(meeting_minutes_min__lte=models.F("meeting_minutes_max")),
                name="agreement_meeting_length_in_order",
            ),
        ]

    def __str__(self):
        return f"Mentoring agreement, version {self.version}"

    def save(self, *args, **kwargs):
        # What someone signed stays as they signed it, whatever the path: form, admin or shell.
        signed = Q(locked_at__isnull=False) | Q(signatures__isnull=False)
        if not self._state.adding and Agreement.objects.filter(signed, pk=self.pk).exists():
            raise IntegrityError(SIGNED)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("relationships:agreement", args=[self.relationship_id, self.version])

    @property
    def is_locked(self):
        return self.locked_at is not None


class Signature(models.Model):
    """A participant typed their name to sign a version: who, when and who was signed in."""

    NOT_CONFIDENTIAL = ("typed_name",)  # the signer's own name

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    person = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    typed_name = models.CharField("your full name", max_length=200)
    signed_at = models.DateTimeField(auto_now_add=True)
    signed_in_as = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "person"],
                name="one_signature_per_person_per_version",
                violation_error_message="You have already signed this version.",
            ),
        ]

    def __str__(self):
        return f"Signed by {self.typed_name} on {self.signed_at:%d %B %Y}"
