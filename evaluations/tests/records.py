"""Evaluation records for the page and action permission tables (the `people` fixture), and
the state those tables check is unchanged after a refused action."""

from datetime import timedelta

from django.utils import timezone

from evaluations.models import (
    Answer,
    MonitoringReport,
    Question,
    Questionnaire,
    Response,
    Section,
    Survey,
)


def evaluation_records(*, programme, relationship, mentor, mentee, coordinator):
    """An end-of-relationship form with a mentor and a mentee section, the mentee's submitted
    answers and the mentor's copy still to do; a programme survey; a ready report."""
    today = timezone.localdate()
    form = Questionnaire.objects.create(
        programme=programme, title="End of mentoring review", use="end", both_confirm=True
    )
    mentor_section = Section.objects.create(
        questionnaire=form, title="Section A", addressed_to="mentor", order=1
    )
    mentee_section = Section.objects.create(
        questionnaire=form, title="Section B", addressed_to="mentee", order=2
    )
    Question.objects.create(section=mentor_section, text="What went well?", kind="text")
    rating = Question.objects.create(
        section=mentee_section,
        text="How would you rate it?",
        kind="rating",
        choices=["Poor", "Fair", "Good", "Very good", "Excellent"],
    )
    written = Question.objects.create(section=mentee_section, text="What went well?", kind="text")
    due = today + timedelta(days=14)
    mine = Response.objects.create(
        questionnaire=form, person=mentor, role="mentor", relationship=relationship, due_on=due
    )
    theirs = Response.objects.create(
        questionnaire=form,
        person=mentee,
        role="mentee",
        relationship=relationship,
        due_on=due,
        submitted_at=timezone.now(),
    )
    Answer.objects.create(response=theirs, question=rating, number=4)
    Answer.objects.create(response=theirs, question=written, text="Feeling heard.")
    survey_form = Questionnaire.objects.create(
        programme=programme, title="Annual service evaluation", use="survey"
    )
    service = Section.objects.create(
        questionnaire=survey_form, title="The service", addressed_to="both"
    )
    Question.objects.create(section=service, text="Would you recommend it?", kind="yes_no")
    survey = Survey.objects.create(
        programme=programme, questionnaire=survey_form, sent_by=coordinator, due_on=due
    )
    return {
        "questionnaire": form,
        "section": mentee_section,
        "question": rating,
        "response": mine,
        "mentee_response": theirs,
        "survey_questionnaire": survey_form,
        "survey": survey,
        "monitoring_report": MonitoringReport.objects.create(
            programme=programme,
            period_start=today.replace(month=1, day=1),
            period_end=today.replace(month=12, day=31),
            requested_by=coordinator,
            status="ready",
            progress=100,
            finished_at=timezone.now(),
            threshold=10,
            content={"scope": programme.name, "sections": []},
        ),
    }


def evaluation_state():
    return (
        list(Questionnaire.objects.values_list("pk", "title", "version", "retired_at")),
        list(Section.objects.values_list("pk", "title", "addressed_to", "order")),
        list(Question.objects.values_list("pk", "text", "kind", "required", "choices")),
        list(Survey.objects.values_list("pk")),
        list(Response.objects.values_list("pk", "submitted_at", "confirmed_at")),
        list(Answer.objects.values_list("pk", "number", "choice", "text")),
        list(MonitoringReport.objects.values_list("pk", "status")),
    )
