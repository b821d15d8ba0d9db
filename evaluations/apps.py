from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"

    def ready(self):
        from programmes.signals import programme_created

        from .services.questionnaires import questionnaires_from_preset

        programme_created.connect(
            questionnaires_from_preset, weak=False, dispatch_uid="preset-questionnaires"
        )

        from relationships.signals import participation_ended

        from .receivers import send_end_forms

        participation_ended.connect(send_end_forms, weak=False, dispatch_uid="end-forms")
