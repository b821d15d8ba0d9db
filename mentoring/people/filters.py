import django_filters
from django import forms
from django.db.models import Q

from .models import Department, Grade, Location, StaffMember

ANY = "Any"
YES_NO = forms.Select(choices=[("", ANY), ("true", "Yes"), ("false", "No")])


class StaffMemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Name, email or job title", method="search")
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), empty_label=ANY
    )
    location = django_filters.ModelChoiceFilter(queryset=Location.objects.all(), empty_label=ANY)
    grade = django_filters.ModelChoiceFilter(queryset=Grade.objects.all(), empty_label=ANY)
    hours = django_filters.ChoiceFilter(choices=StaffMember.Hours.choices, empty_label=ANY)
    contract = django_filters.ChoiceFilter(choices=StaffMember.Contract.choices, empty_label=ANY)
    is_external = django_filters.BooleanFilter(label="External participant", widget=YES_NO)
    is_active = django_filters.BooleanFilter(label="Active", widget=YES_NO)

    class Meta:
        model = StaffMember
        fields = []

    def search(self, queryset, name, value):
        return search_words(queryset, value, ["first_name", "last_name", "work_email", "job_title"])


def search_words(queryset, value, fields):
    """Keep rows where every word typed appears in at least one of the fields."""
    for word in value.split():
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset
