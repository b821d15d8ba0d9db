"""What evaluations hold about a person, for their export (mentoring/people/export.py): the
forms sent to them and their answers."""

from django.db.models import Prefetch

from mentoring.people.export import record

from .models import Answer, Response


def sections(person):
    responses = (
        Response.objects.filter(person=person)
        .select_related("questionnaire")
        .prefetch_related(
            Prefetch(
                "answers", Answer.objects.select_related("question").order_by("question", "pk")
            )
        )
        .order_by("sent_at", "pk")
    )
    return [("Your evaluation forms", [_response(response) for response in responses])]


def _response(response):
    answers = [
        {
            "Question": answer.question.text,
            "Answer": answer.number if answer.number is not None else answer.choice or answer.text,
        }
        for answer in response.answers.all()
    ]
    return record(
        response,
        ["role", "sent_at", "due_on", "submitted_at", "confirmed_at"],
        {"Form": response.questionnaire.title, "Answers": answers},
    )
