"""The daily retention job (DATA-3; README: Retention), kept by django-celery-beat beside the
other periodic jobs so an administrator can change or pause it in the admin site."""

from django.db import migrations

NAME, TASK = "erase-old-content", "relationships.tasks.erase_old_content"


def schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    night, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="2",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.update_or_create(
        name=NAME, defaults={"task": TASK, "crontab": night, "interval": None}
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("relationships", "0008_content_erased_at"),
        ("notifications", "0002_the_beat_schedule"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
