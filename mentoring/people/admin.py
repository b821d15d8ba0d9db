from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group

from .models import (
    CalendarFeed,
    Department,
    Grade,
    Location,
    ProvisioningToken,
    StaffMember,
    User,
)
from .services import access_changes_record, group_permission_changes_record
from .signals import line_management_changed
from .staff_import import staff_changes_record
from .two_factor import admin as two_factor_admin  # noqa: F401 (second factors, read-only)

ADMIN_FLAGS = {"is_staff": "Staff status (admin site)", "is_superuser": "Superuser status"}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "is_active", "is_staff", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = ["groups"]

    def save_related(self, request, form, formsets, change):
        """Group membership and admin status changed here are audited, as roles are."""
        user = form.instance
        before = set(user.groups.values_list("name", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(user.groups.values_list("name", flat=True))
        flags = [f for f in ADMIN_FLAGS if f in form.changed_data]
        access_changes_record(
            by=request.user,
            user=user,
            granted=[f"{g} group" for g in sorted(after - before)]
            + [ADMIN_FLAGS[f] for f in flags if getattr(user, f)],
            revoked=[f"{g} group" for g in sorted(before - after)]
            + [ADMIN_FLAGS[f] for f in flags if not getattr(user, f)],
        )


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    def save_related(self, request, form, formsets, change):
        """What a group (a role's among them) may do, changed here, is audited."""
        group = form.instance
        before = set(group.permissions.all()) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(group.permissions.all())
        group_permission_changes_record(
            by=request.user, group=group, granted=after - before, revoked=before - after
        )


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = [
        "last_name",
        "first_name",
        "work_email",
        "job_title",
        "department",
        "location",
        "grade",
        "line_manager",
        "is_active",
        "is_external",
    ]
    list_filter = ["is_active", "is_external", "hours", "contract", "department", "location"]
    search_fields = ["first_name", "last_name", "work_email", "job_title"]
    list_select_related = ["department", "location", "grade", "line_manager"]
    raw_id_fields = ["user", "line_manager"]
    readonly_fields = ["created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        """A move to another line manager or a deactivation is audited, and checked, as an
        import's is."""
        stored = StaffMember.objects.select_related("line_manager").filter(pk=obj.pk).first()
        super().save_model(request, obj, form, change)
        if stored is None:
            return
        moves = []
        if stored.line_manager_id != obj.line_manager_id:
            was, now = stored.line_manager, obj.line_manager
            moves = [
                (obj, (getattr(was, "full_name", "nobody"), getattr(now, "full_name", "nobody")))
            ]
        staff_changes_record(
            by=request.user,
            back=[obj] if obj.is_active and not stored.is_active else [],
            moves=moves,
            left=[obj] if stored.is_active and not obj.is_active else [],
            how=" in the admin site",
        )
        if moves:  # as after an import: a new link may put a pair in one chain (MATCH-6)
            line_management_changed.send(sender=StaffMember, emails=[obj.work_email])


@admin.register(Department, Location)
class NamedAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ["name", "seniority"]
    list_editable = ["seniority"]
    search_fields = ["name"]


@admin.register(ProvisioningToken)
class ProvisioningTokenAdmin(admin.ModelAdmin):
    """Seen only: tokens are made and revoked on the portal's Provisioning page, which audits
    both and shows a token once; the admin site never shows even its hash."""

    fields = ["name", "created_at", "created_by", "last_used_at", "revoked_at"]
    readonly_fields = fields
    list_display = ["name", "created_at", "last_used_at", "revoked_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Seen only: whose calendar feeds exist and when each was made, last read and turned off.
    People make and revoke their own (Your calendar); the address is never kept or shown."""

    fields = ["person", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    list_display = fields
    list_select_related = ["person"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
