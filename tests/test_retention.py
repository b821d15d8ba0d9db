"""Retention (DATA-3): once a relationship has been over for longer than its programme keeps
what was written, the words are erased and the facts the reports count stay."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.db import models as django_models
from django.utils import timezone

from evaluations.models import Answer, Question, Response
from evaluations.tests.answered import end_form_answered
from mentoring.audit.models import AuditEntry
from mentoring.confidential import declared
from relationships.models import (
    ActionItem,
    ActionPlan,
    Agreement,
    Concern,
    CoordinatorNote,
    Goal,
    Meeting,
    MeetingLog,
    Member,
    Message,
    PrivateNote,
    Relationship,
    Review,
    ReviewAnswer,
    SetAside,
    SharedSummary,
)
from relationships.services.retention import content_erase
from relationships.tasks import erase_old_content
from tests.matching import accepted, paired, programme_for_matching, went_ahead

SECRET = "Thinking of leaving for the private sector"
DAY = timedelta(days=1)


@pytest.fixture
def programme(coordinator):
    return programme_for_matching(coordinator, agreement_required=False, retention_months=12)


def written_in(programme, mentor, mentee):
    """An active relationship where everything that can be written has been."""
    relationship = went_ahead(
        paired(accepted(programme, mentor, "mentor"), accepted(programme, mentee, "mentee"))
    )
    Agreement.objects.create(
        relationship=relationship,
        version=1,
        aims=[SECRET],
        **dict.fromkeys(
            ["mentor_role", "mentee_role", "confidentiality", "feedback", "documentation"], SECRET
        ),
        breakdown=SECRET,
    )
    meeting = Meeting.objects.create(
        relationship=relationship,
        starts_at=timezone.now() - DAY,
        minutes=60,
        method="in_person",
        place=SECRET,
    )
    log = MeetingLog.objects.create(
        meeting=meeting,
        minutes=60,
        achieved=SECRET,
        topics=SECRET,
        steps_agreed=SECRET,
        written_by=mentor,
    )
    PrivateNote.objects.create(meeting=meeting, author=mentee, text=SECRET)
    Message.objects.create(
        relationship=relationship, author=mentor, text=SECRET, sent_at=timezone.now() - DAY
    )
    ActionItem.objects.create(
        relationship=relationship,
        meeting_log=log,
        description=SECRET,
        owner=mentee,
        due_on=timezone.localdate(),
        status="done",
    )
    member = relationship.members.get(person=mentee)
    plan = ActionPlan.objects.create(mentee=member, long_term_goal=SECRET)
    Goal.objects.create(plan=plan, specific=SECRET, grow_goal=SECRET, status="achieved")
    review = Review.objects.create(relationship=relationship, due_on=timezone.localdate())
    ReviewAnswer.objects.create(review=review, person=mentee, helping="yes", plan_progress=SECRET)
    Concern.objects.create(relationship=relationship, raised_by=mentee, text=SECRET)
    SharedSummary.objects.create(relationship=relationship, mentee=mentee, text=SECRET)
    coordinator = programme.coordinators.first()
    CoordinatorNote.objects.create(relationship=relationship, written_by=coordinator, text=SECRET)
    SetAside.objects.create(
        relationship=relationship,
        reason="no_meeting",
        until=timezone.localdate() + DAY,
        why=SECRET,
        set_by=coordinator,
    )
    relationship.members.update(learned=SECRET, next_steps=SECRET)
    end_form_answered(programme, relationship, mentee, rating=4, text=SECRET)
    return relationship


def ended(relationship, ago):
    Relationship.objects.filter(pk=relationship.pk).update(
        status="ended", ended_at=timezone.now() - ago, ending="completed"
    )


def words_left():
    """Every piece of writing still holding the secret, by kind."""
    found = {
        model.__name__
        for model, field in [
            (Agreement, "breakdown"),
            (Meeting, "place"),
            (MeetingLog, "achieved"),
            (PrivateNote, "text"),
            (ActionItem, "description"),
            (ActionPlan, "long_term_goal"),
            (Goal, "grow_goal"),
            (ReviewAnswer, "plan_progress"),
            (Concern, "text"),
            (SharedSummary, "text"),
            (CoordinatorNote, "text"),
            (SetAside, "why"),
            (Answer, "text"),
        ]
        if model.objects.filter(**{field: SECRET}).exists()
    }
    if Agreement.objects.filter(aims=[SECRET]).exists():
        found.add("Agreement aims")
    if Member.objects.filter(learned=SECRET).exists():
        found.add("Member")
    return found


EVERYWHERE = {
    "Agreement",
    "Agreement aims",
    "Meeting",
    "MeetingLog",
    "PrivateNote",
    "ActionItem",
    "ActionPlan",
    "Goal",
    "ReviewAnswer",
    "Concern",
    "SharedSummary",
    "CoordinatorNote",
    "SetAside",
    "Answer",
    "Member",
}


def facts(relationship):
    """What the monitoring reports and participation records count."""
    return {
        "members": list(relationship.members.values_list("person", "role")),
        "meetings": list(Meeting.objects.values_list("starts_at", "minutes", "method")),
        "actions": list(ActionItem.objects.values_list("status", "due_on")),
        "goals": list(Goal.objects.values_list("status", flat=True)),
        "helping": list(ReviewAnswer.objects.values_list("helping", flat=True)),
        "ratings": list(Answer.objects.exclude(number=None).values_list("number", flat=True)),
        "ending": Relationship.objects.values_list("ending", "ended_at").get(pk=relationship.pk),
    }


def test_what_was_written_is_erased_after_the_retention_period_and_the_facts_stay(
    programme, colleague, staff_member
):
    relationship = written_in(programme, colleague, staff_member)
    ended(relationship, 400 * DAY)
    before = facts(relationship)
    assert erase_old_content() == 1
    assert words_left() == set()
    assert facts(relationship) == before
    relationship.refresh_from_db()
    assert relationship.content_erased_at is not None
    [entry] = AuditEntry.objects.filter(action="erase")
    assert (entry.relationship_id, entry.programme_id) == (relationship.pk, programme.pk)
    assert content_erase() == 0  # nothing more to do


def test_nothing_is_erased_before_the_period_the_programme_sets_or_while_it_runs(
    programme, colleague, staff_member
):
    recent = written_in(programme, colleague, staff_member)
    ended(recent, 300 * DAY)
    assert content_erase() == 0
    assert words_left() == EVERYWHERE
    programme.retention_months = 6
    programme.save()
    assert content_erase() == 1
    assert words_left() == set()


def test_a_running_relationship_keeps_everything_however_old(programme, colleague, staff_member):
    relationship = written_in(programme, colleague, staff_member)
    with time_machine.travel(timezone.now() + 2000 * DAY):
        assert content_erase() == 0
    relationship.refresh_from_db()
    assert relationship.content_erased_at is None and words_left() == EVERYWHERE


def test_each_programme_keeps_its_own_period(coordinator, programme, colleague, staff_member):
    from tests.factories import StaffMemberFactory

    longer = programme_for_matching(coordinator, agreement_required=False, retention_months=36)
    kept = went_ahead(
        paired(
            accepted(longer, StaffMemberFactory(), "mentor"),
            accepted(longer, StaffMemberFactory(), "mentee"),
        )
    )
    Concern.objects.create(relationship=kept, raised_by=kept.members.first().person, text=SECRET)
    ended(kept, 400 * DAY)
    erased = written_in(programme, colleague, staff_member)
    ended(erased, 400 * DAY)
    assert content_erase() == 1
    assert list(Concern.objects.filter(text=SECRET).values_list("relationship", flat=True)) == [
        kept.pk
    ]


def test_after_erasure_the_page_says_so_and_the_closing_checklist_stays_closed(
    client, programme, colleague, staff_member
):
    from django.core.exceptions import ValidationError

    from relationships.services.lifecycle import closing_save

    relationship = written_in(programme, colleague, staff_member)
    ended(relationship, 400 * DAY)
    relationship.members.update(learned="", next_steps="")
    content_erase()
    client.force_login(staff_member.user)
    page = client.get(relationship.get_absolute_url()).text
    assert "What was written in this relationship was erased" in page
    assert "Your closing checklist" not in page
    with pytest.raises(ValidationError, match="erased"):
        closing_save(by=staff_member.user, relationship=relationship, learned="A", next_steps="B")
    assert words_left() == set() and not Member.objects.exclude(learned="").exists()


def test_a_form_left_unanswered_cannot_be_answered_once_erased(programme, colleague, staff_member):
    from django.core.exceptions import ValidationError

    from evaluations.services.responses import response_answer

    relationship = written_in(programme, colleague, staff_member)
    Response.objects.update(submitted_at=None)
    ended(relationship, 400 * DAY)
    content_erase()
    response = Response.objects.get()
    words = Question.objects.get(kind="text")
    with pytest.raises(ValidationError, match="retention period"):
        response_answer(by=staff_member.user, response=response, answers={words.pk: SECRET})
    assert words_left() == set()


def test_a_log_with_a_correction_suggested_is_erased_and_still_says_one_was_suggested(
    programme, colleague, staff_member
):
    relationship = written_in(programme, colleague, staff_member)
    MeetingLog.objects.update(status="correction", correction=SECRET)
    ended(relationship, 400 * DAY)
    assert content_erase() == 1
    log = MeetingLog.objects.get()
    assert (log.status, log.correction) == ("correction", "Erased after the retention period.")
    assert words_left() == set()


def refused_for(relationship):
    """A real failure: the database refuses to change this relationship's concerns."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse BEFORE UPDATE ON relationships_concern FOR EACH ROW "
                f"WHEN (OLD.relationship_id = {relationship.pk}) EXECUTE FUNCTION refuse()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse BEFORE UPDATE ON relationships_concern "
                f"WHEN OLD.relationship_id = {relationship.pk} "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )


