from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery

from mentoring.fields import COMMENT, LimitedTextField
from mentoring.notifications.models import Kind, Notification
from mentoring.people.models import StaffMember

from .programme import Programme
from .training_kinds import TrainingKind


class TrainingSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Training for every programme, and for the programmes this person can see."""
        programmes = Programme.objects.visible_to(user).current()
        return self.filter(Q(programme__isnull=True) | Q(programme__in=programmes))

    def in_calendar_of(self, person_id, start, end, now):
        """The sessions from `start` to `end` this person has a place on or is waiting for,
        and those still to come they were invited to and have not booked (nor cancelled), each
        with `booking`: its status, or None for an invitation. One query."""
        theirs = Booking.objects.filter(session=OuterRef("pk"), person=person_id)
        status = theirs.exclude(status=Booking.Status.CANCELLED).values("status")[:1]
        invited = Notification.objects.filter(
            kind=Kind.TRAINING_INVITED, about=OuterRef("pk"), person=person_id
        )
        return (
            self.filter(starts_at__range=(start, end))
            .annotate(booking=Subquery(status))
            .filter(
                Q(booking__isnull=False) | Exists(invited) & ~Exists(theirs) & Q(starts_at__gt=now)
            )
            .select_related("programme")
        )


class TrainingSession(models.Model):
    """A training or support session with limited places (TRN-1)."""

    NOT_CONFIDENTIAL = ("place", "notes")  # shown to everyone who may book

    Kind = TrainingKind

    class Invite(models.TextChoices):
        """Whom a session is aimed at: the accepted mentors or mentees of its programme (or of
        every current programme, for a session open to all), invited when it is added."""

        MENTORS = "mentors", "The mentors of the programme"
        MENTEES = "mentees", "The mentees of the programme"
        EVERYONE = "everyone", "The mentors and mentees of the programme"

    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training",
        help_text="Leave empty for training open to every programme.",
    )
    kind = models.CharField(max_length=20, choices=Kind)
    starts_at = models.DateTimeField("date and time")
    place = models.CharField("place or link", max_length=300)
    capacity = models.PositiveSmallIntegerField("places", validators=[MinValueValidator(1)])
    notes = LimitedTextField(blank=True, max_length=COMMENT)
    invite = models.CharField(
        max_length=10,
        choices=Invite,
        blank=True,
        help_text="A group emailed an invitation when the session is added (003 §5.2).",
    )

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_has_places"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.starts_at:%d %B %Y}"


class Booking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="bookings")
    person = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="bookings")
    status = models.CharField(max_length=10, choices=Status)
    prioritised = models.BooleanField(
        default=False, help_text="The OD or EDI team may give someone priority."
    )
    attended = models.BooleanField(null=True, blank=True)
    booked_at = models.DateTimeField(auto_now_add=True)
    place_given_at = models.DateTimeField(
        null=True, blank=True, help_text="When the coordinator gave a place from the waiting list."
    )

    class Meta:
        ordering = ["-prioritised", "booked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~Q(status="cancelled"),
                name="one_booking_per_session",
                violation_error_message="You are already booked or waiting for this session.",
            ),
            models.CheckConstraint(
                condition=Q(attended__isnull=True) | Q(status="booked"),
                name="attendance_only_for_places",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.session}"
