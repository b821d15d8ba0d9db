from django.core.management.base import BaseCommand

from relationships.services.retention import content_erase


class Command(BaseCommand):
    help = (
        "Erase what was written in relationships past their programme's retention period, as "
        "the nightly job does; run it after restoring a backup, before anyone signs in."
    )

    def handle(self, *args, **options):
        count = content_erase()
        self.stdout.write(
            f"Erased what was written in {count} relationship{'s' if count != 1 else ''}."
        )
