from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import Programme
from ..permissions import can_manage_programme


def managed_programme(request, pk):
    """The programme, if this person coordinates it: 404 if they cannot see it at all."""
    programme = get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)
    if not can_manage_programme(request.user, programme):
        raise PermissionDenied
    return programme
