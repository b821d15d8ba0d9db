"""Who may do what with programmes (ROLE-1)."""

from django.db.models import Q

from mentoring.people.models import StaffMember
from mentoring.people.permissions import is_coordinator, staff_member_of


def can_create_programme(user):
    return is_coordinator(user)


def can_manage_programme(user, programme):
    """The programme's own coordinators run it; other coordinators may read it."""
    me = staff_member_of(user)
    return (
        is_coordinator(user) and me is not None and programme.coordinators.filter(pk=me.pk).exists()
    )


def histories_visible_to(user):
    """Whose participation history a user may open: their own; anyone's, for a coordinator;
    and a line manager, their current direct reports' (programmes, roles, statuses and dates,
    never what was written). A manager further up or a former manager finds none."""
    me = staff_member_of(user)
    if me is None:
        return StaffMember.objects.none()
    if is_coordinator(user):
        return StaffMember.objects.all()
    return StaffMember.objects.filter(Q(pk=me.pk) | Q(line_manager=me, is_active=True))


def reads_as_line_manager(user, person):
    """Whether `user` reads `person`'s participation only as their line manager."""
    return person != staff_member_of(user) and not is_coordinator(user)
