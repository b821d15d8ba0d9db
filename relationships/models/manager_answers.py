from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.timezone import localtime

from mentoring.fields import COMMENT, LimitedTextField
from mentoring.people.models import StaffMember
from programmes.models import Application


class ManagerAnswerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the line manager asked sees the question; anyone else gets nothing."""
        from mentoring.people.permissions import staff_member_of

        me = staff_member_of(user)
        return self.filter(manager=me) if me else self.none()

    def waiting(self):
        """Asked, not answered, and the mentee not yet paired: still worth answering."""
        return self.filter(answer="", mentee_application__matched=False)


class ManagerAnswer(models.Model):
    """The mentee's line manager's answer about the mentor proposed for them, asked before the
    coordinator approves (000 §3.2: the line manager, HR and the mentee discuss the choice of
    mentor). Kept for the pair, so proposing matches again does not ask twice."""

    # The manager's words to the coordinator about a choice of mentor: no mentoring content.
    NOT_CONFIDENTIAL = ("concern",)

    class Answer(models.TextChoices):
        WAITING = "", "No answer yet"
        SUPPORT = "support", "Supports this mentor"
        CONCERN = "concern", "Has a concern"

    mentee_application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="manager_answers"
    )
    mentor_application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    manager = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    # The coordinator who asked; nobody when a mentor accepting a request asked (000 §3.2).
    asked_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.CharField(max_length=10, choices=Answer, blank=True, default="")
    concern = LimitedTextField("your concern", blank=True, max_length=COMMENT)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ManagerAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["asked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee_application", "mentor_application"],
                name="one_manager_answer_per_proposed_pair",
            ),
            models.CheckConstraint(
                condition=~Q(answer="concern") | ~Q(concern=""),
                name="a_concern_says_what_it_is",
            ),
            models.CheckConstraint(
                condition=Q(answer="") | Q(answered_at__isnull=False),
                name="an_answer_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.manager} on a mentor for {self.mentee_application.applicant}"

    def in_words(self):
        """What the coordinator reads: who answered what, and when."""
        who = self.manager.full_name
        if self.answer == self.Answer.SUPPORT:
            return f"{who} supports this mentor ({_day(self.answered_at)})"
        if self.answer == self.Answer.CONCERN:
            return f"{who} has a concern ({_day(self.answered_at)}): “{self.concern}”"
        return f"{who} was asked on {_day(self.asked_at)} and has not answered yet"


def _day(moment):
    return date_format(localtime(moment), "j F Y")
