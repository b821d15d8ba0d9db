from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from mentoring.people.permissions import staff_member_of
from mentoring.web import add_errors

from ..forms import ManagerAnswerForm
from ..models import ManagerAnswer
from ..services.manager_answers import manager_answer_give
from ..team import team_of


@login_required
def team(request):
    """A line manager's team: participation and dates of the people they manage now."""
    return render(
        request, "relationships/team.html", {"team": team_of(staff_member_of(request.user))}
    )


@login_required
def mentor_choice(request, pk):
    """The line manager asked about a proposed mentor sees the mentor's name and job title,
    nothing more, and supports the choice or raises a concern (000 §3.2)."""
    answer = get_object_or_404(
        ManagerAnswer.objects.visible_to(request.user).select_related(
            "mentee_application__applicant",
            "mentee_application__programme",
            "mentor_application__applicant",
        ),
        pk=pk,
    )
    form = ManagerAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            manager_answer_give(by=request.user, answer=answer, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Thank you: the coordinator will read your answer.")
            return redirect("relationships:team")
    return render(
        request, "relationships/team_mentor_choice.html", {"answer": answer, "form": form}
    )
