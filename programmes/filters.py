import django_filters

from mentoring.people.filters import search_words

from .models import Application


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Name or email", method="search")
    status = django_filters.ChoiceFilter(choices=Application.Status.choices, empty_label="Any")
    role = django_filters.ChoiceFilter(choices=Application.Role.choices, empty_label="Any")

    class Meta:
        model = Application
        fields = []

    def search(self, queryset, name, value):
        fields = ["applicant__first_name", "applicant__last_name", "applicant__work_email"]
        return search_words(queryset, value, fields)
