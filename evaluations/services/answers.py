"""Reading the answers (EVAL-2, DATA-1): what a reader may see of each form, and the results
of a questionnaire question by question. Who may read what is decided in ..permissions."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from ..models import Answer, Question
from .responses import state


@dataclass(frozen=True)
class Share:
    """One point or option of a question: how many chose it, and what share of those who
    answered the question that is, in whole per cent."""

    label: str
    count: int
    percent: int


def answer_table(sections, responses, answers, reader, *, parties=()):
    """What `reader` may read of these responses' answers, section by section and question
    by question: [{section, questions: [{question, rows: [{person, words}]}]}]."""
    given = {}
    for answer in answers:
        given.setdefault((answer.response_id, answer.question_id), []).append(answer)
    table = []
    for section in sections:
        questions = []
        for question in section.questions.all():
            rows = [
                {"person": r.person, "words": in_words(question, given.get((r.pk, question.pk)))}
                for r in responses
                if section.is_for(r.role) and reader.may_read(r, question, parties=parties)
            ]
            if rows:
                questions.append({"question": question, "rows": rows})
        if questions:
            table.append({"section": section, "questions": questions})
    return table


def in_words(question, answers):
    """An answer as the person gave it: a rating's label, yes or no, the options, the text."""
    if not answers:
        return ""
    kind = Question.Kind
    if question.kind == kind.RATING:
        number = answers[0].number
        labels = question.choices
        label = labels[number - 1] if 0 < number <= len(labels) else str(number)
        return f"{label} ({number} of {len(labels)})"
    if question.kind == kind.YES_NO:
        return "Yes" if answers[0].number else "No"
    if question.kind in (kind.SINGLE, kind.MULTIPLE):
        return ", ".join(a.choice for a in answers)
    return answers[0].text


def people_answers(responses, sections, reader, today):
    """Each response with its state and what `reader` may read of its answers. Written
    answers are not even loaded for a coordinator who may not read them."""
    answers = Answer.objects.filter(response__in=[r.pk for r in responses])
    if not reader.reads_written_answers_as_coordinator:
        answers = answers.exclude(question__kind=Question.Kind.TEXT)
    answers = list(answers)
    return [
        {
            "response": r,
            "state": state(r, today),
            "table": answer_table(sections, [r], answers, reader) if r.submitted_at else [],
        }
        for r in responses
    ]


def state_counts(questionnaire, today):
    waiting = Q(submitted_at__isnull=True)
    return questionnaire.responses.aggregate(
        sent=Count("pk", filter=waiting & Q(due_on__gte=today)),
        overdue=Count("pk", filter=waiting & Q(due_on__lt=today)),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False, confirmed_at__isnull=True)),
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
    )


def question_results(questionnaire, sections, reader):
    """Per section and question, over submitted forms: the share of those who answered it
    choosing each point or option, a rating's average (1 = its lowest point), and for a
    written question how many wrote and, where `reader` may read them, what they wrote:
    [{section, results: [{question, options, answered, mean, written}]}]."""
    submitted = Answer.objects.filter(
        response__questionnaire=questionnaire, response__submitted_at__isnull=False
    ).order_by()
    tally = {}
    for question_id, number, choice, count in submitted.values_list(
        "question_id", "number", "choice"
    ).annotate(count=Count("pk")):
        tally.setdefault(question_id, {})[(number, choice)] = count
    people = dict(
        submitted.values_list("question_id").annotate(people=Count("response", distinct=True))
    )
    written = _written(submitted, reader)
    parts = []
    for section in sections:
        results = [
            _result(q, tally.get(q.pk, {}), people.get(q.pk, 0), written.get(q.pk, []))
            for q in section.questions.all()
        ]
        if results:
            parts.append({"section": section, "results": results})
    return parts


WRITTEN_SHOWN = 200  # per question, the most recent; each person's answers has them all


def _written(submitted, reader):
    """{question id: [what people wrote]} that `reader` may read, most recent first."""
    if not reader.reads_written_answers_as_coordinator:
        return {}
    latest = Window(
        RowNumber(), partition_by=F("question_id"), order_by=F("response__submitted_at").desc()
    )
    answers = (
        submitted.filter(question__kind=Question.Kind.TEXT)
        .exclude(text="")
        .select_related("response", "question")
        .annotate(place=latest)
        .filter(place__lte=WRITTEN_SHOWN)
        .order_by("question_id", "place")
    )
    written = {}
    for answer in answers:
        if reader.may_read(answer.response, answer.question):
            written.setdefault(answer.question_id, []).append(answer.text)
    return written


def _result(question, tally, answered, written):
    kind = Question.Kind
    result = {"question": question, "answered": answered, "written": written}
    result |= {"options": [], "mean": None}
    if question.kind == kind.TEXT:
        return result
    if question.kind == kind.RATING:
        counts = [(label, tally.get((n, ""), 0)) for n, label in enumerate(question.choices, 1)]
        points = sum(n * c for n, (_, c) in enumerate(counts, 1))
        result["mean"] = round(points / answered, 1) if answered else None
    elif question.kind == kind.YES_NO:
        counts = [("Yes", tally.get((1, ""), 0)), ("No", tally.get((0, ""), 0))]
    else:
        counts = [(c, tally.get((None, c), 0)) for c in question.choices]
    result["options"] = [
        Share(label, count, round(100 * count / answered) if answered else 0)
        for label, count in counts
    ]
    return result
