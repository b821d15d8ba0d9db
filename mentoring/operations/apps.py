from django.apps import AppConfig


class OperationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mentoring.operations"
    label = "operations"
    verbose_name = "Background jobs"
