from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from mentoring.confidential_admin import ConfidentialAdminMixin

from .models import (
    Application,
    Area,
    Booking,
    Policy,
    PolicyRevision,
    Programme,
    TrainingSession,
)
from .permissions import can_manage_programme
from .services.applications import application_decide
from .services.programmes import programme_changes_record


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "mentoring_model", "matching_mode", "status", "archived_at", "preset"]
    list_filter = ["status", "mentoring_model", "matching_mode"]
    search_fields = ["name", "purpose"]
    filter_horizontal = ["coordinators"]
    raw_id_fields = ["sponsor"]
    # Opening, closing and archiving go through the services, which keep the lifecycle's rules;
    # so does letting coordinators read, which tells the people in it and is audited (PRG-3).
    readonly_fields = [
        "status",
        "archived_at",
        "preset",
        "coordinator_reads_meeting_logs",
        "coordinator_reads_evaluation_text",
    ]

    def save_model(self, request, obj, form, change):
        stored = Programme.objects.filter(pk=obj.pk).first() if change else None
        request.programme_before = stored, set(stored.coordinators.all()) if stored else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """Settings and coordinators changed here are audited as in the portal (issue 18 §13)."""
        super().save_related(request, form, formsets, change)
        before, had = request.programme_before
        if before is not None:
            programme_changes_record(
                by=request.user, before=before, had=had, programme=form.instance
            )


class PolicyRevisionInline(admin.TabularInline):
    model = PolicyRevision
    extra = 0


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "version", "owner", "next_review_on"]
    search_fields = ["title", "programme__name", "owner"]
    list_select_related = ["programme"]
    inlines = [PolicyRevisionInline]


@admin.register(PolicyRevision)
class PolicyRevisionAdmin(admin.ModelAdmin):
    list_display = ["policy", "version", "revised_on", "author"]
    search_fields = ["policy__title", "reason", "author"]
    list_select_related = ["policy"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["name"]


@admin.register(Application)
class ApplicationAdmin(ConfidentialAdminMixin, admin.ModelAdmin):
    list_display = ["applicant", "programme", "role", "status", "created_at"]
    list_filter = ["status", "role", "programme"]
    search_fields = ["applicant__first_name", "applicant__last_name", "applicant__work_email"]
    list_select_related = ["applicant", "programme"]
    raw_id_fields = ["applicant", "manager", "decided_by"]
    # Status changes go through the services so that their rules hold.
    readonly_fields = [
        "status",
        "waiting_since",
        "decided_at",
        "manager_decided_at",
        "withdrawn_at",
        "places_taken",
        "capacity",  # changing it could fall below the places taken; ask the mentor to reapply
    ]
    actions = ["accept", "put_on_waiting_list"]

    def has_add_permission(self, request):
        return False  # people apply through the portal, where the approval rules hold

    def may_read(self, request, obj):
        """The programme's coordinators, who read all of it in the portal (APP-4)."""
        return can_manage_programme(request.user, obj.programme)

    @admin.action(description="Accept the selected applications")
    def accept(self, request, queryset):
        self._decide(request, queryset, "accept")

    @admin.action(description="Put the selected applications on the waiting list")
    def put_on_waiting_list(self, request, queryset):
        self._decide(request, queryset, "waiting_list")

    def _decide(self, request, queryset, decision):
        for application in queryset:
            try:
                application_decide(by=request.user, application=application, decision=decision)
            except (ValidationError, PermissionDenied) as exc:
                text = " ".join(getattr(exc, "messages", [str(exc)]))
                self.message_user(request, f"{application}: {text}", messages.ERROR)


class BookingInline(admin.TabularInline):
    model = Booking
    extra = 0
    raw_id_fields = ["person"]
    readonly_fields = ["status", "attended"]

    def has_add_permission(self, request, obj=None):
        return False  # people book through the portal, where the waiting list's rules hold


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["kind", "starts_at", "programme", "place", "capacity"]
    list_filter = ["kind", "programme"]
    search_fields = ["place", "notes"]
    list_select_related = ["programme"]
    inlines = [BookingInline]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["person", "session", "status", "prioritised", "attended"]
    list_filter = ["status", "attended", "session__kind"]
    search_fields = ["person__first_name", "person__last_name", "person__work_email"]
    list_select_related = ["person", "session"]
    raw_id_fields = ["person", "session"]
    readonly_fields = ["status", "attended"]

    def has_add_permission(self, request):
        return False
