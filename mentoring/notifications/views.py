from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .models import Notification
from .services import notification_read, notifications_read_all


def _mine(user):
    return Notification.objects.filter(person__user=user)


@login_required
def notification_list(request):
    """Everyone signed in reads their own notifications, newest first, and nobody else's."""
    notifications = _mine(request.user)
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    unread = notifications.filter(read_at__isnull=True).count()
    return render(request, "notifications/list.html", {"page": page, "unread": unread})


@login_required
@require_POST
def notification_open(request, pk):
    """Mark one as read and go to the page it is about."""
    notification = get_object_or_404(_mine(request.user), pk=pk)
    notification_read(by=request.user, notification=notification)
    return redirect(notification.link)


@login_required
@require_POST
def read_all(request):
    notifications_read_all(by=request.user)
    return redirect("notifications:list")
