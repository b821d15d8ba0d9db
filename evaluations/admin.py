"""Questionnaires and reports are built in the portal, where their rules are checked; the admin
site shows them read-only. People's answers are never shown here: the portal decides who reads
them (EVAL-2, DATA-1)."""

from django.contrib import admin

from mentoring.confidential_admin import ConfidentialAdminMixin

from .models import Answer, MonitoringReport, Question, Questionnaire, Response, Section, Survey
from .permissions import AnswerReader


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
class AnswerAdmin(ConfidentialAdminMixin, ReadOnlyAdmin):
    """Which question was answered; the answer only to whom the portal shows it."""

    list_display = ["__str__", "question"]
    fields = ["response", "question", "number"]

    def _reader(self, request, obj):
        return AnswerReader(request.user, obj.response.questionnaire.programme)

    def may_read(self, request, obj):
        return self._reader(request, obj).may_read(obj.response, obj.question)

    def record_read(self, request, obj):
        reader = self._reader(request, obj)
        if not reader.is_own(obj.response):
            reader.record_read(
                obj.response.questionnaire,
                relationship_id=obj.response.relationship_id,
                note="admin site",
            )


@admin.register(MonitoringReport)
class MonitoringReportAdmin(ConfidentialAdminMixin, ReadOnlyAdmin):
    list_display = ["__str__", "status", "requested_at", "finished_at"]
    fields = ["programme", "period_start", "period_end", "status", "progress", "requested_at"]
