from django.db import models
from django.db.models import F, Q

from mentoring.confidential import Confidential
from mentoring.fields import COMMENT, LONG_TEXT, LimitedTextField
from mentoring.people.models import StaffMember

from .programme import Programme


class Area(models.Model):
    """An area of development, from the vocabulary coordinators keep, so that mentees' needs
    and mentors' offers can be compared like with like."""

    NOT_CONFIDENTIAL = ("name",)

    name = models.CharField(max_length=100, unique=True)
    is_active = models.BooleanField(default=True, help_text="Retired areas stay on old records.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Need(models.TextChoices):
    """Why people ask for a mentor: 003 §3.1's list, word for word in meaning."""

    CAREER_PROGRESSION = "career_progression", "Promotion and career progression"
    ADVICE = "advice", "Advice and guidance"
    LEADERSHIP = "leadership", "Leadership development"
    STUDY = "study", "Academic study and study skills"
    SECTOR = "sector", "Sector or job-specific areas and experience"
    MANAGEMENT = "management", "Management or role challenges"
    DIVERSITY = "diversity", "Diversity and inclusion"
    RETURN_TO_WORK = "return_to_work", "Return to work after a transfer, break, absence or leave"
    CAREER_TRANSITION = "career_transition", "Career transition"
    LIVED_EXPERIENCE = "lived_experience", "Lived experience"
    CONFIDENCE = "confidence", "Building confidence at work"


class MeetingMethod(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    TELEPHONE = "telephone", "Telephone"
    VIDEO = "video", "Video call"
    MESSENGER = "messenger", "Messenger"
    EMAIL = "email", "Email"


class AvailableTime(models.TextChoices):
    MORNINGS = "mornings", "Mornings"
    LUNCHTIMES = "lunchtimes", "Lunchtimes"
    AFTERNOONS = "afternoons", "Afternoons"
    AFTER_WORK = "after_work", "After work"


class Preference(models.TextChoices):
    ANY = "any", "No preference"
    SAME = "same", "The same"
    DIFFERENT = "different", "A different one"


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The applicant, the line manager asked to approve, and the programme's coordinators
        (APP-3, APP-4); anyone else sees nothing."""
        from mentoring.people.permissions import is_coordinator, staff_member_of

        me = staff_member_of(user)
        if me is None:
            return self.none()
        who = Q(applicant=me) | Q(manager=me)
        if is_coordinator(user):
            who |= Q(programme__coordinators=me)
        return self.filter(who).distinct()

    def open(self):
        return self.exclude(status__in=Application.CLOSED_STATUSES)

    def known_to_line_manager(self):
        """What a line manager may know of their reports' applications: not one the applicant
        asked the coordinator to review in confidence, since the manager sees only their own
        decision, never what happened next (APP-3)."""
        return self.exclude(confidential_review=True)

    def for_scoring(self):
        return self.select_related(
            "applicant__grade", "applicant__department", "applicant__location"
        )

    def with_areas(self):
        """For pages that name the areas; scoring a whole programme reads only their ids."""
        return self.prefetch_related("areas_wanted", "areas_offered")

    def with_people(self):
        return self.select_related(
            "programme",
            "applicant__department",
            "applicant__location",
            "applicant__grade",
            "manager",
        )


class Application(models.Model):
    """Someone's application to take part in a programme as a mentee (APP-1) or a mentor
    (APP-2), and its way through approval and decision (APP-3, APP-4)."""

    # Read in full by the programme's coordinators; kept, not erased (participation history).
    CONFIDENTIAL = Confidential(
        content="application",
        text=(
            "needs_other",
            "aims",
            "availability",
            "skills_experience",
            "qualifications",
            "manager_reason",
            "confidential_note",
            "decline_reason",
        ),
        author="applicant",
        written_at="created_at",
        erase=None,
    )
    # Choices from lists, and the biography every mentee reads in the mentor directory.
    NOT_CONFIDENTIAL = ("needs", "meeting_methods", "available_times", "biography")

    class Role(models.TextChoices):
        MENTEE = "mentee", "Mentee"
        MENTOR = "mentor", "Mentor"

    class Status(models.TextChoices):
        AWAITING_MANAGER = "awaiting_manager", "Waiting for the line manager"
        MANAGER_DECLINED = "manager_declined", "Not supported by the line manager"
        WITH_COORDINATOR = "with_coordinator", "Waiting for the coordinator"
        WAITING_LIST = "waiting_list", "On the waiting list"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Not accepted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    CLOSED_STATUSES = [Status.DECLINED, Status.WITHDRAWN]

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="applications"
    )
    role = models.CharField(max_length=10, choices=Role)
    status = models.CharField(max_length=20, choices=Status)

    # Mentee (APP-1)
    needs = models.JSONField("what you would like help with", default=list, blank=True)
    needs_other = models.CharField("anything else", max_length=300, blank=True)
    aims = LimitedTextField("your aims and goals", blank=True, max_length=LONG_TEXT)
    aims_private = models.BooleanField(
        "keep my aims from my line manager",
        default=False,
        help_text="Your line manager then sees only that you have applied, not your aims.",
    )
    areas_wanted = models.ManyToManyField(
        Area, blank=True, related_name="wanted_by", verbose_name="areas you want help with"
    )
    department_preference = models.CharField(
        "mentor's department", max_length=10, choices=Preference, default=Preference.ANY
    )
    location_preference = models.CharField(
        "mentor's location", max_length=10, choices=Preference, default=Preference.ANY
    )
    meeting_methods = models.JSONField("ways you can meet", default=list, blank=True)
    available_times = models.JSONField("when you are usually free", default=list, blank=True)
    availability = LimitedTextField(
        "anything else about when you are free", blank=True, max_length=COMMENT
    )

    # Mentor (APP-2)
    skills_experience = LimitedTextField(
        "your skills and experience", blank=True, max_length=LONG_TEXT
    )
    areas_offered = models.ManyToManyField(
        Area, blank=True, related_name="offered_by", verbose_name="areas you can help with"
    )
    biography = LimitedTextField(
        blank=True, help_text="Shown to mentees in the mentor directory.", max_length=LONG_TEXT
    )
    capacity = models.PositiveSmallIntegerField(
        "how many mentees you can take", null=True, blank=True
    )
    places_taken = models.PositiveSmallIntegerField(
        default=0, help_text="Mentees in the mentor's proposed and active relationships."
    )
    qualifications = LimitedTextField(
        "mentoring qualifications or training", blank=True, max_length=LONG_TEXT
    )
    suitability_accepted = models.BooleanField(
        "I accept the statement of suitability",
        default=False,
        help_text="I will keep confidences within their limits, give time to my mentees and "
        "act as a role model.",
    )
    suitability_accepted_at = models.DateTimeField(
        "statement of suitability signed", null=True, blank=True, editable=False
    )

    # Line manager (APP-3)
    manager = models.ForeignKey(
        StaffMember,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The line manager asked to approve, as recorded when the person applied.",
    )
    manager_decided_at = models.DateTimeField(null=True, blank=True)
    manager_reason = LimitedTextField(blank=True, max_length=COMMENT)
    manager_confirmed_performance = models.BooleanField(default=False)
    confidential_review = models.BooleanField(
        default=False, help_text="The applicant asked the coordinator to review in confidence."
    )
    confidential_note = LimitedTextField(blank=True, max_length=COMMENT)

    # Coordinator (APP-4)
    decided_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = LimitedTextField(blank=True, max_length=COMMENT)
    waiting_since = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Out of the matching queue: kept by relationships/services/pairing.py, read by the
    # coordinator dashboard (the queue itself works the rule out).
    matched = models.BooleanField(default=False, editable=False)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "programme"], name="application_by_status"),
            models.Index(
                fields=["programme"],
                condition=Q(role="mentee", status="accepted", matched=False),
                name="application_waiting_for_mentor",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "applicant", "role"],
                condition=~Q(status__in=["declined", "withdrawn"]),
                name="one_live_application_per_role",
                violation_error_message="You have already applied for this role in this programme.",
            ),
            models.CheckConstraint(
                # A mentor's places are never overfilled, however many accept at once (MATCH-1).
                condition=Q(places_taken=0) | Q(places_taken__lte=F("capacity")),
                name="mentor_places_within_capacity",
            ),
            models.CheckConstraint(
                condition=~Q(status="waiting_list") | Q(waiting_since__isnull=False),
                name="waiting_list_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.applicant} — {self.get_role_display()}, {self.programme}"

    @property
    def scoring_areas(self):
        """The areas matching compares: wanted by a mentee, offered by a mentor."""
        field = self.areas_wanted if self.role == self.Role.MENTEE else self.areas_offered
        return field.all()

    @property
    def places_left(self):
        return max((self.capacity or 0) - self.places_taken, 0)

    def get_meeting_methods_display(self):
        return [MeetingMethod(m).label for m in self.meeting_methods if m in MeetingMethod.values]

    def get_available_times_display(self):
        return [AvailableTime(t).label for t in self.available_times if t in AvailableTime.values]

    def get_needs_display(self):
        return [Need(need).label for need in self.needs if need in Need.values]
