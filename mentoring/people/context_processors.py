from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import oidc, permissions, saml


class Roles:
    """What the navigation may offer the signed-in person; each check runs at most once."""

    def __init__(self, user):
        self.user = user
        self._cache = {}

    def _check(self, name, predicate):
        if name not in self._cache:
            self._cache[name] = predicate(self.user)
        return self._cache[name]

    @property
    def coordinator(self):
        return self._check("coordinator", permissions.is_coordinator)

    @property
    def sponsor(self):
        return self._check("sponsor", permissions.is_sponsor)

    @property
    def admin(self):
        return permissions.can_use_admin_site(self.user)

    @property
    def provisioning(self):
        return permissions.can_manage_provisioning(self.user)

    @property
    def without_staff_record(self):
        return getattr(self.user, "staff_member", None) is None

    @property
    def line_manager(self):
        return self._check("line_manager", permissions.is_line_manager)


def roles(request):
    return {"roles": SimpleLazyObject(lambda: Roles(request.user))}


def sign_in_rules(request):
    single_sign_on = None
    only = settings.SINGLE_SIGN_ON_ONLY
    if oidc.is_configured():
        single_sign_on = {
            "name": settings.OIDC_PROVIDER_NAME,
            "only": only,
            "url": "organisation_sign_in",
        }
    elif saml.is_configured():
        single_sign_on = {"name": settings.SAML_PROVIDER_NAME, "only": only, "url": "saml2_login"}
    return {
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "single_sign_on": single_sign_on,
    }
