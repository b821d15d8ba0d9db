import django_filters
from django.db.models import Q

from .models import Department, Grade, Location, StaffMember


class StaffMemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Name, email or job title", method="search")
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all())
    location = django_filters.ModelChoiceFilter(queryset=Location.objects.all())
    grade = django_filters.ModelChoiceFilter(queryset=Grade.objects.all())
    hours = django_filters.ChoiceFilter(choices=StaffMember.Hours.choices)
    contract = django_filters.ChoiceFilter(choices=StaffMember.Contract.choices)
    is_external = django_filters.BooleanFilter(label="External participant")
    is_active = django_filters.BooleanFilter(label="Active")

    class Meta:
        model = StaffMember
        fields = []

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(work_email__icontains=word)
                | Q(job_title__icontains=word)
            )
        return queryset
