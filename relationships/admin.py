"""Relationships are formed only through `services.pairing.pair` (directory, proposals and
group forming), where the hard rules and the mentor's places are checked; the admin site shows
them and offers the actions that go through the same services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from programmes.models import Programme

from .models import (
    ActionItem,
    ActionPlan,
    Agreement,
    Concern,
    Goal,
    MatchRun,
    Meeting,
    MeetingLog,
    Member,
    MentorRequest,
    PrivateNote,
    Proposal,
    Relationship,
    Review,
    ReviewAnswer,
    SharedSummary,
    Signature,
    Weights,
)
from .permissions import Content, Reader
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


class ConfidentialAdmin(ReadOnlyAdmin):
    """Read-only, and what was said in mentoring is hidden unless the signed-in person may
    read it in the portal too (DATA-1): the admin site is no back door. Content is never
    listed or searched; showing it is audited like any other read (DATA-2)."""

    content = None  # a Content, or a function of the object giving one
    hidden = []  # the fields holding what was said
    relationship_path = "relationship"
    author_field = None
    HIDDEN = "Hidden: confidential to the people in the relationship."

    def lookup_allowed(self, lookup, value, request=None):
        """No filtering on what was said, even by hand in the address: a count of matches
        would tell what the hidden text contains."""
        if lookup.split("__")[0] in self.hidden:
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_fields(self, request, obj=None):
        fields = [f.name for f in self.model._meta.fields if f.name not in self.hidden]
        return [*fields, "confidential_content"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            relationship = Relationship.objects.select_related("programme").get(
                pk=self._relationship_id(obj)
            )
            reader = Reader(request.user, relationship)
            content = self.content(obj) if callable(self.content) else self.content
            author_id = getattr(obj, self.author_field) if self.author_field else None
            obj.shown_in_admin = reader.can_read(content, author_id=author_id)
            if obj.shown_in_admin:
                reader.read(content, obj, author_id=author_id, note="admin site")
        return obj

    @admin.display(description="What was said")
    def confidential_content(self, obj):
        if not getattr(obj, "shown_in_admin", False):
            return self.HIDDEN
        return "\n\n".join(
            f"{self.model._meta.get_field(name).verbose_name}: {getattr(obj, name)}"
            for name in self.hidden
        )

    def _relationship_id(self, obj):
        target = obj
        for step in self.relationship_path.split("__")[:-1]:
            target = getattr(target, step)
        return getattr(target, self.relationship_path.split("__")[-1] + "_id")


@admin.register(Member)
class MemberAdmin(ConfidentialAdmin):
    content = Content.CLOSING
    hidden = ["learned", "next_steps"]
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


@admin.register(Agreement)
class AgreementAdmin(ConfidentialAdmin):
    content = Content.AGREEMENT
    hidden = Agreement.CLAUSES
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
    content = Content.MEETING_LOG
    hidden = [
        "achieved",
        "challenges",
        "topics",
        "steps_agreed",
        "resources_needed",
        "next_meeting_on",
        "correction",
    ]
    relationship_path = "meeting__relationship"
    author_field = "written_by_id"
    list_display = ["meeting", "written_by", "status", "written_at"]
    list_select_related = ["meeting", "written_by"]


@admin.register(ActionItem)
class ActionItemAdmin(ConfidentialAdmin):
    hidden = ["description"]
    list_display = ["pk", "relationship", "owner", "due_on", "status"]
    list_select_related = ["relationship__programme", "owner"]

    @staticmethod
    def content(action):
        return Content.ACTION_PLAN if action.goal_id else Content.MEETING_LOG

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("relationship__members__person")


@admin.register(PrivateNote)
class PrivateNoteAdmin(ConfidentialAdmin):
    content = Content.PRIVATE_NOTE
    hidden = ["text"]
    relationship_path = "meeting__relationship"
    author_field = "author_id"
    list_display = ["pk", "meeting", "updated_at"]
    list_select_related = ["meeting"]


@admin.register(ActionPlan)
class ActionPlanAdmin(ConfidentialAdmin):
    content = Content.ACTION_PLAN
    hidden = ["long_term_goal", "needs_and_strengths", "commitment", "commitment_needs", "comments"]
    relationship_path = "mentee__relationship"
    list_display = ["mentee", "started_on", "updated_at"]
    list_select_related = ["mentee__person"]


@admin.register(Goal)
class GoalAdmin(ConfidentialAdmin):
    content = Content.ACTION_PLAN
    hidden = [
        "specific",
        "measurable",
        "achievable",
        "realistic",
        "milestones",
        "success_criteria",
        "grow_goal",
        "grow_reality",
        "grow_options",
        "grow_way_forward",
        "scale_now",
        "scale_wanted",
    ]
    relationship_path = "plan__mentee__relationship"
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
    content = Content.REVIEW
    hidden = ["helping", "plan_progress", "practical_issues"]
    relationship_path = "review__relationship"
    author_field = "person_id"
    list_display = ["review", "person", "answered_at"]
    list_select_related = ["review", "person"]


@admin.register(Concern)
class ConcernAdmin(ConfidentialAdmin):
    content = Content.CONCERN
    hidden = ["text"]
    author_field = "raised_by_id"
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
        return super().get_queryset(request).prefetch_related("relationship__members__person")


@admin.register(SharedSummary)
class SharedSummaryAdmin(ConfidentialAdmin):
    content = Content.SHARED_SUMMARY
    hidden = ["text"]
    author_field = "updated_by_id"
    list_display = ["mentee", "relationship", "status", "shared_at"]
    list_select_related = ["mentee", "relationship__programme"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("relationship__members__person")
