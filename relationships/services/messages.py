"""Messages between the people in a relationship: one conversation each, read only by them,
as their logs are (relationships/permissions.py). Nobody is emailed the text: only that
someone wrote, once until they have read the conversation."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentoring.notifications.models import Kind, Notification
from mentoring.notifications.services import notifications_send
from mentoring.people.permissions import staff_member_of

from .. import news
from ..models import Member, Message, Relationship
from ..permissions import Content, record_change
from .pairing import locked

EDIT_WITHIN = timedelta(minutes=5)
TOO_LATE = "You can change a message only in the first five minutes after you send it."
BLANK = "Write your message."


def message_send(*, by, relationship: Relationship, text: str) -> Message:
    """Someone live in a live relationship writes to everyone in it; the others still in it
    are told that they wrote, never what."""
    with transaction.atomic():
        relationship = locked(relationship)
        member = _live_member(by, relationship)
        message = Message(
            relationship=relationship,
            author=member.person,
            text=_said(text),
            sent_at=timezone.now(),
        )
        message.full_clean()
        message.save()
        Member.objects.filter(pk=member.pk).update(messages_read_up_to=message.pk)
        record_change(
            by=by, content=Content.MESSAGE, obj=message, relationship=relationship, action="create"
        )
        notifications_send(occasions=_told(relationship, message))
    return message


def message_edit(*, by, message: Message, text: str) -> Message:
    """The author changes their own message in the first five minutes after sending it, while
    they are still in the relationship; nobody changes anyone else's."""
    with transaction.atomic():
        relationship = locked(message.relationship)
        message = Message.objects.select_for_update().get(pk=message.pk)
        member = _live_member(by, relationship)
        if message.author_id != member.person_id:
            raise PermissionDenied("You can change only your own messages.")
        now = timezone.now()
        if now - message.sent_at > EDIT_WITHIN:
            raise ValidationError({"text": TOO_LATE})
        message.text, message.edited_at = _said(text), now
        message.full_clean()
        message.save(update_fields=["text", "edited_at"])
        record_change(by=by, content=Content.MESSAGE, obj=message, relationship=relationship)
    return message


def can_still_edit(message: Message, now) -> bool:
    return now - message.sent_at <= EDIT_WITHIN


def conversation_seen(*, member: Member, up_to: int | None) -> None:
    """The person has read the conversation up to message `up_to`: no longer unread for them,
    and what told them of it is marked read, so the next message tells them again; unless a
    message they have not seen came meanwhile, which that notice still tells of."""
    if up_to is None or (member.messages_read_up_to or 0) >= up_to:
        return
    Member.objects.filter(pk=member.pk).update(messages_read_up_to=up_to)
    unseen = Message.objects.filter(relationship_id=member.relationship_id, pk__gt=up_to).exclude(
        author_id=member.person_id
    )
    Notification.objects.filter(
        ~Exists(unseen),
        person_id=member.person_id,
        kind=Kind.NEW_MESSAGE,
        about=member.relationship_id,
        read_at=None,
    ).update(read_at=timezone.now())


def _said(text):
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": BLANK})
    return text


def _live_member(user, relationship):
    me = staff_member_of(user)
    member = relationship.members.filter(person=me).select_related("person").first() if me else None
    if member is None:
        raise PermissionDenied("Only the people in this relationship write to it.")
    if not relationship.is_live:
        raise ValidationError("This relationship has ended, so its conversation is closed.")
    if not member.is_live or not me.is_active:
        raise ValidationError("You have left this relationship, so you can no longer write here.")
    return member


def _told(relationship, message):
    """Each other person still in it, told once until they read the conversation: the
    occasion is the first message they have not read, so a burst of ten is one email."""
    first_unread = (
        Message.objects.filter(
            relationship=relationship, pk__gt=Coalesce(OuterRef("messages_read_up_to"), 0)
        )
        .exclude(author=OuterRef("person"))
        .order_by("pk")
        .values("pk")[:1]
    )
    others = (
        relationship.members.filter(is_live=True, person__is_active=True)
        .exclude(person=message.author_id)
        .annotate(first_unread=Subquery(first_unread))
    )
    return [
        news.new_message(relationship, message.author, member.person_id, member.first_unread)
        for member in others.order_by("pk")
        if member.first_unread is not None
    ]
