"""Who may do what with people's records. Views, templates and services ask these, never
`user.is_staff` or ad-hoc checks (ROLE-1, ROLE-3, ROLE-4)."""

from django.conf import settings
from django.db.models import Q

from mentoring.roles import is_coordinator, staff_member_of

from .models import StaffMember

READ_REPORTS = "people.read_monitoring_reports"


def is_sponsor(user):
    return user.is_authenticated and user.is_active and user.has_perm(READ_REPORTS)


def is_line_manager(user):
    """Derived from the staff records: anyone with an active direct report."""
    me = staff_member_of(user)
    return me is not None and me.direct_reports.filter(is_active=True).exists()


def can_sign_in(user):
    """Active accounts of people whose staff record is active. Site administrators keep
    access, so that a full HR export cannot lock everyone out of the admin site."""
    if not user.is_active:
        return False
    staff_member = getattr(user, "staff_member", None)
    return user.is_superuser or staff_member is None or staff_member.is_active


def can_sign_in_with_password(user):
    """With SINGLE_SIGN_ON_ONLY on, staff sign in with the organisation's account; people from
    partner organisations, who have none, and superusers (the break-glass administrator, for
    when the provider is down) keep their passwords."""
    if not settings.SINGLE_SIGN_ON_ONLY or user.is_superuser:
        return True
    staff_member = getattr(user, "staff_member", None)
    return staff_member is not None and staff_member.is_external


def can_use_admin_site(user):
    return user.is_authenticated and user.is_active and user.is_staff


def must_use_second_factor(user):
    """Coordinators and site administrators, who can see and change the most, prove it is them
    with a second factor when they sign in with a password; TWO_FACTOR_REQUIRED turns this off
    for a small trial."""
    return settings.TWO_FACTOR_REQUIRED and (is_coordinator(user) or can_use_admin_site(user))


def can_list_staff(user):
    return is_coordinator(user)


def can_import_staff(user):
    return is_coordinator(user)


def can_set_grade_seniority(user):
    return is_coordinator(user)


def can_view_sign_in_details(user):
    """Whether someone has chosen a password and when they last signed in: for coordinators
    answering "I can't sign in"."""
    return is_coordinator(user)


def can_view_staff_member(user, staff_member):
    return StaffMember.objects.visible_to(user).filter(pk=staff_member.pk).exists()


def participation_visible_to(user):
    """Whose participation history a user may open: their own; anyone's, for a coordinator;
    and a line manager, their current direct reports' (programmes, roles, statuses and dates,
    never what was written). A manager further up or a former manager finds none."""
    me = staff_member_of(user)
    if me is None:
        return StaffMember.objects.none()
    if is_coordinator(user):
        return StaffMember.objects.all()
    return StaffMember.objects.filter(Q(pk=me.pk) | Q(line_manager=me, is_active=True))


def can_view_participation(user, staff_member):
    return participation_visible_to(user).filter(pk=staff_member.pk).exists()


def can_manage_provisioning(user):
    """Provisioning tokens let another system change every staff record: site administrators
    (IT) make and revoke them, not coordinators."""
    return user.is_authenticated and user.is_active and user.is_superuser
