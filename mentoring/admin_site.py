"""The site administrator's admin site: Django's, with what needs them on its front page."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from .confidential import declaration
from .confidential_admin import ConfidentialAdminMixin, confidential_fields_shown


class MentoringAdminSite(admin.AdminSite):
    site_header = "Mentoring administration"
    site_title = "Mentoring administration"

    def login(self, request, extra_context=None):
        """One way in: the portal's sign-in page, with its second step and lockout."""
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))

    def index(self, request, extra_context=None):
        from mentoring.operations.services import recent_failures

        context = {}
        if request.user.has_perm("operations.view_jobfailure"):
            failures = recent_failures()
            context = {"job_failures": failures[:5], "job_failure_count": failures.count()}
        return super().index(request, {**context, **(extra_context or {})})

    def register(self, model_or_iterable, admin_class=None, **options):
        """A model that declares confidential text is shown only through an admin class that
        hides it, and no admin lists, searches or filters on confidential text (DATA-1)."""
        models = [model_or_iterable] if isinstance(model_or_iterable, type) else model_or_iterable
        for model in models:
            _check(model, admin_class or admin.ModelAdmin)
        return super().register(model_or_iterable, admin_class, **options)


def _check(model, admin_class):
    hides = issubclass(admin_class, ConfidentialAdminMixin)
    if declaration(model) and not hides:
        raise ImproperlyConfigured(f"{model.__name__} holds confidential text: hide it.")
    shown = confidential_fields_shown(admin_class, model)
    if shown and not hides:
        raise ImproperlyConfigured(f"{admin_class.__name__} would show confidential {shown}.")
    for inline in admin_class.inlines:
        said = declaration(inline.model)
        if said and not (inline.fields and not set(said.hidden) & set(inline.fields)):
            raise ImproperlyConfigured(f"{inline.__name__} must name fields none confidential.")


class MentoringAdminConfig(AdminConfig):
    default_site = "mentoring.admin_site.MentoringAdminSite"
