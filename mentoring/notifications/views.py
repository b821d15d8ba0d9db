from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mentoring.people.permissions import is_coordinator, is_line_manager, staff_member_of
from mentoring.web import id_from

from .forms import PreferencesForm
from .models import Notification, Preference, kinds_reaching
from .services import notification_read, notifications_read_all, preferences_save


def _mine(user):
    return Notification.objects.filter(person__user=user)


@login_required
def notification_list(request):
    """Everyone signed in reads their own notifications, newest first, and nobody else's."""
    notifications = _mine(request.user)
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    unread = notifications.filter(read_at__isnull=True).aggregate(n=Count("pk"), newest=Max("pk"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread": unread["n"], "newest_unread": unread["newest"]},
    )


@login_required
@require_POST
def notification_open(request, pk):
    """Mark one as read and go to the page it is about."""
    notification = get_object_or_404(_mine(request.user), pk=pk)
    notification_read(by=request.user, notification=notification)
    return redirect(notification.link)


@login_required
def preferences(request):
    """How each kind of notification is emailed to the person signed in."""
    me = staff_member_of(request.user)
    if me is None:
        raise PermissionDenied
    current = dict(Preference.objects.filter(person=me).values_list("kind", "how"))
    kinds = kinds_reaching(
        line_manager=is_line_manager(request.user), coordinator=is_coordinator(request.user)
    )
    form = PreferencesForm(request.POST or None, current=current, kinds=kinds)
    if form.is_valid():
        preferences_save(by=request.user, choices=form.cleaned_data)
        messages.success(request, "Your choices are saved.")
        return redirect("notifications:list")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
@require_POST
def read_all(request):
    if up_to := id_from(request.POST.get("up_to")):
        notifications_read_all(by=request.user, up_to=up_to)
    return redirect("notifications:list")
