from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from mentoring.roles import is_coordinator

from .filters import AuditEntryFilter
from .models import AuditEntry


@login_required
def search(request):
    if not is_coordinator(request.user):
        raise PermissionDenied
    entry_filter = AuditEntryFilter(
        request.GET, queryset=AuditEntry.objects.visible_to(request.user)
    )
    page = Paginator(entry_filter.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/search.html",
        {"filter": entry_filter, "page": page, "query": query.urlencode()},
    )
