from django.core.management.base import BaseCommand
from django.utils import timezone

from relationships.services.requests import requests_expire


class Command(BaseCommand):
    help = "Mark mentees' requests that have waited past their programme's limit as lapsed."

    def handle(self, *args, **options):
        count = requests_expire(now=timezone.now())
        self.stdout.write(f"{count} request{'s' if count != 1 else ''} lapsed.")
