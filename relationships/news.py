"""What people are told as it happens in a relationship, in the same plain words as the
reminders and kept the same way (`notifications_send`): never what anyone wrote, only what
happened and the page to open."""

from django.urls import reverse
from django.utils import timezone

from mentoring.notifications.models import Kind
from mentoring.notifications.services import Occasion
from mentoring.templatetags import time_of_day

from .models import Relationship


def _page(relationship):
    return reverse("relationships:detail", args=[relationship.pk])


def paired(relationship, person_id, occasion="paired"):
    return Occasion(
        person_id,
        Kind.PAIRED,
        relationship.pk,
        occasion,
        f"You have been matched in {relationship.programme.name}: "
        f"{relationship.people_in_words()}. Arrange an introductory meeting, then say in the "
        "portal whether you would like to go ahead.",
        _page(relationship),
    )


def ended(relationship, person_id):
    return Occasion(
        person_id,
        Kind.ENDED,
        relationship.pk,
        "ended",
        f"The mentoring relationship {relationship.people_in_words()} in "
        f"{relationship.programme.name} has ended: "
        f"{relationship.get_end_reason_display().lower()}. Nobody is blamed for an ending.",
        _page(relationship),
    )


def rematch_asked(relationship, leaving, asker_id, coordinator_ids):
    """Who is told of a rematch (001, 002 Resource 5 §9): the others in it without the reason,
    so nobody is blamed; the coordinators, but one who asked, with its category, to help. A
    mentee `leaving` a group that carries on is their own occasion."""
    stayed = {m.person_id for m in relationship.members.all() if not m.left_reason}
    occasion = f"rematch {leaving.pk}" if relationship.is_live else "rematch"
    words = _rematch_words(relationship, leaving)
    reason = Relationship.Reason(
        leaving.left_reason if relationship.is_live else relationship.end_reason
    )
    told = [
        Occasion(
            person,
            Kind.REMATCH_ASKED,
            relationship.pk,
            occasion,
            words + NO_BLAME,
            _page(relationship),
        )
        for person in sorted(stayed - {asker_id})
    ]
    return told + [
        Occasion(
            person,
            Kind.REMATCH_ASKED,
            relationship.pk,
            occasion,
            f"{words} The reason given: {reason.label.lower()}. The mentee is back in the "
            "matching queue for you to find a new match.",
            _page(relationship),
        )
        for person in sorted(set(coordinator_ids) - {asker_id})
    ]


CALENDAR = " This email puts it in your calendar; answering there tells nobody."


def meeting_invited(meeting, by, people):
    """Everyone at a new meeting (`people`), the one who arranged it too, whose calendar needs
    it as much: who arranged it and when, never the place, which may say more than it should
    (the calendar part carries it)."""
    return _told(
        meeting,
        Kind.MEETING_INVITED,
        by,
        people,
        lambda who: f"{who} arranged a mentoring meeting on {_when(meeting.starts_at)}." + CALENDAR,
    )


def meeting_changed(meeting, by, people):
    return _told(
        meeting,
        Kind.MEETING_CHANGED,
        by,
        people,
        lambda who: (
            f"{who} changed the mentoring meeting: it is now on "
            f"{_when(meeting.starts_at)}, for {meeting.minutes} minutes." + CALENDAR
        ),
    )


def meeting_cancelled(meeting, by, people):
    """Everyone at a cancelled meeting: who cancelled it (`by`; None when it went with a mentee
    leaving the group), when it was and the new time if it moved."""

    def words(who):
        what = f"the meeting of {_when(meeting.starts_at)}"
        said = f"{who} cancelled {what}." if who else f"{what[0].upper()}{what[1:]} is cancelled."
        if meeting.replaced_by_id:
            said += f" It is moved to {_when(meeting.replaced_by.starts_at)}."
        return said + " This email takes it out of your calendar."

    return _told(meeting, Kind.MEETING_CANCELLED, by, people, words)


def meeting_left(meeting, person):
    """Someone who left a group, about a meeting of it still to come."""

    def words(_):
        return (
            f"You have left the group: its meeting of {_when(meeting.starts_at)} goes on "
            "without you. This email takes it out of your calendar."
        )

    return _told(meeting, Kind.MEETING_CANCELLED, None, [person], words)


