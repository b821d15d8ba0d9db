"""The conversation between the people in a relationship: read and written by them only."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from mentoring.web import add_errors, id_from

from .. import conversations
from ..forms import MessageForm
from ..models import Message, Relationship
from ..permissions import Reader, read_messages
from ..services.messages import (
    TOO_LATE,
    can_still_edit,
    conversation_seen,
    message_edit,
    message_send,
)
from .relationships import _visible_relationship


@login_required
def conversation(request, pk):
    """The people in it read the conversation, newest at the bottom, and write to it while
    they are in it; every read of the others' messages is audited, once for the page."""
    relationship = _visible_relationship(request, pk)
    reader = Reader(request.user, relationship)
    if not reader.is_member:
        raise Http404
    number = id_from(request.GET.get("page", "1"))
    form = MessageForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            message_send(by=request.user, relationship=relationship, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            flash.success(request, "Sent. The others are told you wrote, never what.")
            return redirect(reverse("relationships:messages", args=[pk]) + "#newest")
    try:
        page = conversations.conversation_page(reader, number or 0)
    except EmptyPage:
        raise Http404 from None
    read_messages(reader, page.messages)
    conversation_seen(member=reader.member, up_to=page.newest_id)
    can_write = relationship.is_live and reader.member.is_live
    now = timezone.now()
    context = {
        "relationship": relationship,
        "reader": reader,
        "conversation": page,
        "editable": {
            m.pk for m in page.messages if reader.is_author(m.author_id) and can_still_edit(m, now)
        }
        if can_write
        else set(),
        "form": form if can_write else None,
    }
    return render(request, "relationships/conversation.html", context)


@login_required
def message_change(request, pk):
    """The author changes their own message in the first five minutes after sending it."""
    message = _visible_message(request, pk)
    relationship = message.relationship
    back = reverse("relationships:messages", args=[relationship.pk])
    reader = Reader(request.user, relationship)
    if not reader.is_author(message.author_id):
        raise PermissionDenied
    if not can_still_edit(message, timezone.now()):
        flash.error(request, TOO_LATE)
        return redirect(back)
    posted = request.POST if request.method == "POST" else None
    form = MessageForm(posted, initial={"text": message.text})
    if posted is not None and form.is_valid():
        try:
            message = message_edit(by=request.user, message=message, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            flash.success(request, "Your message is changed.")
            return redirect(message)
    context = {"relationship": relationship, "message": message, "form": form, "back": back}
    return render(request, "relationships/message_form.html", context)


def _visible_message(request, pk):
    """A message of a relationship this person is in; anyone else: it does not exist."""
    message = get_object_or_404(
        Message.objects.select_related("relationship__programme", "author"),
        pk=pk,
        relationship__in=Relationship.objects.visible_to(request.user),
    )
    if not Reader(request.user, message.relationship).can_read_record(message):
        raise Http404
    return message
