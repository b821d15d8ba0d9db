"""Second factors in the admin site: seen and deleted (for someone who lost their phone), never
added or changed there, and never a key, code or public key shown. Secrets are set only by the
portal's enrolment, which checks that the person holds them. Replaces the libraries' own admins,
which offer a key field (django-otp-webauthn registers none)."""

from django.contrib import admin
from django_otp.plugins.otp_static import admin as static_admin  # noqa: F401 (registers first)
from django_otp.plugins.otp_totp import admin as totp_admin  # noqa: F401

from mentoring.audit.models import AuditEntry
from mentoring.audit.services import audit_record

from .selectors import KINDS, NAMES
from .services import KIND

SHOWN = ["user", "name", "confirmed", "created_at", "last_used_at"]


class SecondFactorAdmin(admin.ModelAdmin):
    fields = SHOWN
    readonly_fields = SHOWN
    list_display = SHOWN
    list_filter = ["confirmed"]
    search_fields = ["user__email"]
    inlines = []

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _removed(request, [obj])

    def delete_queryset(self, request, queryset):
        devices = list(queryset)
        super().delete_queryset(request, queryset)
        _removed(request, devices)


def _removed(request, devices):
    for device in devices:
        kind = next(k for k, model in KINDS.items() if isinstance(device, model))
        audit_record(
            by=request.user,
            action=AuditEntry.Action.DELETE,
            kind=KIND,
            object_id=device.user_id,
            note=f"{NAMES[kind]} removed in the admin site",
        )


for _model in KINDS.values():
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, SecondFactorAdmin)
