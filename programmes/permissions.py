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


def reads_as_line_manager(user, person):
    """Whether `user` reads `person`'s participation only as their line manager."""
    return person != staff_member_of(user) and not is_coordinator(user)
