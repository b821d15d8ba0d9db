from importlib import import_module

from django.apps import apps


def app_modules(name):
    """Each installed app's module `name` (such as `reminders`), where it has one, in
    INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        try:
            yield import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
