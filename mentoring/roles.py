"""Who the signed-in user is: their staff record and whether they coordinate (ROLE-1). Every app
asks, the audit log included, so this sits below them all and imports none of them; the other
predicates are in mentoring/people/permissions.py."""

COORDINATE = "people.coordinate_programmes"


def is_coordinator(user):
    return user.is_authenticated and user.is_active and user.has_perm(COORDINATE)


def staff_member_of(user):
    if not user.is_authenticated:
        return None
    return getattr(user, "staff_member", None)
