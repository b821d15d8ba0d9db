from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mentoring.people.demo import PASSWORD, demo_load


class Command(BaseCommand):
    help = "Create or refresh the demo organisation and its demo logins (safe to run again)."

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
        result, logins = demo_load()
        self.stdout.write(
            f"Demo staff: {result.created} new, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
        self.stdout.write(f"Demo logins (password “{PASSWORD}”):")
        for role, user in logins.items():
            self.stdout.write(f"  {role:<12} {user.email}")
