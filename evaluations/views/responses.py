"""Sending and answering questionnaires (EVAL-2), and reading the answers (DATA-1)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from mentoring.web import add_errors, confirmation, run_service
from programmes.views.common import managed_programme

from ..charts import share_chart
from ..forms.responses import ResponseForm, SurveyForm
from ..models import Answer, Questionnaire
from ..permissions import (
    AnswerReader,
    coordinated_questionnaires,
    own_responses,
    parties_read_each_other,
)
from ..services import answers as reading
from ..services import responses as services

PEOPLE_PER_PAGE = 25


@login_required
def to_complete(request):
    """The person's own forms: to complete, to confirm, and done."""
    mine = services.with_progress(own_responses(request.user))
    mine = mine.select_related("questionnaire__programme").order_by("due_on", "pk")
    context = services.forms_by_stage(list(mine)) | {"today": timezone.localdate()}
    return render(request, "evaluations/to_complete.html", context)


@login_required
def response_detail(request, pk):
    """One person's form: their sections to answer and, on a form both confirm, the whole
    form to read and confirm once everyone has completed theirs."""
    mine = own_responses(request.user).select_related("questionnaire__programme", "person")
    response = get_object_or_404(mine, pk=pk)
    sections = list(response.questionnaire.sections.prefetch_related("questions"))
    parties = services.parties_of(response)
    today = timezone.localdate()
    can_change = services.can_change(response, parties, today)
    whole_form = parties_read_each_other(parties)
    shown = parties if whole_form else [response]
    answers = list(Answer.objects.filter(response__in=[p.pk for p in shown]))
    form = ResponseForm(
        request.POST if request.method == "POST" else None,
        sections=sections,
        questions=services.questions_for(response, sections),
        answers=[a for a in answers if a.response_id == response.pk],
    )
    if request.method == "POST":
        if not can_change:
            messages.error(request, services.closed_message(response))
            return redirect("evaluations:response", pk=pk)
        if form.is_valid() and _answered(request, response, form):
            return redirect("evaluations:response", pk=pk)
    reader = AnswerReader(request.user, response.questionnaire.programme)
    if whole_form and len(parties) > 1:
        reader.record_read(
            response.questionnaire,
            relationship_id=response.relationship_id,
            note="the whole form, to confirm it",
        )
    confirming = services.needs_confirming(response)
    context = {
        "response": response,
        "for_line_manager": response.role == services.MANAGER and response.relationship_id,
        "state": services.state(response, today),
        "form": form if can_change else None,
        "whole_form": whole_form,
        "parties": parties if confirming else [],
        "can_confirm": services.can_confirm(response, parties),
        "agreed": confirming and services.is_agreed(parties),
        "table": reading.answer_table(sections, shown, answers, reader, parties=parties)
        if response.submitted_at
        else [],
    }
    return render(request, "evaluations/response.html", context)


def _answered(request, response, form):
    """Save the form's answers, or put the refusal next to the questions; True if saved."""
    try:
        services.response_answer(by=request.user, response=response, answers=form.answers())
    except ValidationError as exc:
        add_errors(form, exc)
        return False
    messages.success(request, _saved_message(response))
    return True


def _saved_message(response):
    if services.needs_confirming(response):
        return "Your answers are saved. Once everyone has completed theirs, you each confirm it."
    return "Thank you: your answers are saved."


@login_required
@require_POST
def response_confirm(request, pk):
    """A party confirms the whole form, once they have seen that the last confirmation makes
    it final; a refusal (not everyone has completed theirs yet) comes back as a message."""
    response = get_object_or_404(own_responses(request.user), pk=pk)
    parties = services.parties_of(response)
    if services.can_confirm(response, parties):
        page = _confirm_agreeing(request, response, parties)
        if page:
            return page
    run_service(
        request,
        services.response_confirm,
        "You have confirmed the form.",
        response=response,
    )
    return redirect("evaluations:response", pk=pk)


def _confirm_agreeing(request, response, parties):
    last = all(p.confirmed_at for p in parties if p.pk != response.pk)
    return confirmation(
        request,
        title=f"Confirm “{response.questionnaire.title}”?",
        what_happens=[
            "You say you have read the whole form and agree its content.",
            "Everyone else has confirmed it: it becomes agreed, and nobody can change it any more."
            if last
            else "Once everyone has confirmed it, it is agreed and can no longer be changed.",
        ],
        button="I have read the whole form and agree its content",
        cancel=reverse("evaluations:response", args=[response.pk]),
        danger=False,
    )


