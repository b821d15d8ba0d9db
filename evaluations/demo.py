"""Demo evaluations and reports: the West Suffolk scheme sends the annual service evaluation to
everyone taking part and most have answered (Jo Evans and Chris Taylor still have it to do);
this financial year's anonymised monitoring report is built for the sponsor to read."""

import random

from django.utils import timezone

from mentoring.notifications.services import reminders_sweep
from mentoring.people.demo import backdate, office_hours, working_day
from programmes.models import Programme

from .models import MonitoringReport, Question
from .reports import financial_year
from .services.questionnaires import questionnaire_from_template
from .services.reports import report_build, report_request
from .services.responses import questions_for, response_answer, survey_send


def demo_load(*, demo):
    if MonitoringReport.objects.exists():
        return ["Demo evaluations and reports: already there."]
    coordinator = demo["logins"]["coordinator"]
    answered = _survey(
        coordinator, keep_waiting=[demo["logins"]["mentee"], demo["logins"]["mentor"]]
    )
    start, _ = financial_year(timezone.localdate())
    report = report_request(by=coordinator, programme=None, year_start=start)
    report_build(report.pk)  # now, so it is there at once; the worker will find it built
    reminders_sweep()  # as the worker does every five minutes, so the lists are not empty
    return [
        f"Demo evaluations: the West Suffolk annual service evaluation, answered by {answered}.",
        "Demo reports: this year's monitoring report across all programmes.",
        "Demo notifications: what is due today is in each person's notification list.",
    ]


def _survey(coordinator, *, keep_waiting):
    scheme = Programme.objects.get(name="West Suffolk mentoring scheme")
    survey = questionnaire_from_template(by=coordinator, programme=scheme, key="004")
    sent = survey_send(by=coordinator, questionnaire=survey, due_on=working_day(8))
    sent_at = office_hours(-7, 9, 30)  # last week, with three weeks to answer
    backdate(sent, sent_at=sent_at)
    sent.responses.update(sent_at=sent_at)
    rng = random.Random(6)
    sections = list(survey.sections.prefetch_related("questions"))
    responses = survey.responses.filter(survey=sent).select_related("person__user")
    answering = [r for r in responses if r.person.user not in keep_waiting]
    for n, response in enumerate(answering):
        answers = {q.pk: _answer(q, rng) for q in questions_for(response, sections)}
        response_answer(by=response.person.user, response=response, answers=answers)
        backdate(response, submitted_at=office_hours(-6 + n % 6, 9 + n % 8, 15 * (n % 4)))
    return len(answering)


def _answer(question, rng):
    kind = Question.Kind
    if question.kind == kind.RATING:
        return rng.choice(range(2, len(question.choices) + 1))
    if question.kind == kind.YES_NO:
        return rng.random() < 0.8
    if question.kind == kind.SINGLE:
        return rng.choice(question.choices)
    if question.kind == kind.MULTIPLE:
        return rng.sample(question.choices, k=min(2, len(question.choices)))
    return rng.choice(["Having time set aside to think.", "A fresh view from outside my team."])
