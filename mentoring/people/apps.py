from django.apps import AppConfig


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mentoring.people"
    label = "people"
    verbose_name = "People"

    def ready(self):
        # Connects the receiver that starts each session's lifetime, and the deploy checks.
        from mentoring import branding  # noqa: F401

        from . import auth, checks  # noqa: F401
