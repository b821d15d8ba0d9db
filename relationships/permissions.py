"""Who may read what is said in mentoring (DATA-1). Every page, PDF, calendar file, export
and admin page asks a `Reader`; nothing else decides. Reading someone else's record is
audited (DATA-2), never its content.

- The people in the relationship read its agreement, logs, plans, reviews and checklists;
  someone who left a group reads only what was written while they were in it.
- The programme's coordinators read them only where the programme allows (PRG-3), and only
  what was written after it began to allow it.
- A concern: its author and the coordinators who are not in the relationship (the site
  administrator when every coordinator is); the other participants never see it.
- A one-to-one session outside a group (002), with its log and the actions written from it:
  only its mentors and the one mentee it is with (`sees_session`, `sessions_seen_by`); the
  coordinator counts it as a meeting held and reads nothing of it.
- A private note: its author, and nobody else, ever.
- A message: the people in the relationship, as they read its logs; never the coordinators,
  whatever the programme lets them read of the rest.
- A coordinator's note (and why a reason was set aside): the coordinators who handle its
  concerns, never the pair, line managers or sponsors.
- The summary for the line manager: the pair, and the manager it was shared with (by name).
- Line managers, sponsors and everyone else: nothing.
"""

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404

from mentoring.audit.services import audit_record
from mentoring.confidential import declaration
from mentoring.people.permissions import is_coordinator, staff_member_of

from .models import Member


class Content(models.TextChoices):
    AGREEMENT = "agreement", "agreement"
    MEETING_LOG = "meeting log", "meeting log"
    ACTION_PLAN = "action plan", "action plan"
    REVIEW = "review", "review"
    CLOSING = "closing checklist", "closing checklist"
    CONCERN = "concern", "concern"
    PRIVATE_NOTE = "private note", "private note"
    SHARED_SUMMARY = "shared summary", "shared summary"
    COORDINATOR_NOTE = "coordinator note", "coordinator note"
    MESSAGE = "message", "message"


PAIR_CONTENT = {
    Content.AGREEMENT,
    Content.MEETING_LOG,
    Content.ACTION_PLAN,
    Content.REVIEW,
    Content.CLOSING,
    Content.SHARED_SUMMARY,
}


class Reader:
    """One person looking at one relationship: what they may read there. `written_at`: when
    the record was first written, where the rule depends on it (None: not time-bound);
    `changed_at`: when it was last changed, if it was changed after."""

    def __init__(self, user, relationship, *, members=None):
        self.user = user
        self.relationship = relationship
        self.person = staff_member_of(user)
        person_id = getattr(self.person, "pk", None)
        members = relationship.members.all() if members is None else members
        self.members = members
        self.member = next((m for m in members if m.person_id == person_id), None)
        self.is_coordinator = (
            person_id is not None
            and is_coordinator(user)
            and relationship.programme.coordinators.filter(pk=person_id).exists()
        )

    @property
    def is_member(self):
        return self.member is not None

    @property
    def coordinator_reads_content(self):
        return self.is_coordinator and self.relationship.programme.coordinator_reads_meeting_logs

    @property
    def handles_concerns(self):
        """The programme's coordinators who are not in it; the site administrator (in the
        admin site) when every coordinator is."""
        if self.is_member:
            return False
        if self.is_coordinator:
            return True
        return self.user.is_superuser and not coordinators_outside(self.relationship).exists()

    def can_read(self, content, *, author_id=None, written_at=None, changed_at=None):
        if content == Content.PRIVATE_NOTE:
            return self.is_author(author_id)
        if content == Content.CONCERN:
            return self.is_author(author_id) or self.handles_concerns
        if content == Content.COORDINATOR_NOTE:
            return self.handles_concerns
        if content == Content.MESSAGE:
            return self._member_reads(changed_at or written_at)
        if content in PAIR_CONTENT:
            return self._member_reads(changed_at or written_at) or self._coordinator_reads(
                written_at
            )
        return False

    def can_read_record(self, obj):
        """Whether this person may read a record, by what its model declares (its kind of
        content, author and when it was written, the meeting it hangs off;
        mentoring/confidential.py)."""
        kind = self._kind(obj)
        return (
            kind is not None
            and self.sees(declaration(type(obj)).session_of(obj))
            and self.can_read(kind, **self._about(obj))
        )

    def sees(self, meeting):
        """Whether this person sees a meeting at all (None: not about one)."""
        return meeting is None or sees_session(self.member, meeting)

    def read_record(self, obj, *, note=""):
        """`read` for a record, by what its model declares."""
        kind = self._kind(obj)
        if kind is None or not self.sees(declaration(type(obj)).session_of(obj)):
            raise Http404
        return self.read(kind, obj, note=note, **self._about(obj))

    @staticmethod
    def _kind(obj):
        said = declaration(type(obj))
        content = said.content_of(obj) if said else None
        return Content(content) if content in Content.values else None

    @staticmethod
    def _about(obj):
        said = declaration(type(obj))
        return {
            "author_id": said.author_id(obj),
            "written_at": said.written_at_of(obj),
            "changed_at": said.changed_at_of(obj),
        }

    def _member_reads(self, written_at):
        """Someone who left a group reads only what was written, and last changed, while they
        were in it."""
        if self.member is None:
            return False
        left_at = self.member.left_at
        return left_at is None or written_at is None or written_at < left_at

    def _coordinator_reads(self, written_at):
        """Only what was written after the programme let its coordinators read it (PRG-3)."""
        since = self.relationship.programme.coordinator_reads_meeting_logs_since
        after = since is None or written_at is None or written_at >= since
        return self.coordinator_reads_content and after

    def written_within(self, written, changed=None):
        """The rules of `_member_reads` and `_coordinator_reads` as a filter on a query, for
        counting records by when they were `written` (and last `changed`) without loading them."""
        left = getattr(self.member, "left_at", None)
        since = self.relationship.programme.coordinator_reads_meeting_logs_since
        if (self.is_member and left is None) or (self.coordinator_reads_content and since is None):
            return models.Q()
        windows = models.Q(pk__in=[])
        if left is not None:
            unchanged = models.Q(**{f"{changed}__isnull": True}) if changed else models.Q()
            if changed:
                unchanged |= models.Q(**{f"{changed}__lt": left})
            windows |= models.Q(**{f"{written}__lt": left}) & unchanged
        if self.coordinator_reads_content:
            windows |= models.Q(**{f"{written}__gte": since})
        return windows

    def members_window(self, written, changed):
        """`written_within` for what only the people in it read (messages), never the
        coordinators: what this member may read, as a filter."""
        if not self.is_member:
            return models.Q(pk__in=[])
        left = self.member.left_at
        if left is None:
            return models.Q()
        unchanged = models.Q(**{f"{changed}__isnull": True}) | models.Q(**{f"{changed}__lt": left})
        return models.Q(**{f"{written}__lt": left}) & unchanged

    def is_author(self, author_id):
        return author_id is not None and author_id == getattr(self.person, "pk", None)

    def read(self, content, obj, *, author_id=None, written_at=None, changed_at=None, note=""):
        """Check, and record the read when it is someone else's record (DATA-2). An object
        this person may not read does not exist for them."""
        if not self.can_read(
            content, author_id=author_id, written_at=written_at, changed_at=changed_at
        ):
            raise Http404
        shared_by_the_pair = content == Content.AGREEMENT and self.is_member
        if not (self.is_author(author_id) or shared_by_the_pair):
            audit_record(
                by=self.user,
                action="read",
                kind=content.label,
                obj=obj,
                relationship_id=self.relationship.pk,
                programme_id=self.relationship.programme_id,
                note=note,
            )
        return obj


