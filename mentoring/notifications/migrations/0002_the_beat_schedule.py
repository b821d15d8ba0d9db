"""The periodic jobs (README: Background jobs), kept by django-celery-beat so that an
administrator can change or pause them in the admin site (Periodic tasks)."""

from django.db import migrations

EVERY = {  # name: (task, seconds)
    "expire-mentor-requests": ("relationships.tasks.expire_requests", 3600),
    "check-relationships": ("relationships.tasks.check_relationships", 300),
    "send-reminders": ("mentoring.notifications.tasks.reminders_sweep", 300),
}
DIGESTS = ("send-digests", "mentoring.notifications.tasks.digests_send")


def schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    for name, (task, seconds) in EVERY.items():
        interval, _ = IntervalSchedule.objects.get_or_create(every=seconds, period="seconds")
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "interval": interval, "crontab": None}
        )
    morning, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    name, task = DIGESTS
    PeriodicTask.objects.update_or_create(
        name=name, defaults={"task": task, "crontab": morning, "interval": None}
    )


def unschedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[*EVERY, DIGESTS[0]]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_notifications_and_preferences"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
