from django.utils.functional import SimpleLazyObject

from mentoring.people.permissions import staff_member_of

from .services.responses import outstanding_count


def forms_outstanding(request):
    """How many forms wait for the signed-in person, for the navigation: one query, and only
    on a page that shows it."""

    def count():
        me = staff_member_of(request.user)
        return outstanding_count(me) if me else 0

    return {"forms_outstanding": SimpleLazyObject(count)}
