"""The periodic job that queues again a report whose task was lost (README: Background jobs),
kept by django-celery-beat beside the others."""

from django.db import migrations

NAME, TASK = "requeue-waiting-reports", "evaluations.tasks.requeue_reports"


def schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    every, _ = IntervalSchedule.objects.get_or_create(every=600, period="seconds")
    PeriodicTask.objects.update_or_create(
        name=NAME, defaults={"task": TASK, "interval": every, "crontab": None}
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0002_reports_keep_their_pdf"),
        ("notifications", "0002_the_beat_schedule"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
