import django_filters

from mentoring.web import IdField

from .models import AuditEntry

ANY = "Any"


class IdFilter(django_filters.Filter):
    field_class = IdField


class AuditEntryFilter(django_filters.FilterSet):
    who = django_filters.CharFilter(label="Who", lookup_expr="icontains")
    action = django_filters.ChoiceFilter(choices=AuditEntry.Action.choices, empty_label=ANY)
    kind = django_filters.ChoiceFilter(label="Kind of record", empty_label=ANY)
    relationship = IdFilter(label="Relationship number", field_name="relationship_id")
    date_from = django_filters.DateFilter(
        label="From (date)", field_name="at", lookup_expr="date__gte"
    )
    date_to = django_filters.DateFilter(label="To (date)", field_name="at", lookup_expr="date__lte")

    class Meta:
        model = AuditEntry
        fields = []

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, queryset=queryset, **kwargs)
        # Offer the kinds of record that appear in the entries this person may search.
        kinds = queryset.order_by("kind").values_list("kind", flat=True).distinct()
        self.filters["kind"].extra["choices"] = [(kind, kind) for kind in kinds]
