"""What the conversation page shows: a page of messages, newest at the bottom, and how many
the person has not read. A fixed number of queries whatever the conversation's length."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull, LessThan

from .models import Member, Message
from .permissions import Reader

PER_PAGE = 30


@dataclass(frozen=True)
class Conversation:
    messages: list[Message]  # oldest first
    page: Page
    newest_id: int | None


def readable(reader: Reader) -> QuerySet[Message]:
    """The messages this person may read: those of a relationship they are in, and for
    someone who left a group, those written while they were in it."""
    return Message.objects.filter(
        reader.members_window("sent_at", "edited_at"), relationship=reader.relationship
    )


def conversation_page(reader: Reader, number: int) -> Conversation:
    """Page `number` counted back from the newest message (1: the newest `PER_PAGE`)."""
    newest_first = readable(reader).select_related("author").order_by("-pk")
    page = Paginator(newest_first, PER_PAGE, allow_empty_first_page=True).page(number)
    messages = list(reversed(page.object_list))
    newest = messages[-1].pk if messages and number == 1 else None
    return Conversation(messages, page, newest)


def unread_count(reader: Reader) -> int:
    """Messages from the others this person has not read yet."""
    if not reader.is_member:
        return 0
    read_up_to = reader.member.messages_read_up_to or 0
    unread = readable(reader).filter(pk__gt=read_up_to).exclude(author=reader.person)
    return unread.count()


def with_unread(members: QuerySet[Member]) -> QuerySet[Member]:
    """Each place annotated with `unread_messages`, the others' messages its person has not
    read and may read (for someone who left, as `readable` says: those written, and not
    changed, before they left), in the same query: for a card on their list of
    relationships."""
    left = OuterRef("left_at")
    unread = (
        Message.objects.filter(
            relationship=OuterRef("relationship"),
            pk__gt=Coalesce(OuterRef("messages_read_up_to"), 0),
        )
        .filter(
            IsNull(left, True)
            | Q(LessThan(F("sent_at"), left))
            & (Q(edited_at__isnull=True) | Q(LessThan(F("edited_at"), left)))
        )
        .exclude(author=OuterRef("person"))
        .order_by()
        .values("relationship")
        .annotate(n=Count("pk"))
        .values("n")
    )
    counted = Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))
    return members.annotate(unread_messages=counted)
