from django.contrib import admin

from mentoring.roles import staff_member_of

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """To read only: the log is append-only, here as everywhere (DATA-2)."""

    list_display = [
        "at",
        "who",
        "action",
        "kind",
        "object_id",
        "relationship_id",
        "programme_id",
        "note",
    ]
    list_filter = ["action", "kind"]
    search_fields = ["who"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        me = staff_member_of(request.user)
        return super().get_queryset(request).without_concerns_in_relationships_of(me)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
