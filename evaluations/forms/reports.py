from django import forms
from django.utils import timezone

from programmes.models import Programme

from ..reports import financial_years

ALL = "all"


class ReportForm(forms.Form):
    """Which programme (or all) and which financial year: fixed choices, no free filters."""

    scope = forms.ChoiceField(label="Programme")
    year = forms.ChoiceField(label="Financial year (1 April to 31 March)")

    def __init__(self, *args, coordinator, **kwargs):
        super().__init__(*args, **kwargs)
        self.programmes = {str(p.pk): p for p in Programme.objects.filter(coordinators=coordinator)}
        self.fields["scope"].choices = [
            (ALL, "All programmes"),
            *[(pk, p.name) for pk, p in self.programmes.items()],
        ]
        today = timezone.localdate()
        since = min((p.created_at.date() for p in self.programmes.values()), default=today)
        self.fields["year"].choices = [
            (start.isoformat(), f"{start:%B %Y} to {end:%B %Y}")
            for start, end in financial_years(since, today)
        ]

    def clean(self):
        data = super().clean()
        data["programme"] = self.programmes.get(data.get("scope"))
        if "year" in data:
            data["year_start"] = timezone.datetime.fromisoformat(data["year"]).date()
        return data
