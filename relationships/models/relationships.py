from itertools import count
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from mentoring.confidential import Confidential
from mentoring.fields import COMMENT, LimitedTextField
from mentoring.people.models import StaffMember
from mentoring.templatetags import when
from programmes.models import Application, Programme

from ..dates import add_months, review_months


class Tag(NamedTuple):
    """A status as people read it: its words and the colour of its tag (a govuk-tag modifier)."""

    words: str
    colour: str = "grey"


# The reasons a relationship may be at risk (MON-1), each kept as a flag of the same name.
REASONS_AT_RISK = [
    "no_meeting",
    "review_overdue",
    "actions_overdue",
    "agreement_unsigned",
    "end_near",
    "concern",
    "line_management",
    "review_not_working",
    "no_in_person_meeting",
]


class RelationshipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The people in it and the programme's coordinators; line managers see nothing."""
        from mentoring.people.permissions import is_coordinator, staff_member_of

        me = staff_member_of(user)
        if me is None:
            return self.none()
        who = Q(members__person=me)
        if is_coordinator(user):
            who |= Q(programme__coordinators=me)
        return self.filter(pk__in=self.filter(who).values("pk"))

    def live(self):
        return self.exclude(status=Relationship.Status.ENDED)


class Relationship(models.Model):
    """A mentor (or two) with one or more mentees in a programme (REL-1). It starts as proposed
    until everyone says after the introductory meeting that they want to go ahead (MATCH-4)."""

    # a team's name; why a review is needed; the model it follows
    NOT_CONFIDENTIAL = ("team_name", "review_needed", "mentoring_model")

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for the introduction"
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    class Ending(models.TextChoices):
        NOT_GOING_AHEAD = "not_going_ahead", "Did not go ahead after the introduction"
        REMATCH = "rematch", "Rematch requested"
        ENDED_EARLY = "ended_early", "Ended early"
        COMPLETED = "completed", "Completed"

    class Reason(models.TextChoices):
        """Reason categories only: no blame and no free text (MATCH-4, MATCH-5)."""

        NOT_RIGHT_FIT = "not_right_fit", "Not the right fit"
        NEEDS_CHANGED = "needs_changed", "Needs or goals changed"
        TIME = "time", "Time or workload"
        PRACTICAL = "practical", "Practical reasons such as place or times"
        LINE_MANAGEMENT = "line_management", "A line-management link between the two"
        LEFT = "left", "Someone left the programme or the organisation"
        GOALS_ACHIEVED = "goals_achieved", "Goals achieved"
        PLANNED_END = "planned_end", "The planned end was reached"
        NOT_WORKING = "not_working", "It was not working"
        CIRCUMSTANCES = "circumstances", "Circumstances changed"
        OTHER = "other", "Another reason"

    class Phase(models.TextChoices):
        """Where an active relationship is in its cycle (002 Resource 17, 001)."""

        RAPPORT = "rapport", "Building rapport"
        DIRECTION = "direction", "Setting direction"
        PROGRESSION = "progression", "Progression"
        WINDING_UP = "winding_up", "Winding up"

    # The categories offered when ending (REL-2); those that count as completing it.
    END_REASONS = [
        Reason.GOALS_ACHIEVED,
        Reason.PLANNED_END,
        Reason.NOT_WORKING,
        Reason.CIRCUMSTANCES,
        Reason.LEFT,
        Reason.OTHER,
    ]
    COMPLETING_REASONS = [Reason.GOALS_ACHIEVED, Reason.PLANNED_END]
    # The categories offered when saying no after the introduction or asking for a rematch.
    EARLY_REASONS = [
        Reason.NOT_RIGHT_FIT,
        Reason.NEEDS_CHANGED,
        Reason.TIME,
        Reason.PRACTICAL,
        Reason.LINE_MANAGEMENT,
        Reason.LEFT,
        Reason.OTHER,
    ]

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="relationships")
    status = models.CharField(max_length=10, choices=Status, default=Status.PROPOSED)
    team_name = models.CharField(
        max_length=200, blank=True, help_text="For the team model: the team being mentored."
    )
    mentoring_model = models.CharField(
        max_length=20,
        choices=Programme.Model,
        blank=True,
        help_text="Another of the programme's models it was formed in; blank for the "
        "programme's own (002).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    phase = models.CharField(max_length=20, choices=Phase, blank=True)
    planned_end_on = models.DateField(
        null=True, blank=True, help_text="From the programme's longest relationship."
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    content_erased_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When what was written was erased, at the end of the retention period.",
    )
    ending = models.CharField(max_length=20, choices=Ending, blank=True)
    end_reason = models.CharField(max_length=20, choices=Reason, blank=True)
    review_needed = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why the coordinator must review it, such as a new line-management link.",
    )
    # At risk (MON-1): the reasons the last check found (relationships/services/risks.py).
    no_meeting = models.BooleanField(
        "no meeting within the agreed cadence", default=False, editable=False
    )
    review_overdue = models.BooleanField(default=False, editable=False)
    actions_overdue = models.BooleanField(default=False, editable=False)
    agreement_unsigned = models.BooleanField(
        "agreement unsigned after two weeks", default=False, editable=False
    )
    end_near = models.BooleanField("planned end within a month", default=False, editable=False)
    concern = models.BooleanField("concern not yet dealt with", default=False, editable=False)
    line_management = models.BooleanField(
        "line-management link to review", default=False, editable=False
    )
    review_not_working = models.BooleanField(
        "the last review says mentoring is not working", default=False, editable=False
    )
    no_in_person_meeting = models.BooleanField(
        "a year without a meeting in person", default=False, editable=False
    )
    reasons_at_risk = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["programme", "status", "phase"], name="relationship_by_status"),
            models.Index(
                F("reasons_at_risk").desc(),
                "created_at",
                "id",
                condition=Q(reasons_at_risk__gt=0),
                name="relationship_at_risk",
            ),
            models.Index(
                fields=["programme", *REASONS_AT_RISK],
                condition=Q(reasons_at_risk__gt=0),
                name="relationship_reasons",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="ended", ended_at__isnull=False, ending__gt="")
                | (~Q(status="ended") & Q(ended_at__isnull=True, ending="")),
                name="ended_relationships_say_how",
            ),
        ]

    def __str__(self):
        return f"{self.people_in_words()} ({self.programme})"

    def get_absolute_url(self):
        return reverse("relationships:detail", args=[self.pk])

    # Each status in words, declared once: a relationship that has ended says how.
    TAGS = {
        "proposed": Tag(Status.PROPOSED.label, "blue"),
        "active": Tag(Status.ACTIVE.label, "green"),
        "ended": Tag("Ended"),
        "not_going_ahead": Tag("Did not go ahead"),
        "rematch": Tag("Ended for a rematch"),
        "ended_early": Tag("Ended early"),
        "completed": Tag("Completed"),
    }

    @property
    def tag(self):
        return self.TAGS[
            self.ending if self.status == self.Status.ENDED and self.ending else self.status
        ]

    def review_dates(self):
        """When reviews fall due: every interval from the start, up to the planned end."""
        if self.started_at is None:
            return []
        start = timezone.localdate(self.started_at)
        months = review_months(self.programme)
        last = self.planned_end_on or add_months(timezone.localdate(), months)
        dates = []
        for k in count(1):
            due = add_months(start, months * k)
            if due > last:
                return dates
            dates.append(due)

    def next_review_on(self, today, answered=()):
        """The one date every page gives for the next review: the first not yet answered
        (which may be overdue), while the relationship is active."""
        if self.status != self.Status.ACTIVE:
            return None
        return next((d for d in self.review_dates() if d not in answered), None)

    def people_in_words(self):
        mentors = [m.person.full_name for m in self.members.all() if m.role == Member.Role.MENTOR]
        mentees = [m.person.full_name for m in self.members.all() if m.role == Member.Role.MENTEE]
        if self.team_name:
            mentees = [self.team_name]
        return f"{' and '.join(mentors)} with {', '.join(mentees)}"

    @property
    def model(self):
        """The model it follows: its own where formed in another, else the programme's."""
        return self.mentoring_model or self.programme.mentoring_model

    @property
    def model_display(self):
        return Programme.Model(self.model).label

    @property
    def is_live(self):
        return self.status != self.Status.ENDED


class Member(models.Model):
    """One person's place in a relationship, through their accepted application."""

    CONFIDENTIAL = Confidential(
        content="closing checklist",
        text=("learned", "next_steps"),
        relationship="relationship",
        author="person",
        written_at="relationship__ended_at",  # written once it has ended
    )

    class Role(models.TextChoices):
        MENTOR = "mentor", "Mentor"
        MENTEE = "mentee", "Mentee"

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="members")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="memberships"
    )
    person = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role)
    goes_ahead = models.BooleanField(
        null=True, help_text="What they said after the introductory meeting (MATCH-4)."
    )
    is_live = models.BooleanField(default=True)
    learned = LimitedTextField("what I learned", blank=True, max_length=COMMENT)
    next_steps = LimitedTextField("my next steps", blank=True, max_length=COMMENT)
    wants_rematch = models.BooleanField(
        default=False, help_text="A mentee who ended it would like another mentor."
    )
    left_reason = models.CharField(
        max_length=20,
        choices=Relationship.Reason,
        blank=True,
        help_text="When one mentee leaves a group that carries on: a category only.",
    )
    left_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When they left a group that carries on: they read only what was written before.",
    )
    messages_read_up_to = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The last message of the conversation they have read."
    )

    class Meta:
        ordering = ["role", "person__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "person"], name="one_place_each"),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(is_live=True, role="mentee"),
                name="mentee_in_one_live_relationship",
                violation_error_message="This mentee already has a mentor in this programme.",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.role_words})"

    @property
    def role_words(self):
        """The part they play, as pages name it: in reciprocal mentoring each person is both
        mentor and mentee (004 "Roles")."""
        if self.relationship.model == "reciprocal":
            return "mentor and mentee"
        return self.get_role_display().lower()


