"""What `manage.py check --deploy` adds to Django's own checks."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from . import oidc, saml

NO_MAIL_SERVER = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
}


@register(Tags.security, deploy=True)
def check_email_is_sent(app_configs, **kwargs):
    """Without a mail server, password reset links (and every notification) would be written
    to the logs or dropped."""
    if settings.DEBUG or settings.EMAIL_BACKEND not in NO_MAIL_SERVER:
        return []
    return [
        Error(
            "Email is not sent anywhere: password reset links and notifications would go to "
            "the logs or be lost.",
            hint="Set EMAIL_URL to the mail server, e.g. smtp+tls://user:password@host:587.",
            id="mentoring.E001",
        )
    ]


@register()
def check_single_sign_on_only_has_a_provider(app_configs, **kwargs):
    """Refusing staff their passwords with no provider to sign in with would lock them out."""
    if not settings.SINGLE_SIGN_ON_ONLY or oidc.is_configured() or saml.is_configured():
        return []
    return [
        Error(
            "SINGLE_SIGN_ON_ONLY is on, but no identity provider is set up: staff could not "
            "sign in at all.",
            hint="Set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, or SAML_SP_ENTITY_ID "
            "and SAML_IDP_METADATA_URL (README: Signing in with your organisation's account), "
            "or turn SINGLE_SIGN_ON_ONLY off.",
            id="mentoring.E003",
        )
    ]
