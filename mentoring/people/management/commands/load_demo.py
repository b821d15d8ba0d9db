from django.core.management.base import BaseCommand

from mentoring.people.demo import PASSWORD, demo_load


class Command(BaseCommand):
    help = "Create or refresh the demo organisation and its demo logins (safe to run again)."

    def handle(self, *args, **options):
        result, logins = demo_load()
        self.stdout.write(
            f"Demo staff: {result.created} new, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
        self.stdout.write(f"Demo logins (password “{PASSWORD}”):")
        for role, user in logins.items():
            self.stdout.write(f"  {role:<12} {user.email}")
