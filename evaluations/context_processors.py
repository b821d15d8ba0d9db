from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.functional import SimpleLazyObject

from mentoring.notifications.models import Notification
from mentoring.people.models import StaffMember
from mentoring.people.permissions import staff_member_of

from .services.responses import outstanding


def navigation_counts(request):
    """How many forms wait for the signed-in person and how many of their notifications are
    unread, for the navigation: one query for both, and only on a page that shows them."""

    def counts():
        me = staff_member_of(request.user)
        if me is None:
            return {"forms": 0, "unread": 0}
        unread = Notification.objects.filter(person=OuterRef("pk"), read_at__isnull=True)
        return (
            StaffMember.objects.filter(pk=me.pk)
            .values(
                forms=_count(outstanding(me)),
                unread=_count(unread),
            )
            .get()
        )

    return {"navigation": SimpleLazyObject(counts)}


def _count(records):
    number = records.order_by().values("person").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(number, output_field=IntegerField()), Value(0))
