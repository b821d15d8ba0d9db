"""Questionnaires built by coordinators, and people's answers to them (EVAL-1, EVAL-2)."""

import uuid

from django.db import models
from django.db.models import Q

from mentoring.confidential import Confidential
from mentoring.fields import COMMENT, LONG_TEXT, LimitedTextField
from mentoring.people.models import StaffMember
from programmes.models import Programme
from relationships.models import Relationship


class Questionnaire(models.Model):
    """One version of a programme's questionnaire. Editing one that has answers makes the
    next version in the same lineage; the answered version stays as it was."""

    NOT_CONFIDENTIAL = ("title", "introduction", "shipped_from")

    class Use(models.TextChoices):
        END = "end", "Sent to each person when their relationship ends"
        SURVEY = "survey", "A programme survey the coordinator sends to everyone taking part"

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="questionnaires"
    )
    title = models.CharField(max_length=200)
    introduction = LimitedTextField(blank=True, max_length=LONG_TEXT)
    use = models.CharField(max_length=10, choices=Use)
    both_confirm = models.BooleanField(
        "both parties confirm the form",
        default=False,
        help_text="Each completes their section, reads the other's and confirms the form "
        "when they agree its content (000).",
    )
    shipped_from = models.CharField(
        max_length=40, blank=True, help_text="The shipped template it was copied from."
    )
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    retired_at = models.DateTimeField(
        null=True, blank=True, help_text="No longer sent; answers already given are kept."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["lineage", "version"], name="one_number_per_version"),
            models.UniqueConstraint(
                fields=["lineage"], condition=Q(is_current=True), name="one_current_version"
            ),
        ]

    def __str__(self):
        return f"{self.title} (version {self.version})"


class Section(models.Model):
    """Part of a questionnaire addressed to the mentor, the mentee, both (000 Sections A
    and B) or line managers (000 §10.2)."""

    NOT_CONFIDENTIAL = ("title",)

    class AddressedTo(models.TextChoices):
        MENTOR = "mentor", "The mentor"
        MENTEE = "mentee", "The mentee"
        BOTH = "both", "Mentors and mentees"
        MANAGER = (
            "manager",
            (
                "Line managers: of everyone taking part in a survey, of the mentee when a "
                "relationship ends"
            ),
        )

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(max_length=200)
    addressed_to = models.CharField(max_length=10, choices=AddressedTo, default=AddressedTo.BOTH)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["questionnaire", "order", "pk"]

    def __str__(self):
        return self.title

    def is_for(self, role):
        """Mentors and mentees answer their own sections and those for both; line managers
        only theirs. `role` "both" is someone in reciprocal mentoring, asked every section
        for mentors and mentees (004)."""
        manager = self.AddressedTo.MANAGER
        if manager in (role, self.addressed_to):
            return role == self.addressed_to
        return role == self.AddressedTo.BOTH or self.addressed_to in (self.AddressedTo.BOTH, role)


# Who answers a copy: a mentor, a mentee, both (reciprocal mentoring, 004), or a line manager
# of someone taking part (000 §10.2).
RESPONDENT_ROLES = [
    *Section.AddressedTo.choices[:2],
    (Section.AddressedTo.BOTH.value, "Mentor and mentee"),
    (Section.AddressedTo.MANAGER.value, "A line manager"),
]


class Question(models.Model):
    NOT_CONFIDENTIAL = ("text", "help_text", "choices", "source")  # the questions, not answers

    class Kind(models.TextChoices):
        RATING = "rating", "Rating scale"
        YES_NO = "yes_no", "Yes or no"
        SINGLE = "single", "Choose one"
        MULTIPLE = "multiple", "Choose any"
        TEXT = "text", "Written answer"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    text = LimitedTextField("question", max_length=COMMENT)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=Kind)
    required = models.BooleanField(default=True)
    choices = models.JSONField(
        default=list,
        blank=True,
        help_text="The options to choose from; for a rating scale, the label of each point "
        "from lowest to highest.",
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="Where a shipped question comes from in the policy."
    )

    class Meta:
        ordering = ["section", "order", "pk"]

    def __str__(self):
        return self.text[:80]


class Survey(models.Model):
    """A programme survey sent to everyone taking part (EVAL-2; 004 annual evaluation)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="surveys")
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="surveys"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    due_on = models.DateField()

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"{self.questionnaire.title}, sent {self.sent_at:%d %B %Y}"


class Response(models.Model):
    """One person's copy of a questionnaire: sent, answered, and where the form asks for it
    confirmed. It belongs to an ended relationship or to a programme survey."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="responses"
    )
    person = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(
        max_length=10,
        choices=RESPONDENT_ROLES,
        help_text="Mentor and mentee: in reciprocal mentoring, asked about both roles.",
    )
    relationship = models.ForeignKey(
        Relationship, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    survey = models.ForeignKey(
        Survey, null=True, blank=True, on_delete=models.CASCADE, related_name="responses"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When they confirmed the whole form (000)."
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(relationship__isnull=True) ^ Q(survey__isnull=True),
                name="response_for_a_relationship_or_a_survey",
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "relationship", "person"],
                condition=Q(relationship__isnull=False),
                name="one_end_evaluation_each",
            ),
            models.UniqueConstraint(
                fields=["survey", "person"],
                condition=Q(survey__isnull=False),
                name="one_survey_response_each",
            ),
        ]

    def __str__(self):
        return f"{self.questionnaire.title}: {self.person}"


class Answer(models.Model):
    """The answer to one question. A rating or yes/no is a number (yes is 1), a choice is its
    label (one row per option ticked), a written answer is text."""

    # Written answers; ratings and choices are kept for the reports. Survey answers are erased
    # once the programme's retention period has passed since the survey was due.
    CONFIDENTIAL = Confidential(
        content="evaluation answer",
        text=("text",),
        kept=("choice",),
        relationship="response__relationship",
        author="response__person",
        written_at="response__submitted_at",
        programme="response__survey__programme",
        dated="response__survey__due_on",
    )

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=200, blank=True)
    text = LimitedTextField(blank=True, max_length=COMMENT)

    class Meta:
        ordering = ["response", "question", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "choice"], name="one_answer_per_choice"
            ),
        ]

    def __str__(self):
        return f"Answer to question {self.question_id}"
