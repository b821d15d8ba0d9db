"""What people are told, and when (REM-1): each occasion once, kept in the person's notification
list and emailed straight away or in a daily digest, as they prefer."""

from django.db import models
from django.db.models import Q

from mentoring.people.models import StaffMember


class Kind(models.TextChoices):
    APPROVAL_PENDING = "approval_pending", "Line-manager approval pending"
    DECISION_PENDING = "decision_pending", "Coordinator decision pending"
    MATCH_PROPOSED = "match_proposed", "Match proposed, waiting for your answer"
    AGREEMENT_TO_SIGN = "agreement_to_sign", "Agreement to sign"
    MEETING_TOMORROW = "meeting_tomorrow", "Meeting tomorrow"
    MEETING_NOT_LOGGED = "meeting_not_logged", "Meeting held but not logged"
    ACTION_DUE = "action_due", "Action due"
    ACTION_OVERDUE = "action_overdue", "Action overdue"
    NO_MEETING = "no_meeting", "No meeting within the agreed cadence"
    REVIEW_DUE = "review_due", "Review due"
    END_APPROACHING = "end_approaching", "End date approaching"
    EVALUATION_DUE = "evaluation_due", "Evaluation due"
    EVALUATION_OVERDUE = "evaluation_overdue", "Evaluation overdue"
    POLICY_REVIEW = "policy_review", "Policy review due"
    TRAINING_BOOKED = "training_booked", "Training booked"
    TRAINING_INVITED = "training_invited", "You are invited to a training or support session"
    PLACE_OFFERED = "place_offered", "Place offered from the waiting list"
    # What happens, told as it happens
    APPLICATION_DECIDED = "application_decided", "The coordinator has decided on your application"
    PAIRED = "paired", "You have been matched: arrange an introduction"
    FORM_SENT = "form_sent", "An evaluation form for you to complete"
    ENDED = "ended", "A mentoring relationship has ended"
    REMATCH_ASKED = "rematch_asked", "A rematch has been asked for"
    CONCERN_RAISED = "concern_raised", "A concern has been raised in a mentoring relationship"
    REVIEW_NOT_WORKING = "review_not_working", "A review says mentoring is not working"
    SUMMARY_SHARED = "summary_shared", "A mentoring summary has been shared with you"
    REVIEW_NEEDED = "review_needed", "Your mentoring relationship needs a review"
    COORDINATOR_READS = "coordinator_reads", "The coordinators may now read what you write"
    CHECK_IN = "check_in", "Your coordinator asks how your mentoring is going"
    MENTOR_PROPOSED = "mentor_proposed", "A mentor proposed for someone you manage"
    MEETING_CANCELLED = "meeting_cancelled", "A meeting has been cancelled"
    NEW_MESSAGE = "new_message", "You have a new message"
    MEETING_INVITED = "meeting_invited", "Invitation to a mentoring meeting"
    MEETING_CHANGED = "meeting_changed", "A mentoring meeting has changed"


# The kinds that reach people in a role, not in mentoring: the choices page offers each only to
# the people it can reach. Every other kind can reach anyone taking part.
FOR_LINE_MANAGERS = {Kind.APPROVAL_PENDING, Kind.SUMMARY_SHARED, Kind.MENTOR_PROPOSED}
FOR_COORDINATORS = {
    Kind.DECISION_PENDING,
    Kind.POLICY_REVIEW,
    Kind.CONCERN_RAISED,
    Kind.REVIEW_NOT_WORKING,
}


# The kinds whose email is a calendar message (an invitation, its update or its cancellation):
# each must be an email of its own for calendars to act on it, so it goes straight away, never
# in a digest.
ON_THEIR_OWN = {Kind.MEETING_INVITED, Kind.MEETING_CHANGED, Kind.MEETING_CANCELLED}


def kinds_reaching(*, line_manager, coordinator):
    unreached = set(ON_THEIR_OWN)
    if not line_manager:
        unreached |= FOR_LINE_MANAGERS
    if not coordinator:
        unreached |= FOR_COORDINATORS
    return [(kind, label) for kind, label in Kind.choices if kind not in unreached]


class Notification(models.Model):
    """One occasion someone is told about. The unique key (kind, what it is about, occasion,
    person) is the guarantee that a sweep run twice, by two beat processes or by a retried
    task, never tells anyone twice."""

    NOT_CONFIDENTIAL = ("occasion", "message", "link")  # plain words, never what anyone wrote

    person = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind)
    about = models.PositiveBigIntegerField(help_text="The id of what it is about.")
    occasion = models.CharField(
        max_length=40, help_text="What makes this occasion its own: the day it falls due."
    )
    message = models.CharField(max_length=300, help_text="Plain words, never what anyone wrote.")
    link = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When its email was last given to the worker."
    )
    email_failed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the mail server refused its email for good."
    )
    email_refused_code = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The mail server's SMTP code (such as 550), nothing more."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "about", "occasion", "person"], name="one_notification_per_occasion"
            ),
        ]
        indexes = [
            models.Index(fields=["person", "-created_at"], name="notifications_of_a_person"),
            models.Index(
                fields=["person"], condition=Q(read_at__isnull=True), name="notifications_unread"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.person}"


class Preference(models.Model):
    """How someone wants to be emailed about one kind of notification; without one, straight
    away. Every notification stays in their list either way."""

    class How(models.TextChoices):
        STRAIGHT_AWAY = "straight_away", "Email me straight away"
        DAILY_DIGEST = "daily_digest", "One email a day with everything new"

    person = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=30, choices=Kind)
    how = models.CharField(max_length=20, choices=How, default=How.STRAIGHT_AWAY)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.person}: {self.get_kind_display()}, {self.get_how_display()}"
