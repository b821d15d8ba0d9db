"""Questionnaires built by the programme's coordinators (EVAL-1). Others who can see the
programme are refused, as on the programme's other pages; a change to a version that has
answers goes to its next version (see services.questionnaires)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentoring.people.permissions import is_coordinator
from mentoring.web import add_errors, confirmation
from programmes.views.common import managed_programme

from ..dashboard import coordinated_programmes
from ..forms.questionnaires import QuestionForm, QuestionnaireForm, SectionForm
from ..models import Question, Questionnaire, Section
from ..services import questionnaires as services
from ..shipped import SHIPPED

ROLES = [Section.AddressedTo.MENTOR, Section.AddressedTo.MENTEE, Section.AddressedTo.MANAGER]


@login_required
def questionnaires(request):
    """Every programme the coordinator runs, each with its questionnaires."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    programmes = list(coordinated_programmes(request.user))
    context = {"programmes": services.questionnaires_by_programme(programmes)}
    return render(request, "evaluations/questionnaires.html", context)


@login_required
def questionnaire_list(request, pk):
    """The programme's questionnaires as they are now, with how many were sent and answered
    across all their versions."""
    programme = managed_programme(request, pk)
    context = {"programme": programme, "questionnaires": services.current_with_counts(programme)}
    return render(request, "evaluations/questionnaire_list.html", context)


