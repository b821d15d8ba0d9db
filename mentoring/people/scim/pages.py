"""The site administrator's page for provisioning tokens: make one (shown once), see when each
was last used, revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentoring.web import confirmation

from ..forms import ProvisioningTokenForm
from ..models import ProvisioningToken
from ..permissions import can_manage_provisioning
from .tokens import provisioning_token_create, provisioning_token_revoke


@login_required
def tokens(request):
    if not can_manage_provisioning(request.user):
        raise PermissionDenied
    form = ProvisioningTokenForm(request.POST if request.method == "POST" else None)
    made = None
    if request.method == "POST" and form.is_valid():
        made = provisioning_token_create(by=request.user, name=form.cleaned_data["name"])
        form = ProvisioningTokenForm()
    context = {
        "form": form,
        "made": made,
        "tokens": ProvisioningToken.objects.select_related("created_by__staff_member"),
        "tenant_url": request.build_absolute_uri(reverse("scim:users")).removesuffix("Users"),
    }
    return render(request, "people/provisioning.html", context)


@login_required
@require_POST
def token_revoke(request, pk):
    if not can_manage_provisioning(request.user):
        raise PermissionDenied
    token = get_object_or_404(ProvisioningToken.objects.in_use(), pk=pk)
    page = confirmation(
        request,
        title=f"Revoke the token “{token.name}”?",
        what_happens=[
            "Whatever uses it can no longer change staff records, straight away.",
            "This cannot be undone: make a new token to start again.",
        ],
        button="Revoke the token",
        cancel=reverse("people:provisioning"),
    )
    if page:
        return page
    provisioning_token_revoke(by=request.user, token=token)
    messages.success(request, f"The token “{token.name}” is revoked.")
    return redirect("people:provisioning")
