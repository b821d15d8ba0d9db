from django.contrib import admin

from .models import Policy, PolicyRevision, Programme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "mentoring_model", "matching_mode", "status", "archived_at", "preset"]
    list_filter = ["status", "mentoring_model", "matching_mode"]
    search_fields = ["name", "purpose"]
    filter_horizontal = ["coordinators"]
    raw_id_fields = ["sponsor"]


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
