import django_filters
from django.db.models import Q

from .models import Application


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Name or email", method="search")
    status = django_filters.ChoiceFilter(choices=Application.Status.choices, empty_label="Any")
    role = django_filters.ChoiceFilter(choices=Application.Role.choices, empty_label="Any")

    class Meta:
        model = Application
        fields = []

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(applicant__first_name__icontains=word)
                | Q(applicant__last_name__icontains=word)
                | Q(applicant__work_email__icontains=word)
            )
        return queryset