class MentorRequestQuerySet(models.QuerySet):
    def pending(self, now):
        return self.filter(status=MentorRequest.Status.PENDING, expires_at__gt=now)


class MentorRequest(models.Model):
    """A mentee asks a mentor from the directory (MATCH-1). Up to three at once; the first
    mentor to accept becomes theirs and the others are withdrawn."""

    # Read by the mentee and the mentor asked; erased with the relationship it led to, or
    # after the programme's retention period from when it lapsed.
    CONFIDENTIAL = Confidential(
        content="mentor request",
        text=("message", "reply"),
        relationship="relationship",
        author="mentee_application__applicant",
        written_at="created_at",
        programme="mentee_application__programme",
        dated="expires_at",
    )

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the mentor"
        # Accepted by the mentor; the programme asks the mentee's line manager first (000 §3.2).
        MANAGER = "manager", "Waiting for your line manager"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        EXPIRED = "expired", "Lapsed without an answer"
        WITHDRAWN = "withdrawn", "Withdrawn"

    MOST_AT_ONCE = 3
    OPEN = [Status.PENDING, Status.MANAGER]  # not settled yet

    mentee_application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="requests_made"
    )
    mentor_application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="requests_received"
    )
    message = LimitedTextField(
        "a note to the mentor",
        blank=True,
        help_text="Why you would like them as your mentor.",
        max_length=COMMENT,
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    reply = LimitedTextField("a note to the mentee", blank=True, max_length=COMMENT)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    relationship = models.ForeignKey(
        Relationship, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MentorRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee_application", "mentor_application"],
                condition=Q(status="pending"),
                name="one_pending_request_per_mentor",
                violation_error_message="You have already asked this mentor.",
            ),
        ]

    def __str__(self):
        return f"{self.mentee_application.applicant} asks {self.mentor_application.applicant}"


class Weights(models.Model):
    """How much each factor counts in a programme's compatibility scores (MATCH-2)."""

    FACTORS = {
        "areas": "Areas wanted and offered",
        "department": "Department preference",
        "location": "Location preference",
        "methods": "Ways of meeting",
        "times": "Times free",
        "grade": "Grade, the right way round for the model",
    }
    DEFAULTS = {"areas": 5, "department": 1, "location": 1, "methods": 2, "times": 1, "grade": 2}
    TICK_FROM = 60

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="weights")
    areas = models.PositiveSmallIntegerField(default=5, validators=[MaxValueValidator(10)])
    department = models.PositiveSmallIntegerField(default=1, validators=[MaxValueValidator(10)])
    location = models.PositiveSmallIntegerField(default=1, validators=[MaxValueValidator(10)])
    methods = models.PositiveSmallIntegerField(default=2, validators=[MaxValueValidator(10)])
    times = models.PositiveSmallIntegerField(default=1, validators=[MaxValueValidator(10)])
    grade = models.PositiveSmallIntegerField(default=2, validators=[MaxValueValidator(10)])
    tick_from = models.PositiveSmallIntegerField(
        "tick proposals scoring at least",
        default=TICK_FROM,
        validators=[MaxValueValidator(100)],
        help_text="Proposals scoring less are shown but not ticked for approval. 0 to 100.",
    )

    class Meta:
        verbose_name_plural = "weights"
        constraints = [
            models.CheckConstraint(
                condition=Q(areas__gt=0)
                | Q(department__gt=0)
                | Q(location__gt=0)
                | Q(methods__gt=0)
                | Q(times__gt=0)
                | Q(grade__gt=0),
                name="some_factor_counts",
            ),
            models.CheckConstraint(condition=Q(tick_from__lte=100), name="tick_from_at_most_100"),
        ]

    def __str__(self):
        return f"Weights for {self.programme}"

    def as_dict(self):
        return {name: getattr(self, name) for name in self.FACTORS}


