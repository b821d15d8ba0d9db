"""An end-of-relationship form sent to one person and answered: a rating and a written
answer."""

from django.utils import timezone

from evaluations.models import Answer, Question, Questionnaire, Response, Section


def end_form_answered(programme, relationship, person, *, rating, text):
    form = Questionnaire.objects.create(programme=programme, title="End review", use="end")
    section = Section.objects.create(questionnaire=form, title="About it", addressed_to="mentee")
    response = Response.objects.create(
        questionnaire=form,
        person=person,
        role="mentee",
        relationship=relationship,
        due_on=timezone.localdate(),
        submitted_at=timezone.now(),
    )
    for kind, words, value in [("rating", "How useful?", rating), ("text", "Anything else?", text)]:
        question = Question.objects.create(section=section, text=words, kind=kind)
        field = "number" if kind == "rating" else "text"
        Answer.objects.create(response=response, question=question, **{field: value})
    return response
