from django.contrib import admin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """To read only: what was sent, to whom and when; the sweep writes them."""

    list_display = [
        "created_at",
        "person",
        "kind",
        "occasion",
        "emailed_at",
        "email_failed_at",
        "read_at",
    ]
    list_filter = ["kind"]
    search_fields = ["person__last_name", "person__work_email"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "how"]
    list_filter = ["kind", "how"]
    search_fields = ["person__last_name", "person__work_email"]
