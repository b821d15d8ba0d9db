"""Relationships are formed only through `services.pairing.pair` (directory, proposals and
group forming), where the hard rules and the mentor's places are checked; the admin site shows
them and offers the actions that go through the same services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from programmes.models import Programme

from .models import MatchRun, Meeting, Member, MentorRequest, Proposal, Relationship, Weights
from .services.pairing import line_management_check
from .services.proposals import proposals_approve


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # deleting would leave the mentors' places counted


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    fields = ["person", "role", "goes_ahead", "is_live"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Relationship)
class RelationshipAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "programme", "status", "created_at", "ending", "review_needed"]
    list_filter = ["status", "ending", "programme"]
    search_fields = ["members__person__first_name", "members__person__last_name"]
    list_select_related = ["programme"]
    inlines = [MemberInline]
    actions = ["check_line_management"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members__person")

    @admin.action(description="Check every relationship for line-management links now")
    def check_line_management(self, request, queryset):
        flagged = line_management_check()
        self.message_user(request, f"{flagged} newly flagged for review.", messages.INFO)


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ["person", "role", "relationship", "goes_ahead", "is_live"]
    list_select_related = ["person", "relationship__programme"]
    search_fields = ["person__first_name", "person__last_name"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("relationship__members__person")


@admin.register(MentorRequest)
class MentorRequestAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "created_at", "expires_at"]
    list_filter = ["status"]
    list_select_related = ["mentee_application__applicant", "mentor_application__applicant"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "programme", "score", "is_pinned"]
    list_select_related = [
        "programme",
        "mentee_application__applicant",
        "mentor_application__applicant",
    ]
    actions = ["approve"]

    @admin.action(description="Approve the selected proposals (the hard rules still apply)")
    def approve(self, request, queryset):
        for programme in Programme.objects.filter(proposals__in=queryset).distinct():
            try:
                made, refusals = proposals_approve(
                    by=request.user,
                    programme=programme,
                    proposals=queryset.filter(programme=programme),
                )
            except (PermissionDenied, ValidationError) as exc:
                made, refusals = [], getattr(exc, "messages", [str(exc)])
            self.message_user(request, f"{programme}: {len(made)} proposed.", messages.INFO)
            for refusal in refusals:
                self.message_user(request, f"{programme}: {refusal}", messages.ERROR)


@admin.register(MatchRun)
class MatchRunAdmin(ReadOnlyAdmin):
    list_display = ["programme", "status", "progress", "summary", "created_at"]
    list_select_related = ["programme"]


@admin.register(Weights)
class WeightsAdmin(admin.ModelAdmin):
    list_display = ["programme", *Weights.FACTORS]
    list_select_related = ["programme"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["relationship", "starts_at", "minutes", "method", "cancelled_at"]
    list_select_related = ["relationship__programme"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("relationship__members__person")
