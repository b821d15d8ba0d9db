"""Relationships are formed only through `services.pairing.pair` (directory, proposals and
group forming), where the hard rules and the mentor's places are checked; the admin site shows
them and offers the actions that go through the same services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q

from mentoring.confidential_admin import ConfidentialAdminMixin
from mentoring.people.permissions import staff_member_of
from programmes.models import Programme

from .models import (
    ActionItem,
    ActionPlan,
    Agreement,
    CheckIn,
    Concern,
    CoordinatorNote,
    Goal,
    ManagerAnswer,
    MatchRun,
    Meeting,
    MeetingLog,
    Member,
    MentorRequest,
    Message,
    PrivateNote,
    Proposal,
    Relationship,
    Review,
    ReviewAnswer,
    SetAside,
    SharedSummary,
    Signature,
    Weights,
)
from .permissions import Reader
from .services.care import concern_handle
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


class ConfidentialAdmin(ConfidentialAdminMixin, ReadOnlyAdmin):
    """Read-only, and what the model declares confidential is hidden unless the signed-in
    person may read it in the portal too (DATA-1), asking the same Reader; showing it is
    audited like any other read (DATA-2)."""

    HIDDEN = "Hidden: confidential to the people in the relationship."

    def _reader(self, request, obj):
        relationship = Relationship.objects.select_related("programme").get(
            pk=self.said.relationship_id(obj)
        )
        return Reader(request.user, relationship)

    def may_read(self, request, obj):
        return self._reader(request, obj).can_read_record(obj)

    def record_read(self, request, obj):
        self._reader(request, obj).read_record(obj, note="admin site")


@admin.register(Member)
class MemberAdmin(ConfidentialAdmin):
    list_display = ["person", "role", "relationship", "goes_ahead", "is_live"]
    list_select_related = ["person", "relationship__programme"]
    search_fields = ["person__first_name", "person__last_name"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("relationship__members__person")


@admin.register(MentorRequest)
class MentorRequestAdmin(ConfidentialAdmin):
    list_display = ["__str__", "status", "created_at", "expires_at"]
    list_filter = ["status"]
    list_select_related = ["mentee_application__applicant", "mentor_application__applicant"]

    def may_read(self, request, obj):
        """The mentee who asked and the mentor asked, as in the portal; nobody else."""
        me = staff_member_of(request.user)
        asked = {obj.mentee_application.applicant_id, obj.mentor_application.applicant_id}
        return me is not None and me.pk in asked

    def record_read(self, request, obj):
        pass  # their own request, or one addressed to them


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


@admin.register(ManagerAnswer)
class ManagerAnswerAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "answer", "asked_at", "answered_at"]
    list_select_related = ["manager", "mentee_application__applicant"]


@admin.register(MatchRun)
class MatchRunAdmin(ReadOnlyAdmin):
    list_display = ["programme", "status", "progress", "summary", "created_at"]
    list_select_related = ["programme"]


@admin.register(Weights)
class WeightsAdmin(admin.ModelAdmin):
    list_display = ["programme", *Weights.FACTORS]
    list_select_related = ["programme"]


@admin.register(Meeting)
class MeetingAdmin(ConfidentialAdmin):
    list_display = ["relationship", "starts_at", "minutes", "method", "cancelled_at"]
    list_select_related = ["relationship__programme"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("relationship__members__person")


@admin.register(Agreement)
class AgreementAdmin(ConfidentialAdmin):
    list_display = ["relationship", "version", "created_at", "locked_at"]
    list_select_related = ["relationship__programme"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("relationship__members__person")


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "person", "typed_name", "signed_at"]
    list_select_related = ["agreement", "person"]


@admin.register(MeetingLog)
class MeetingLogAdmin(ConfidentialAdmin):
    list_display = ["meeting", "written_by", "status", "written_at"]
    list_select_related = ["meeting", "written_by"]


@admin.register(ActionItem)
class ActionItemAdmin(ConfidentialAdmin):
    list_display = ["pk", "relationship", "owner", "due_on", "status"]
    list_select_related = ["relationship__programme", "owner"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("relationship__members__person")


@admin.register(PrivateNote)
class PrivateNoteAdmin(ConfidentialAdmin):
    list_display = ["pk", "meeting", "updated_at"]
    list_select_related = ["meeting"]


@admin.register(Message)
class MessageAdmin(ConfidentialAdmin):
    list_display = ["pk", "relationship", "author", "sent_at"]
    list_select_related = ["relationship__programme", "author"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("relationship__members__person")


@admin.register(ActionPlan)
class ActionPlanAdmin(ConfidentialAdmin):
    list_display = ["mentee", "started_on", "updated_at"]
    list_select_related = ["mentee__person"]


@admin.register(Goal)
class GoalAdmin(ConfidentialAdmin):
    list_display = ["pk", "plan", "status", "review_on"]
    list_select_related = ["plan__mentee__person"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["relationship", "due_on"]
    list_select_related = ["relationship__programme"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("relationship__members__person")


@admin.register(ReviewAnswer)
class ReviewAnswerAdmin(ConfidentialAdmin):
    list_display = ["review", "person", "answered_at"]
    list_select_related = ["review", "person"]


@admin.register(Concern)
class ConcernAdmin(ConfidentialAdmin):
    list_display = ["pk", "relationship", "raised_at", "handled_at"]
    list_select_related = ["relationship__programme"]
    actions = ["mark_dealt_with"]

    @admin.action(description="Mark as dealt with (where every coordinator is in it)")
    def mark_dealt_with(self, request, queryset):
        for concern in queryset.select_related("relationship__programme"):
            try:
                concern_handle(by=request.user, concern=concern)
            except (PermissionDenied, ValidationError) as exc:
                refusal = " ".join(getattr(exc, "messages", [str(exc)]))
                self.message_user(request, f"{concern}: {refusal}", messages.ERROR)
            else:
                self.message_user(request, f"{concern}: marked as dealt with.", messages.SUCCESS)

    def get_queryset(self, request):
        """Nobody in a relationship learns here of a concern someone else raised in it (REL-4)."""
        concerns = super().get_queryset(request).prefetch_related("relationship__members__person")
        me = staff_member_of(request.user)
        if me is None:
            return concerns
        mine = me.memberships.values("relationship_id")
        return concerns.exclude(Q(relationship__in=mine) & ~Q(raised_by=me))


@admin.register(SharedSummary)
class SharedSummaryAdmin(ConfidentialAdmin):
    list_display = ["mentee", "relationship", "status", "shared_at"]
    list_select_related = ["mentee", "relationship__programme"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("relationship__members__person")


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ["relationship", "sent_by", "sent_at"]
    list_select_related = ["relationship__programme", "sent_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("relationship__members__person")


@admin.register(CoordinatorNote)
class CoordinatorNoteAdmin(ConfidentialAdmin):
    list_display = ["pk", "relationship", "written_by", "written_at"]
    list_select_related = ["relationship__programme", "written_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("relationship__members__person")


@admin.register(SetAside)
class SetAsideAdmin(ConfidentialAdmin):
    list_display = ["pk", "relationship", "reason", "until", "set_by"]
    list_select_related = ["relationship__programme", "set_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("relationship__members__person")
