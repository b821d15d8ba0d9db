"""Who may read evaluation answers (DATA-1). Every page and export asks here; nothing else
decides. Reading someone else's answers is audited (DATA-2), never what they said.

- The person themself reads their own answers.
- On a form both parties confirm (000), the other parties in the same relationship read them
  once everyone has completed their section, so that they can agree the whole form.
- The programme's coordinators read ratings, yes/no answers and choices; written answers only
  where the programme says so (`coordinator_reads_evaluation_text`; 003 §4.6), and only
  those written after it began to say so.
- Line managers, sponsors, other staff and coordinators of other programmes read nothing,
  and are not told the answers exist (404).
"""

from mentoring.audit.services import audit_record
from mentoring.people.permissions import is_coordinator, staff_member_of
from programmes.permissions import can_manage_programme
from relationships.models import Member

from .models import Question, Questionnaire, Response

KIND = "evaluation answers"  # the audit log's word for them


def own_responses(user):
    """The forms sent to this person: the only ones they open to answer or confirm."""
    me = staff_member_of(user)
    return Response.objects.filter(person=me) if me else Response.objects.none()


def coordinated_questionnaires(user):
    """Questionnaires of the programmes this person coordinates; others do not exist for
    them."""
    me = staff_member_of(user)
    if me is None or not is_coordinator(user):
        return Questionnaire.objects.none()
    return Questionnaire.objects.filter(programme__in=me.coordinated_programmes.all())


def parties_read_each_other(parties):
    """The copies of one form in one relationship, readable by each other's people: on a form
    both confirm, once every copy is submitted."""
    first = parties[0] if parties else None
    return bool(
        first is not None
        and first.relationship_id is not None
        and first.questionnaire.both_confirm
        and all(p.submitted_at for p in parties)
    )


class AnswerReader:
    """One person reading answers to one programme's questionnaires."""

    def __init__(self, user, programme):
        self.user = user
        self.programme = programme
        self.person = staff_member_of(user)
        self.is_coordinator = can_manage_programme(user, programme)
        self._left_at = {}

    @property
    def reads_written_answers_as_coordinator(self):
        return self.is_coordinator and self.programme.coordinator_reads_evaluation_text

    def _written_since(self, response):
        """Only what was written after the programme let its coordinators read it (PRG-3)."""
        since = self.programme.coordinator_reads_evaluation_text_since
        written = response.submitted_at
        return since is None or written is None or written >= since

    def is_own(self, response):
        return self.person is not None and response.person_id == self.person.pk

    def may_read(self, response, question, *, parties=()):
        """Whether this person may read `response`'s answer to `question`. `parties`: every
        copy of the same form in the same relationship, when the caller has them."""
        if self.is_own(response):
            return True
        if response.submitted_at is None:  # a draft is its author's alone
            return False
        mine = any(self.is_own(p) for p in parties)
        if mine and response in parties and parties_read_each_other(parties):
            return self._while_in(response)
        if question.kind == Question.Kind.TEXT:
            return self.reads_written_answers_as_coordinator and self._written_since(response)
        return self.is_coordinator

    def _while_in(self, response):
        """Someone who left a group reads only what the others wrote while they were in it
        (issue 18): one query a relationship, only on a form everyone confirms."""
        if response.relationship_id not in self._left_at:
            self._left_at[response.relationship_id] = (
                Member.objects.filter(relationship_id=response.relationship_id, person=self.person)
                .values_list("left_at", flat=True)
                .first()
            )
        left_at = self._left_at[response.relationship_id]
        return left_at is None or response.submitted_at < left_at

    def record_read(self, questionnaire, *, relationship_id=None, note=""):
        """Record that this person read other people's answers to `questionnaire`."""
        audit_record(
            by=self.user,
            action="read",
            kind=KIND,
            obj=questionnaire,
            relationship_id=relationship_id,
            programme_id=self.programme.pk,
            note=note,
        )


def can_ask_for_report(user, programme):
    """A coordinator asks for the report on one of their own programmes, or on all."""
    return is_coordinator(user) and (programme is None or can_manage_programme(user, programme))
