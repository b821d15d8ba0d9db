from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from mentoring.people.permissions import staff_member_of

from .selectors import home_page


@login_required
def home(request):
    """What needs the person signed in, on any screen."""
    me = staff_member_of(request.user)
    return render(request, "people/home.html", {"me": me, **home_page(me)})
