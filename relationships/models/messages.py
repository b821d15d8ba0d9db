from django.db import models
from django.db.models import Q
from django.urls import reverse

from mentoring.confidential import Confidential
from mentoring.fields import COMMENT, LimitedTextField
from mentoring.people.models import StaffMember

from .relationships import Relationship


class Message(models.Model):
    """Something one person in a relationship wrote to everyone in it: one conversation per
    relationship, read only by its people, as their logs are."""

    CONFIDENTIAL = Confidential(
        content="message",
        text=("text",),
        relationship="relationship",
        author="author",
        written_at="sent_at",
        changed_at="edited_at",
        erase="delete",
    )

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    text = LimitedTextField("message", max_length=COMMENT)
    sent_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        indexes = [models.Index(fields=["relationship", "-id"], name="conversation_newest_first")]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="a_message_says_something"),
        ]

    def __str__(self):
        return f"Message {self.pk}"  # never what it says: this shows in the admin site

    def get_absolute_url(self):
        page = reverse("relationships:messages", args=[self.relationship_id])
        return f"{page}#message-{self.pk}"