def read_messages(reader, messages):
    """A page of a conversation read: each message checked, and the read audited once for the
    page when it holds anyone else's (DATA-2), never a row per message."""
    if not all(reader.can_read_record(message) for message in messages):
        raise Http404
    others = [m for m in messages if not reader.is_author(m.author_id)]
    if others:
        audit_record(
            by=reader.user,
            action="read",
            kind=Content.MESSAGE.label,
            object_id=others[-1].pk,
            relationship_id=reader.relationship.pk,
            programme_id=reader.relationship.programme_id,
            note=f"the conversation: {len(others)} messages from others",
        )
    return messages


def sees_session(member, meeting):
    """002 group model: a one-to-one session outside the group is seen by its mentors and the
    one mentee it is with (whose place in it, `member`, may have ended since); every other
    meeting by everyone in the relationship. Nobody outside it sees a session."""
    if meeting.with_member_id is None:
        return True
    if member is None or member.relationship_id != meeting.relationship_id:
        return False
    return member.role == Member.Role.MENTOR or member.pk == meeting.with_member_id


def sessions_seen_by(person, *, via=""):
    """`sees_session` as a filter: the meetings `person` may see among those of the
    relationships they can open, or the records hanging off them (`via`: the path to the
    meeting, such as "meeting" from a log). `person` may be a column of the rows filtered,
    as `F("person")` where each row is told to one person."""
    at = f"{via}__" if via else ""
    who = OuterRef(person.name) if isinstance(person, F) else person
    mentor = Member.objects.filter(
        relationship=OuterRef(f"{at}relationship"), person=who, role=Member.Role.MENTOR
    )
    return (
        Q(**{f"{at}with_member__isnull": True})
        | Q(**{f"{at}with_member__person": person})
        | Exists(mentor)
    )


def coordinates_from_outside(reader):
    """A coordinator of the programme who is not in the relationship: who acts on it when it
    is at risk (MON-1), as they handle its concerns."""
    return reader.is_coordinator and not reader.is_member


def coordinators_outside(relationship):
    """The programme's coordinators who are not (and were not) in this relationship: those who
    read and handle its concerns (REL-4)."""
    return relationship.programme.coordinators.exclude(memberships__relationship=relationship)


def record_change(*, by, content, obj, relationship, action="change", note=""):
    """Every change to confidential content is audited: who, what and when (DATA-2)."""
    audit_record(
        by=by,
        action=action,
        kind=Content(content).label,
        obj=obj,
        relationship_id=relationship.pk,
        programme_id=relationship.programme_id,
        note=note,
    )