@login_required
def survey_send(request, pk):
    """The coordinator sends a programme survey to everyone taking part, once they have seen
    how many people it emails."""
    questionnaire = get_object_or_404(
        Questionnaire.objects.select_related("programme").filter(use=Questionnaire.Use.SURVEY),
        pk=pk,
    )
    managed_programme(request, questionnaire.programme_id)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    roles = services.survey_recipients(questionnaire)
    recipients = len(roles)
    if request.method == "POST" and form.is_valid():
        due_on = form.cleaned_data["due_on"]
        # Nobody to send it to: no confirm page, the service says why.
        page = recipients and _confirm_sending(request, questionnaire, roles, due_on)
        if page:
            return page
        try:
            survey = services.survey_send(
                by=request.user, questionnaire=questionnaire, due_on=form.cleaned_data["due_on"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            sent = survey.responses.count()
            messages.success(request, f"Sent to {_people(sent)}.")
            return redirect("evaluations:answers", pk=questionnaire.pk)
    context = {
        "questionnaire": questionnaire,
        "form": form,
        "recipients": recipients,
        "surveys": questionnaire.surveys.select_related("sent_by"),
    }
    return render(request, "evaluations/survey_send.html", context)


def _confirm_sending(request, questionnaire, roles, due_on):
    recipients = len(roles)
    managers = sum(role == services.MANAGER for role in roles.values())
    also = (
        f", and {managers} line manager{'s' if managers != 1 else ''} of people taking part"
        if managers
        else ""
    )
    return confirmation(
        request,
        title=f"Send “{questionnaire.title}” to {_people(recipients)}?",
        what_happens=[
            f"This emails {_people(recipients)}: everyone taking part in "
            f"{questionnaire.programme.name} whose role has a section in it{also}.",
            f"Each gets a link to complete it by {date_format(due_on, 'j F Y')}, and a "
            "reminder before then if they have not.",
            "A survey cannot be taken back once it is sent.",
        ],
        button=f"Send it to {_people(recipients)}",
        cancel=reverse("evaluations:survey_send", args=[questionnaire.pk]),
    )


def _people(count):
    return f"{count} {'person' if count == 1 else 'people'}"


@login_required
def answers(request, pk):
    """The results of one questionnaire, for the programme's coordinators: where the copies
    are, then question by question a chart with its table, and what people wrote where the
    programme lets its coordinators read it. Each person's answers are a link away."""
    questionnaire, reader, sections = _answers_of(request, pk)
    states = reading.state_counts(questionnaire, timezone.localdate())
    if states["submitted"] or states["confirmed"]:
        reader.record_read(questionnaire, note="the results page")
    context = {
        "questionnaire": questionnaire,
        "programme": questionnaire.programme,
        "states": states,
        "sent": sum(states.values()),
        "sections": _with_charts(reading.question_results(questionnaire, sections, reader)),
        "reads_text": reader.reads_written_answers_as_coordinator,
    }
    return render(request, "evaluations/answers.html", context)


def _with_charts(sections):
    for part in sections:
        for result in part["results"]:
            if result["options"]:
                result["chart"] = share_chart(result["question"].text, result["options"])
    return sections


@login_required
def answers_by_person(request, pk):
    """Each person's copy of one questionnaire, where it is and the answers the coordinator
    may read (evaluations.permissions), a page of people at a time."""
    questionnaire, reader, sections = _answers_of(request, pk)
    today = timezone.localdate()
    responses = questionnaire.responses.select_related("person", "survey")
    page = Paginator(
        responses.order_by("person__last_name", "person__first_name", "pk"), PEOPLE_PER_PAGE
    )
    page = page.get_page(request.GET.get("page"))
    people = reading.people_answers(list(page), sections, reader, today)
    if any(p["response"].submitted_at and not reader.is_own(p["response"]) for p in people):
        reader.record_read(questionnaire, note=f"each person's answers, page {page.number}")
    context = {
        "questionnaire": questionnaire,
        "programme": questionnaire.programme,
        "page": page,
        "people": people,
        "reads_text": reader.reads_written_answers_as_coordinator,
    }
    return render(request, "evaluations/answers_by_person.html", context)


def _answers_of(request, pk):
    """The questionnaire if this person coordinates its programme (404 otherwise), how they
    read its answers, and its sections with their questions."""
    questionnaire = get_object_or_404(
        coordinated_questionnaires(request.user).select_related("programme"), pk=pk
    )
    reader = AnswerReader(request.user, questionnaire.programme)
    return questionnaire, reader, list(questionnaire.sections.prefetch_related("questions"))
