from django.db import migrations, models


def leavers_left_at(apps, schema_editor):
    """When someone left was not kept: take the last moment we know they were in it (their
    own last log, or else the start), so they never read what was written after."""
    Member = apps.get_model("relationships", "Member")
    MeetingLog = apps.get_model("relationships", "MeetingLog")
    leavers = Member.objects.filter(left_at__isnull=True).exclude(left_reason="")
    for member in leavers.select_related("relationship"):
        relationship = member.relationship
        last_log = (
            MeetingLog.objects.filter(
                meeting__relationship=relationship, written_by_id=member.person_id
            )
            .order_by("-written_at")
            .values_list("written_at", flat=True)
            .first()
        )
        known = [t for t in (last_log, relationship.started_at, relationship.created_at) if t]
        member.left_at = max(known)
        member.save(update_fields=["left_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("relationships", "0009_the_retention_job"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="left_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When they left a group that carries on: they read only what was "
                "written before.",
                null=True,
            ),
        ),
        migrations.RunPython(leavers_left_at, migrations.RunPython.noop),
    ]
