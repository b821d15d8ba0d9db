from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from mentoring.people.permissions import staff_member_of

from ..team import team_of


@login_required
def team(request):
    """A line manager's team: participation and dates of the people they manage now."""
    return render(
        request, "relationships/team.html", {"team": team_of(staff_member_of(request.user))}
    )