class MatchRun(models.Model):
    """One "propose matches" for a programme, worked out in the background (MATCH-2)."""

    NOT_CONFIDENTIAL = ("step", "summary")  # counts and progress, never what anyone wrote

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Working"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="match_runs")
    started_by = models.ForeignKey(
        StaffMember, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    step = models.CharField(max_length=100, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Matching for {self.programme} ({self.get_status_display()})"

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


class Proposal(models.Model):
    """A pairing the coordinator has still to approve (MATCH-2)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="proposals")
    mentee_application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="proposal"
    )
    mentor_application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="proposals_as_mentor"
    )
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    is_pinned = models.BooleanField(
        "pinned", default=False, help_text="Kept as it is when the rest is worked out again."
    )

    class Meta:
        ordering = ["-score", "pk"]

    def __str__(self):
        return f"{self.mentor_application.applicant} with {self.mentee_application.applicant}"


def online_link_valid(link):
    """Only a web address that opens in a browser over https: no http:, no javascript:."""
    try:
        URLValidator(schemes=["https"])(link)
    except ValidationError:
        raise ValidationError(
            "Enter the full link, starting with https://, as the meeting's invitation gives it."
        ) from None


class Meeting(models.Model):
    """A meeting the people in a relationship arrange (MEET-1); in a group, possibly a
    one-to-one session outside it, just with one mentee (002 group model)."""

    CONFIDENTIAL = Confidential(
        content="meeting log",
        text=("place", "online_link"),
        relationship="relationship",
        written_at="starts_at",  # as the calendar file and the relationship page count it
        session="self",
    )
    # 002: "mentors offer one-to-one sessions out with the group setting if requested".
    SESSION_MODELS = ("group", "two_by_two", "team")

    class Method(models.TextChoices):
        FACE_TO_FACE = "face_to_face", "Face to face"
        TELEPHONE = "telephone", "Telephone"
        VIDEO = "video", "Video call"
        MESSENGER = "messenger", "Messenger"
        EMAIL = "email", "Email"
        OTHER = "other", "Other"

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="meetings"
    )
    starts_at = models.DateTimeField("date and time")
    minutes = models.PositiveSmallIntegerField(
        "planned length (minutes)", validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    method = models.CharField(max_length=20, choices=Method)
    place = models.CharField(max_length=300, blank=True)
    online_link = models.CharField(
        "online meeting link",
        max_length=500,
        blank=True,
        validators=[online_link_valid],
        help_text="A Teams, Zoom or other link for joining online (starting with https://)",
    )
    arranged_by = models.ForeignKey(
        StaffMember, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )
    sequence = models.PositiveIntegerField(default=0, help_text="Calendar revision number.")
    # Deleted with the member rather than left to the whole group.
    with_member = models.ForeignKey(
        Member,
        verbose_name="just with",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sessions_outside",
        help_text="A one-to-one session outside the group: only its mentors and this mentee "
        "see it.",
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [  # the dashboard's "no meeting within the cadence"
            models.Index(
                fields=["starts_at", "relationship"],
                condition=Q(cancelled_at__isnull=True),
                name="meeting_held_when",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=5) & Q(minutes__lte=480), name="meeting_length_sensible"
            ),
        ]

    def __str__(self):
        return f"{self.get_method_display()} on {when(self.starts_at)}"

    def clean(self):
        if self.with_member_id is None or self.relationship_id is None:
            return
        if self.relationship.model not in self.SESSION_MODELS:
            raise ValidationError(
                {"with_member": "Only a group or a team has sessions outside the group."}
            )
        member = self.with_member
        if not (
            member.relationship_id == self.relationship_id
            and member.role == Member.Role.MENTEE
            and member.is_live
        ):
            raise ValidationError({"with_member": "Choose a mentee who is in this group now."})

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    @property
    def ends_at(self):
        from datetime import timedelta

        return self.starts_at + timedelta(minutes=self.minutes)
