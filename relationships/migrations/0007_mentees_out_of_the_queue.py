"""Each mentee application out of the matching queue is marked, as the dashboard now reads."""

from django.db import migrations
from django.db.models import Exists, OuterRef, Q

FINISHED = ["completed", "ended_early"]
FINAL_REASONS = ["goals_achieved", "planned_end", "not_working", "circumstances"]


def mark_matched(apps, schema_editor):
    """The matching queue's rule (relationships.selectors.matched_ways) as it stands here: a mentee
    application in a live relationship, or in one that ended for good, is out of the queue."""
    Application = apps.get_model("programmes", "Application")
    Member = apps.get_model("relationships", "Member")
    live = Member.objects.filter(application=OuterRef("pk"), is_live=True)
    finished = Member.objects.filter(
        Q(relationship__ending__in=FINISHED) | Q(left_reason__in=FINAL_REASONS),
        application=OuterRef("pk"),
        is_live=False,
        wants_rematch=False,
    )
    Application.objects.filter(Q(Exists(live)) | Q(Exists(finished)), role="mentee").update(
        matched=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0007_applications_matched"),
        ("relationships", "0006_relationships_at_risk"),
    ]

    operations = [migrations.RunPython(mark_matched, migrations.RunPython.noop)]
