"""Questionnaires and reports are built in the portal, where their rules are checked; the admin
site shows them read-only. People's answers are never shown here: the portal decides who reads
them (EVAL-2, DATA-1)."""

from django.contrib import admin

from .models import Answer, MonitoringReport, Question, Questionnaire, Response, Section, Survey


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnlyAdmin):
    list_display = ["title", "version", "programme", "use", "is_current", "retired_at"]
    list_filter = ["use", "is_current"]


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ["title", "questionnaire", "addressed_to", "order"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "required", "section"]
    list_filter = ["kind"]


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "programme", "due_on"]


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["questionnaire", "role", "sent_at", "due_on", "submitted_at"]
    fields = ["questionnaire", "role", "sent_at", "due_on", "submitted_at", "confirmed_at"]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    """Which question was answered, never the answer."""

    list_display = ["__str__", "question"]
    fields = ["response", "question"]


@admin.register(MonitoringReport)
class MonitoringReportAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "requested_at", "finished_at"]
    fields = ["programme", "period_start", "period_end", "status", "progress", "requested_at"]
