import django.utils.timezone
from django.db import migrations, models


def written_with_the_relationship(apps, schema_editor):
    """When a summary's words were written was not kept apart from when it was asked for or
    shared: say they were written when the relationship began, so a coordinator whose
    programme let them read later does not read words written before."""
    SharedSummary = apps.get_model("relationships", "SharedSummary")
    for summary in SharedSummary.objects.select_related("relationship"):
        summary.written_at = summary.relationship.created_at
        summary.save(update_fields=["written_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("relationships", "0014_action_plan_created_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="sharedsummary",
            name="written_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, help_text="When its words were last written."
            ),
        ),
        migrations.RunPython(written_with_the_relationship, migrations.RunPython.noop),
    ]
