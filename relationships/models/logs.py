from django.db import models
from django.db.models import Q
from django.urls import reverse

from mentoring.confidential import Confidential
from mentoring.fields import COMMENT, LONG_TEXT, LimitedTextField
from mentoring.people.models import StaffMember

from .relationships import Meeting, Relationship, Tag


class MeetingLog(models.Model):
    """The record of a meeting that happened, in the headings of 002 Resource 13 and 001's
    template. The other party confirms it as an accurate record or suggests a correction
    (001 Appendix C)."""

    CONFIDENTIAL = Confidential(
        content="meeting log",
        text=(
            "achieved",
            "challenges",
            "topics",
            "steps_agreed",
            "resources_needed",
            "correction",
        ),
        kept=("next_meeting_on",),
        relationship="meeting__relationship",
        author="written_by",
        written_at="written_at",
        changed_at="updated_at",
        says_erased=("correction",),  # a log with a correction suggested says so (a constraint)
        session="meeting",
    )

    class Status(models.TextChoices):
        AWAITING = "awaiting", "Waiting to be confirmed"
        CONFIRMED = "confirmed", "Confirmed as an accurate record"
        CORRECTION = "correction", "A correction was suggested"

    # Each status in words, declared once, from the reader's side: (the writer's words, the
    # words for whoever answers or must answer, everyone else's words, colour).
    TAGS = {
        "awaiting": (
            "Waiting for {others} to confirm",
            "Waiting for you to confirm",
            "Waiting to be confirmed",
            "blue",
        ),
        "confirmed": ("Confirmed", "Confirmed", "Confirmed", "green"),
        "correction": (
            "{answerer} suggested a correction",
            "You suggested a correction",
            "Correction suggested",
            "orange",
        ),
    }

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="log")
    minutes = models.PositiveSmallIntegerField("length of the meeting (minutes)")
    achieved = LimitedTextField(
        "actions and objectives achieved since the last meeting", max_length=LONG_TEXT
    )
    challenges = LimitedTextField(
        "challenges, solutions and outstanding objectives", blank=True, max_length=LONG_TEXT
    )
    topics = LimitedTextField("topics for this meeting", max_length=LONG_TEXT)
    steps_agreed = LimitedTextField(
        "steps for achieving the objectives set at this meeting",
        blank=True,
        help_text="For example resources required, where they are, whose responsibility.",
        max_length=LONG_TEXT,
    )
    resources_needed = LimitedTextField(
        "resources required for the next meeting's objectives", blank=True, max_length=LONG_TEXT
    )
    next_meeting_on = models.DateField("date of the next meeting", null=True, blank=True)
    written_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.AWAITING)
    answered_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    correction = LimitedTextField("the correction suggested", blank=True, max_length=COMMENT)

    class Meta:
        ordering = ["meeting__starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=5) & Q(minutes__lte=600), name="log_length_sensible"
            ),
            models.CheckConstraint(
                condition=~Q(status="correction") | ~Q(correction=""),
                name="a_correction_says_what",
            ),
        ]

    def __str__(self):
        return f"Log of the meeting on {self.meeting.starts_at:%d %B %Y}"

    def get_absolute_url(self):
        return reverse("relationships:log", args=[self.meeting_id])

    def tag_for(self, person, members):
        """The status as `person` reads it; `members` are the relationship's live members."""
        writer, answerer, anyone, colour = self.TAGS[self.status]
        if person is None or person.pk not in {m.person_id for m in members}:
            return Tag(anyone, colour)
        if person.pk == self.written_by_id:
            others = [m.person.full_name for m in members if m.person_id != person.pk]
            named = " and ".join(others) if 0 < len(others) < 3 else "the others"
            answered_by = getattr(self.answered_by, "full_name", "") or "Someone"
            return Tag(writer.format(others=named, answerer=answered_by), colour)
        if self.status == self.Status.CORRECTION and person.pk != self.answered_by_id:
            return Tag(anyone, colour)
        return Tag(answerer, colour)


class ActionItem(models.Model):
    """Something someone will do, with an owner and a date: agreed at a meeting (MEET-2) or
    planned under a goal (PLAN-1)."""

    CONFIDENTIAL = Confidential(
        content=lambda action: "action plan" if action.goal_id else "meeting log",
        text=("description",),
        relationship="relationship",
        written_at="created_at",
        changed_at="changed_at",
        session="meeting_log__meeting",
    )

    class Status(models.TextChoices):
        TO_DO = "to_do", "To do"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "No longer needed"

    OPEN = [Status.TO_DO, Status.IN_PROGRESS]
    TAGS = {
        "to_do": Tag("To do"),
        "in_progress": Tag("In progress", "blue"),
        "done": Tag("Done", "green"),
        "dropped": Tag("No longer needed"),
    }

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="actions")
    meeting_log = models.ForeignKey(
        MeetingLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    goal = models.ForeignKey(
        "Goal", null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.CharField("action", max_length=500)
    owner = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("due by", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.TO_DO)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(
        null=True, blank=True, help_text="When what it says was last changed, if it was."
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(
                fields=["due_on", "relationship"],
                condition=Q(status__in=["to_do", "in_progress"]),
                name="action_open_due",
            )
        ]

    def __str__(self):
        return f"Action {self.pk}"  # never what it says: this shows in the admin site

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def tag(self):
        return self.TAGS[self.status]


class PrivateNote(models.Model):
    """A person's own notes on a meeting: nobody else ever reads them, not even the
    coordinator or the site's administrators."""

    CONFIDENTIAL = Confidential(
        content="private note",
        text=("text",),
        relationship="meeting__relationship",
        author="author",
        written_at="updated_at",
        erase="delete",
    )

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="private_notes")
    author = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    text = LimitedTextField("my private notes", max_length=LONG_TEXT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "author"], name="one_private_note_each"),
        ]

    def __str__(self):
        return "Private note"
