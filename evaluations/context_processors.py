from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.functional import SimpleLazyObject

from mentoring.notifications.models import Notification
from mentoring.notifications.todo import waiting_count
from mentoring.people.models import StaffMember
from mentoring.people.permissions import staff_member_of

from .services.responses import outstanding


def navigation_counts(request):
    """How many things (as their home page lists them) and forms wait for the signed-in person
    and how many of their notifications are unread, for the navigation: one query for all,
    and only on a page that shows them."""

    def counts():
        me = staff_member_of(request.user)
        if me is None:
            return {"tasks": 0, "forms": 0, "unread": 0}
        unread = Notification.objects.filter(person=OuterRef("pk"), read_at__isnull=True)
        return (
            StaffMember.objects.filter(pk=me.pk)
            .values(
                tasks=waiting_count(OuterRef("pk")),
                forms=_count(outstanding(me)),
                unread=_count(unread),
            )
            .get()
        )

    return {"navigation": SimpleLazyObject(counts)}


def _count(records):
    number = records.order_by().values("person").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(number, output_field=IntegerField()), Value(0))
