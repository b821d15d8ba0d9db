from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mentoring.discovery import app_modules


class Command(BaseCommand):
    help = "Create or refresh the demo organisation, programmes and logins (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off, on a throw-away database. Never on a live site.",
        )

    def handle(self, *args, force, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "The demo creates logins, a site administrator among them, whose password is "
                "published in the README, so it loads only with DEBUG=1 (or --force on a "
                "throw-away database)."
            )
        demo = {}
        with transaction.atomic():
            # Each app's `demo` module, in INSTALLED_APPS order, so that an app builds on the
            # demo data of the apps below it without those apps knowing about it.
            for module in app_modules("demo"):
                for line in module.demo_load(demo=demo):
                    self.stdout.write(line)