def test_a_relationship_that_cannot_be_erased_holds_back_none_of_the_others(
    programme, colleague, staff_member
):
    from mentoring.operations.models import JobFailure
    from tests.factories import StaffMemberFactory

    pairs = [written_in(programme, StaffMemberFactory(), StaffMemberFactory()) for _ in range(3)]
    for relationship in pairs:
        ended(relationship, 400 * DAY)
    refused_for(pairs[1])
    assert content_erase() == 2
    kept = Concern.objects.filter(text=SECRET).values_list("relationship", flat=True)
    assert list(kept) == [pairs[1].pk]
    erased = Relationship.objects.exclude(content_erased_at=None).values_list("pk", flat=True)
    assert sorted(erased) == [pairs[0].pk, pairs[2].pk]
    [failure] = JobFailure.objects.all()
    assert (failure.job, failure.about) == ("Retention", f"relationship {pairs[1].pk}")
    assert "refused by the test" in failure.error
    assert not MeetingLog.objects.filter(meeting__relationship=pairs[1], achieved="").exists()


def test_mentor_request_notes_are_erased_whether_or_not_they_led_to_the_relationship(
    programme, colleague, staff_member
):
    from relationships.models import MentorRequest
    from tests.factories import StaffMemberFactory

    relationship = written_in(programme, colleague, staff_member)
    mentee_application = relationship.members.get(role="mentee").application
    asked = {"mentee_application": mentee_application, "message": SECRET, "reply": SECRET}
    MentorRequest.objects.create(
        mentor_application=relationship.members.get(role="mentor").application,
        relationship=relationship,
        status="accepted",
        expires_at=timezone.now() - 420 * DAY,
        **asked,
    )
    MentorRequest.objects.create(
        mentor_application=accepted(programme, StaffMemberFactory(), "mentor"),
        status="declined",
        expires_at=timezone.now() - 420 * DAY,
        **asked,
    )
    ended(relationship, 400 * DAY)
    content_erase()
    assert not MentorRequest.objects.filter(message=SECRET).exists()
    assert not MentorRequest.objects.filter(reply=SECRET).exists()
    assert MentorRequest.objects.count() == 2


