"""The beat's scheduler (CELERY_BEAT_SCHEDULER)."""

import time

from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

from .heartbeats import note_running


class Scheduler(DatabaseScheduler):
    """django-celery-beat's scheduler (the jobs in the database), noting each
    HEARTBEAT_SECONDS that the beat is running."""

    noted_at = float("-inf")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_interval = min(self.max_interval, settings.HEARTBEAT_SECONDS)  # tick that often

    def tick(self, *args, **kwargs):
        if time.monotonic() - self.noted_at >= settings.HEARTBEAT_SECONDS:
            note_running("beat")
            self.noted_at = time.monotonic()
        return super().tick(*args, **kwargs)
