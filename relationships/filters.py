import django_filters

from mentoring.people.filters import search_words
from mentoring.people.models import Department, Location
from programmes.models import Application, Area
from programmes.models.application import MeetingMethod


class DirectoryFilter(django_filters.FilterSet):
    """Filters for the mentor directory (MATCH-1)."""

    q = django_filters.CharFilter(label="Name or words in the biography", method="search")
    area = django_filters.ModelChoiceFilter(
        label="Area offered",
        field_name="areas_offered",
        queryset=Area.objects.filter(is_active=True),
        empty_label="Any",
    )
    department = django_filters.ModelChoiceFilter(
        field_name="applicant__department", queryset=Department.objects.all(), empty_label="Any"
    )
    location = django_filters.ModelChoiceFilter(
        field_name="applicant__location", queryset=Location.objects.all(), empty_label="Any"
    )
    method = django_filters.ChoiceFilter(
        label="Way of meeting", choices=MeetingMethod.choices, method="by_method", empty_label="Any"
    )

    class Meta:
        model = Application
        fields = []

    def search(self, queryset, name, value):
        fields = ["applicant__first_name", "applicant__last_name", "biography"]
        return search_words(queryset, value, fields)

    def by_method(self, queryset, name, value):
        # A JSON list; `contains` on JSON is not available on SQLite, so match the quoted value.
        return queryset.filter(meeting_methods__icontains=f'"{value}"')