def test_written_survey_answers_are_erased_once_the_period_has_passed_since_it_was_due(
    programme, staff_member
):
    from evaluations.models import Questionnaire, Section, Survey

    form = Questionnaire.objects.create(programme=programme, title="Annual", use="survey")
    section = Section.objects.create(questionnaire=form, title="All")
    question = Question.objects.create(section=section, text="Anything else?", kind="text")
    rating = Question.objects.create(section=section, text="How useful?", kind="rating")
    for ago in [400 * DAY, 300 * DAY]:
        survey = Survey.objects.create(
            programme=programme, questionnaire=form, due_on=timezone.localdate() - ago
        )
        response = Response.objects.create(
            questionnaire=form,
            person=staff_member,
            role="mentee",
            survey=survey,
            due_on=survey.due_on,
        )
        Answer.objects.create(response=response, question=question, text=f"{SECRET} {ago.days}")
        Answer.objects.create(response=response, question=rating, number=4)
    content_erase()
    assert list(Answer.objects.exclude(text="").values_list("text", flat=True)) == [f"{SECRET} 300"]
    assert Answer.objects.filter(number=4).count() == 2


MARK = "RETAINED"  # short enough for the narrowest declared column (a choice, 10)


def _plant_everywhere():
    """A marker in every text field each model declares confidential and erasable."""
    erasable = [(model, said) for model, said in declared() if said.erase]
    for model, said in erasable:
        assert model.objects.exists(), f"plant a {model.__name__} in written_in()"
        for name in said.text:
            field = model._meta.get_field(name)
            json = isinstance(field, django_models.JSONField)
            # PostgreSQL refuses more than the column holds, where SQLite would not
            text = f"{MARK} {name}"[: field.max_length or None]
            model.objects.update(**{name: [MARK] if json else text})
    return erasable


def test_erasure_leaves_no_declared_text_in_any_table_of_a_declared_model(
    programme, colleague, staff_member
):
    from evaluations.models import Questionnaire, Section, Survey
    from relationships.models import MentorRequest

    relationship = written_in(programme, colleague, staff_member)
    members = {m.role: m.application for m in relationship.members.all()}
    MentorRequest.objects.create(
        mentee_application=members["mentee"],
        mentor_application=members["mentor"],
        status="accepted",
        expires_at=timezone.now() - 420 * DAY,
        relationship=relationship,
    )
    form = Questionnaire.objects.create(programme=programme, title="Annual", use="survey")
    question = Question.objects.create(
        section=Section.objects.create(questionnaire=form, title="All"), text="?", kind="text"
    )
    survey = Survey.objects.create(
        programme=programme, questionnaire=form, due_on=timezone.localdate() - 400 * DAY
    )
    response = Response.objects.create(
        questionnaire=form, person=staff_member, role="mentee", survey=survey, due_on=survey.due_on
    )
    Answer.objects.create(response=response, question=question)
    erasable = _plant_everywhere()
    ended(relationship, 400 * DAY)
    assert content_erase() == 1
    with connection.cursor() as cursor:
        for model, _ in erasable:
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # noqa: S608
            assert not [row for row in cursor.fetchall() if MARK in str(row)], model.__name__
