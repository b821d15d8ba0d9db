import django.utils.timezone
from django.db import migrations, models


def begun_with_the_relationship(apps, schema_editor):
    """When a plan was begun was not kept: say it began with its relationship, so a
    coordinator whose programme let them read plans later does not read one begun before."""
    ActionPlan = apps.get_model("relationships", "ActionPlan")
    for plan in ActionPlan.objects.select_related("mentee__relationship"):
        plan.created_at = plan.mentee.relationship.created_at
        plan.save(update_fields=["created_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("relationships", "0013_agreement_changed_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionplan",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(begun_with_the_relationship, migrations.RunPython.noop),
    ]