@login_required
def questionnaire_add(request, pk):
    """Copy a shipped questionnaire into the programme, or start a blank one."""
    programme = managed_programme(request, pk)
    shipped = request.method == "POST" and "template" in request.POST
    form = QuestionnaireForm(request.POST if request.method == "POST" and not shipped else None)
    if shipped:
        try:
            questionnaire = services.questionnaire_from_template(
                by=request.user, programme=programme, key=request.POST["template"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"“{questionnaire.title}” added. Change it as you like.")
            return redirect("evaluations:questionnaire", questionnaire.pk)
    elif form.is_bound and form.is_valid():
        try:
            questionnaire = services.questionnaire_add(
                by=request.user, programme=programme, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Questionnaire started. Now add its sections.")
            return redirect("evaluations:questionnaire", questionnaire.pk)
    context = {"programme": programme, "form": form, "shipped": SHIPPED}
    return render(request, "evaluations/questionnaire_add.html", context)


@login_required
def questionnaire_detail(request, pk):
    """The questionnaire as respondents will see it, with links to change it."""
    questionnaire = _questionnaire(
        request,
        pk,
        Questionnaire.objects.prefetch_related(
            Prefetch("sections", queryset=Section.objects.prefetch_related("questions"))
        ),
    )
    try:
        services.questionnaire_change_check(questionnaire)
    except ValidationError as exc:
        can_change, why_not = False, " ".join(exc.messages)
    else:
        can_change, why_not = True, ""
    versions = Questionnaire.objects.filter(lineage=questionnaire.lineage).exclude(
        pk=questionnaire.pk
    )
    seen_as = request.GET.get("as") if request.GET.get("as") in ROLES else ""
    sections = [s for s in questionnaire.sections.all() if not seen_as or s.is_for(seen_as)]
    context = {
        "questionnaire": questionnaire,
        "sections": sections,
        "seen_as": seen_as,
        "programme": questionnaire.programme,
        "can_change": can_change,
        "why_not": why_not,
        "answered": can_change and services.has_answers(questionnaire),
        "versions": versions.order_by("-version"),
        "submitted": questionnaire.responses.filter(submitted_at__isnull=False).count(),
    }
    return render(request, "evaluations/questionnaire_detail.html", context)


@login_required
def questionnaire_edit(request, pk):
    questionnaire = _questionnaire(request, pk)
    refused = _refused(request, questionnaire)
    if refused:
        return refused
    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None, instance=questionnaire
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.questionnaire_update(
                by=request.user, questionnaire=questionnaire, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return _saved(request, questionnaire, changed)
    context = {"questionnaire": questionnaire, "form": form}
    return render(request, "evaluations/questionnaire_form.html", context)


@login_required
@require_POST
def questionnaire_retire(request, pk):
    questionnaire = _questionnaire(request, pk)
    page = _refused(request, questionnaire) or confirmation(
        request,
        title=f"Retire “{questionnaire.title}”?",
        what_happens=[
            f"It is no longer sent {_when_sent(questionnaire)}.",
            "The answers already given are kept, and so are the copies already sent.",
        ],
        button="Retire the questionnaire",
        cancel=reverse("evaluations:questionnaire", args=[pk]),
    )
    if page:
        return page
    try:
        services.questionnaire_retire(by=request.user, questionnaire=questionnaire)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"“{questionnaire.title}” is retired: it is no longer sent. Answers stay."
        )
    return redirect("evaluations:questionnaire", questionnaire.pk)


def _when_sent(questionnaire):
    if questionnaire.use == Questionnaire.Use.SURVEY:
        return "as a survey"
    return "when a relationship ends"


@login_required
def section_add(request, pk):
    questionnaire = _questionnaire(request, pk)
    return _section_form(request, questionnaire, None)


@login_required
def section_edit(request, pk):
    section = _section(request, pk)
    return _section_form(request, section.questionnaire, section)


@login_required
@require_POST
def section_delete(request, pk):
    section = _section(request, pk)
    questionnaire = section.questionnaire
    questions = section.questions.count()
    page = _refused(request, questionnaire) or confirmation(
        request,
        title=f"Delete the section “{section.title}”?",
        what_happens=[
            f"The section and its {questions} question{pluralize(questions)} are deleted "
            f"from “{questionnaire.title}”.",
            *_where_change_goes(questionnaire),
        ],
        button="Delete the section",
        cancel=reverse("evaluations:section_edit", args=[pk]),
    )
    if page:
        return page
    try:
        changed = services.section_delete(by=request.user, section=section)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("evaluations:questionnaire", questionnaire.pk)
    return _saved(request, questionnaire, changed, "Section deleted, with its questions.")


@login_required
def question_add(request, pk):
    section = _section(request, pk)
    return _question_form(request, section, None)


@login_required
def question_edit(request, pk):
    question = _question(request, pk)
    return _question_form(request, question.section, question)


@login_required
@require_POST
def question_delete(request, pk):
    question = _question(request, pk)
    questionnaire = question.section.questionnaire
    page = _refused(request, questionnaire) or confirmation(
        request,
        title="Delete this question?",
        what_happens=[
            f"“{question.text}” is deleted from “{questionnaire.title}”.",
            *_where_change_goes(questionnaire),
        ],
        button="Delete the question",
        cancel=reverse("evaluations:question_edit", args=[pk]),
    )
    if page:
        return page
    try:
        changed = services.question_delete(by=request.user, question=question)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("evaluations:questionnaire", questionnaire.pk)
    return _saved(request, questionnaire, changed, "Question deleted.")


def _where_change_goes(questionnaire):
    """What a confirm page says of a change to a version people have answered."""
    if not services.has_answers(questionnaire):
        return []
    return [
        f"People have answered version {questionnaire.version}: the change makes version "
        f"{questionnaire.version + 1}, and the answers already given stay with version "
        f"{questionnaire.version}."
    ]


def _section_form(request, questionnaire, section):
    refused = _refused(request, questionnaire)
    if refused:
        return refused
    form = SectionForm(request.POST if request.method == "POST" else None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.section_save(
                by=request.user,
                questionnaire=questionnaire,
                section=section,
                data=form.cleaned_data,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return _saved(request, questionnaire, saved.questionnaire)
    context = {"questionnaire": questionnaire, "section": section, "form": form}
    return render(request, "evaluations/section_form.html", context)


def _question_form(request, section, question):
    questionnaire = section.questionnaire
    refused = _refused(request, questionnaire)
    if refused:
        return refused
    form = QuestionForm(request.POST if request.method == "POST" else None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.question_save(
                by=request.user, section=section, question=question, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return _saved(request, questionnaire, saved.section.questionnaire)
    context = {
        "questionnaire": questionnaire,
        "section": section,
        "question": question,
        "form": form,
    }
    return render(request, "evaluations/question_form.html", context)


def _questionnaire(request, pk, queryset=Questionnaire.objects):
    """The questionnaire, if this person coordinates its programme: 404 if they cannot see
    the programme at all, 403 if they may only read it."""
    questionnaire = get_object_or_404(queryset, pk=pk)
    questionnaire.programme = managed_programme(request, questionnaire.programme_id)
    return questionnaire


def _section(request, pk):
    section = get_object_or_404(Section.objects.select_related("questionnaire"), pk=pk)
    section.questionnaire.programme = managed_programme(request, section.questionnaire.programme_id)
    return section


def _question(request, pk):
    question = get_object_or_404(Question.objects.select_related("section__questionnaire"), pk=pk)
    questionnaire = question.section.questionnaire
    questionnaire.programme = managed_programme(request, questionnaire.programme_id)
    return question


def _refused(request, questionnaire):
    """Back to the questionnaire, saying why, when this version can no longer change."""
    try:
        services.questionnaire_change_check(questionnaire)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("evaluations:questionnaire", questionnaire.pk)
    return None


def _saved(request, before, after, done="Saved."):
    """Say where the change went: a new version keeps the answers already given with the one
    they answered."""
    if after.pk != before.pk:
        done = (
            f"{done} Because people have answered version {before.version}, the change "
            f"made version {after.version}; the answers already given stay with version "
            f"{before.version}."
        )
    messages.success(request, done)
    return redirect(reverse("evaluations:questionnaire", args=[after.pk]))
