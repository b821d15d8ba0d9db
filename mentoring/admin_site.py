"""The site administrator's admin site: Django's, with what needs them on its front page."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class MentoringAdminSite(admin.AdminSite):
    site_header = "Mentoring administration"
    site_title = "Mentoring administration"

    def index(self, request, extra_context=None):
        from mentoring.operations.services import recent_failures

        failures = recent_failures()
        context = {"job_failures": failures[:5], "job_failure_count": failures.count()}
        return super().index(request, {**context, **(extra_context or {})})


class MentoringAdminConfig(AdminConfig):
    default_site = "mentoring.admin_site.MentoringAdminSite"
