"""Reading the answers (EVAL-2, DATA-1): what a reader may see of each form, and the results
of a questionnaire question by question. Who may read what is decided in ..permissions."""

from django.db.models import Count, Q

from ..models import Answer, Question
from .responses import state


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


def question_results(questionnaire, sections):
    """Per question, over submitted forms: how many chose each option or point, and a
    rating's mean (1 = its lowest point); for a written answer, how many wrote one."""
    tally = {}
    counts = (
        Answer.objects.filter(
            response__questionnaire=questionnaire, response__submitted_at__isnull=False
        )
        .order_by()
        .values_list("question_id", "number", "choice")
        .annotate(count=Count("pk"))
    )
    for question_id, number, choice, count in counts:
        tally.setdefault(question_id, {})[(number, choice)] = count
    return [
        _result(question, tally.get(question.pk, {}))
        for section in sections
        for question in section.questions.all()
    ]


def _result(question, tally):
    kind = Question.Kind
    if question.kind == kind.RATING:
        options = [(label, tally.get((n, ""), 0)) for n, label in enumerate(question.choices, 1)]
        total = sum(c for _, c in options)
        points = sum(n * c for n, (_, c) in enumerate(options, 1))
        mean = round(points / total, 1) if total else None
        return {"question": question, "options": options, "mean": mean, "answered": total}
    if question.kind == kind.TEXT:
        return {"question": question, "options": [], "answered": sum(tally.values())}
    if question.kind == kind.YES_NO:
        options = [("Yes", tally.get((1, ""), 0)), ("No", tally.get((0, ""), 0))]
    else:
        options = [(c, tally.get((None, c), 0)) for c in question.choices]
    several = question.kind == kind.MULTIPLE  # one row per option ticked, not per person
    answered = None if several else sum(c for _, c in options)
    return {"question": question, "options": options, "answered": answered}
