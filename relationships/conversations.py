"""What the conversation page shows: a page of messages, newest at the bottom, and how many
the person has not read. A fixed number of queries whatever the conversation's length."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from .models import Message
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
