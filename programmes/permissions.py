"""Who may do what with programmes (ROLE-1)."""

from mentoring.people.permissions import is_coordinator, staff_member_of


def can_create_programme(user):
    return is_coordinator(user)


def can_manage_programme(user, programme):
    """The programme's own coordinators run it; other coordinators may read it."""
    me = staff_member_of(user)
    return (
        is_coordinator(user) and me is not None and programme.coordinators.filter(pk=me.pk).exists()
    )
