from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0006_evaluation_privacy"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="matched",
            field=models.BooleanField(default=False, editable=False),
        ),
    ]
