"""What /health/ready checks, each passing or failing: the database answers, the broker can
take work (Redis answers where REDIS_URL is set; otherwise the demo's queue folder can be
written), the worker and the beat have noted recently that they are running, and every
migration is applied. django-health-check's checks where it has one."""

import dataclasses
import inspect
import logging
import os
from datetime import timedelta
from functools import cache, partial

from asgiref.sync import async_to_sync
from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable
from redis.asyncio import Redis as RedisClient

from .models import Heartbeat

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class RecentHeartbeat(HealthCheck):
    process: str

    def run(self):
        oldest = timezone.now() - timedelta(seconds=settings.HEARTBEAT_MAX_AGE_SECONDS)
        if not Heartbeat.objects.filter(process=self.process, at__gte=oldest).exists():
            raise ServiceUnavailable(f"No heartbeat from the {self.process} lately")


@cache
def migrations_in_code() -> frozenset[tuple[str, str]]:
    """Every migration the code has; it does not change while the process runs."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


@dataclasses.dataclass
class MigrationsApplied(HealthCheck):
    def run(self):
        applied = set(MigrationRecorder.Migration.objects.values_list("app", "name"))
        if not migrations_in_code() <= applied:
            raise ServiceUnavailable("Migrations not applied")


@dataclasses.dataclass
class QueueFolder(HealthCheck):
    """The demo's broker (files, no server): its queue folder can be written."""

    def run(self):
        if not os.access(settings.CELERY_DATA_DIR / "queue", os.W_OK):
            raise ServiceUnavailable("The queue folder cannot be written")


def readiness_checks() -> dict[str, HealthCheck]:
    if settings.REDIS_URL:
        timeout = settings.REDIS_TIMEOUT_SECONDS
        client = partial(
            RedisClient.from_url,
            settings.REDIS_URL,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
        )
        broker = {"redis": Redis(client_factory=client)}
    else:
        broker = {"queue_folder": QueueFolder()}
    return {
        "database": Database(),
        **broker,
        "worker": RecentHeartbeat("worker"),
        "beat": RecentHeartbeat("beat"),
        "migrations": MigrationsApplied(),
    }


def passes(name: str, check: HealthCheck) -> bool:
    """Whether the check passes; why not is logged, never shown."""
    try:
        if inspect.iscoroutinefunction(check.run):
            async_to_sync(check.run)()
        else:
            check.run()
    except Exception:  # any failure is "failing": a probe always gets its answer
        logger.warning("Readiness check %s is failing.", name, exc_info=True)
        return False
    return True