def _told(meeting, kind, by, people, words):
    """One occasion each for `people` about `meeting` at its present revision (an update is a
    new occasion), in `words` of who did it: "You" to the one who did."""
    occasion = "cancelled" if kind == Kind.MEETING_CANCELLED else f"sequence {meeting.sequence}"
    return [
        Occasion(
            person.pk,
            kind,
            meeting.pk,
            occasion,
            words(None if by is None else "You" if person.pk == by.pk else by.full_name),
            _page(meeting.relationship),
        )
        for person in people
    ]


def _when(moment):
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}, {time_of_day(moment)}"


NO_BLAME = " Nobody is blamed: a match that does not fit is nobody's fault."


def _rematch_words(relationship, leaving):
    where = f"{relationship.people_in_words()} in {relationship.programme.name}"
    if relationship.is_live:
        return f"{leaving.person.full_name} has left the mentoring group {where} for a new match."
    return f"The mentoring relationship {where} has ended so that a new match can be found."


COORDINATOR_NEWS = {
    Kind.CONCERN_RAISED: "has raised a concern with you in confidence",
    Kind.REVIEW_NOT_WORKING: "said in a review that mentoring is not working for them",
}


def for_the_coordinator(relationship, kind, about, person_id):
    return Occasion(
        person_id,
        kind,
        about,
        "raised",
        f"Someone in a mentoring relationship in {relationship.programme.name} "
        f"{COORDINATOR_NEWS[kind]}. Read it in the portal and speak to them in confidence; "
        "the others in the relationship have not been told.",
        _page(relationship),
    )


def summary_shared(summary, manager_id):
    return Occasion(
        manager_id,
        Kind.SUMMARY_SHARED,
        summary.pk,
        summary.shared_at.isoformat(),
        f"{summary.mentee.full_name} and their mentor have chosen to share a short summary of "
        "their mentoring with you. It is all that is shared: what is said in mentoring stays "
        "between them.",
        reverse("relationships:shared"),
    )


def review_needed(relationship, person_id):
    return Occasion(
        person_id,
        Kind.REVIEW_NEEDED,
        relationship.pk,
        timezone.localdate().isoformat(),
        "A change in the staff records means your mentoring relationship in "
        f"{relationship.programme.name} needs a review by the coordinator: "
        f"{relationship.review_needed or 'one of you now manages the other.'} "
        "Nothing is anyone's fault.",
        _page(relationship),
    )


# What the coordinators may read from now on, once each switch is on (PRG-3).
COORDINATOR_READS = {
    "coordinator_reads_meeting_logs": "meeting logs, agreements, action plans and reviews",
    "coordinator_reads_evaluation_text": "written evaluation answers",
}


def coordinator_reads(programme, switches, person_id):
    since = max(getattr(programme, f"{switch}_since") for switch in switches)
    what = " and ".join(COORDINATOR_READS[switch] for switch in switches)
    return Occasion(
        person_id,
        Kind.COORDINATOR_READS,
        programme.pk,
        since.isoformat()[:40],
        f"From now on, the coordinators of {programme.name} may read the {what} written in "
        "your mentoring relationship. What was written before stays between you.",
        reverse("relationships:mine"),
    )


def check_in(check_in, person_id):
    """The coordinator's own words, and who sent them."""
    sender = f" ({check_in.sent_by.full_name}, your mentoring coordinator)"
    words = check_in.message + sender
    return Occasion(
        person_id,
        Kind.CHECK_IN,
        check_in.pk,
        "sent",
        words if len(words) <= 300 else check_in.message,
        _page(check_in.relationship),
    )


def new_message(relationship, author, person_id, first_unread):
    """Who wrote, never what: the occasion is the first message this person has not read."""
    return Occasion(
        person_id,
        Kind.NEW_MESSAGE,
        relationship.pk,
        f"message {first_unread}",
        f"You have a new message from {author.full_name} in {relationship.programme.name}.",
        reverse("relationships:messages", args=[relationship.pk]),
    )
