from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "relationships"

    def ready(self):
        from mentoring.people.signals import line_management_changed
        from programmes.signals import application_withdrawn, coordinator_reading_switched_on

        from . import receivers

        line_management_changed.connect(
            receivers.flag_new_links, weak=False, dispatch_uid="match-6"
        )
        application_withdrawn.connect(receivers.let_go, weak=False, dispatch_uid="withdrawn")
        coordinator_reading_switched_on.connect(
            receivers.tell_coordinators_read, weak=False, dispatch_uid="coordinator-reads"
        )
