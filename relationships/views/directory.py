from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentoring.people.permissions import staff_member_of
from mentoring.web import add_errors, confirmation, run_service
from programmes.models import Application, Programme

from .. import selectors
from ..filters import DirectoryFilter
from ..forms import (
    AnswerForm,
    RequestForm,
)
from ..models import MentorRequest
from ..services import requests


@login_required
def directory(request, pk):
    programme = get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)
    if programme.matching_mode not in selectors.CHOOSING_MODES:
        return _closed(request, programme, "coordinator_matches", 404)
    mine = selectors.my_mentee_application(request.user, programme)
    if mine is None:
        return _closed(request, programme, _why_not_a_mentee(request.user, programme), 403)
    mentors = selectors.directory_for(mine).for_scoring().with_areas()
    directory_filter = DirectoryFilter(
        request.GET, queryset=mentors.order_by("applicant__last_name")
    )
    page = Paginator(directory_filter.qs.distinct(), 20).get_page(request.GET.get("page"))
    asked = set(
        MentorRequest.objects.pending(timezone.now())
        .filter(mentee_application=mine)
        .values_list("mentor_application_id", flat=True)
    )
    context = {
        "programme": programme,
        "filter": directory_filter,
        "page": page,
        "asked": asked,
        "paired": mine.memberships.filter(is_live=True).exists(),
    }
    return render(request, "relationships/directory.html", context)


def _why_not_a_mentee(user, programme):
    me = staff_member_of(user)
    applied = programme.applications.filter(applicant=me, role="mentee").exclude(
        status__in=[Application.Status.WITHDRAWN, Application.Status.DECLINED]
    )
    return "not_yet_accepted" if me and applied.exists() else "not_applied"


def _closed(request, programme, reason, status):
    """The directory is not open to this person: why, and what to do instead."""
    context = {"programme": programme, "reason": reason}
    return render(request, "relationships/directory_closed.html", context, status=status)


@login_required
def request_new(request, pk):
    mentor = get_object_or_404(
        Application.objects.for_scoring().select_related("programme"), pk=pk, role="mentor"
    )
    mine = selectors.my_mentee_application(request.user, mentor.programme)
    if mine is None or not selectors.directory_for(mine).filter(pk=mentor.pk).exists():
        raise Http404("This mentor is not in your directory.")
    form = RequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            requests.request_send(
                by=request.user, mentor_application=mentor, message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Request sent to {mentor.applicant.full_name}.")
            return redirect("relationships:mine")
    return render(request, "relationships/request_form.html", {"mentor": mentor, "form": form})


@login_required
@require_POST
def request_answer(request, pk):
    mentor_request = _request_for(request, pk, "mentor_application")
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose accept or decline.")
        return redirect("relationships:mine")
    accept = form.cleaned_data["accept"]
    run_service(
        request,
        requests.request_answer,
        "Accepted: arrange an introductory meeting." if accept else "Declined.",
        mentor_request=mentor_request,
        accept=accept,
        reply=form.cleaned_data["reply"],
    )
    return redirect("relationships:mine")


@login_required
@require_POST
def request_withdraw(request, pk):
    mentor_request = _request_for(request, pk, "mentee_application")
    mentor = mentor_request.mentor_application.applicant.full_name
    page = confirmation(
        request,
        title=f"Withdraw your request to {mentor}?",
        what_happens=_withdrawing_in_words(mentor_request, mentor),
        button="Withdraw the request",
        cancel=reverse("relationships:mine"),
    )
    if page:
        return page
    run_service(
        request, requests.request_withdraw, "Request withdrawn.", mentor_request=mentor_request
    )
    return redirect("relationships:mine")


def _withdrawing_in_words(mentor_request, mentor):
    if mentor_request.status == MentorRequest.Status.MANAGER:
        happens = (
            f"{mentor} accepted; you will not be paired, and your line manager is no longer asked."
        )
    else:
        happens = f"The request leaves {mentor}'s list of requests waiting for an answer."
    return [happens, "You can ask another mentor, or ask again later."]


def _request_for(request, pk, side):
    me = staff_member_of(request.user)
    return get_object_or_404(
        MentorRequest.objects.select_related(
            "mentee_application__applicant", "mentor_application__applicant"
        ),
        pk=pk,
        **{f"{side}__applicant": me},
    )
