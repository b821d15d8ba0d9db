"""Settings for the mentoring portal, read from the environment (see README: Configuration)."""

import ipaddress
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# The test run uses production settings, but needs no key of its own and speaks plain http.
TESTING = "pytest" in sys.modules

env = environ.Env()
ENV_FILE = Path(env("ENV_FILE", default=str(BASE_DIR / ".env")))
if ENV_FILE.is_file() and not TESTING:
    env.read_env(ENV_FILE)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env(
    "SECRET_KEY", default=secrets.token_urlsafe(50) if DEBUG or TESTING else environ.Env.NOTSET
)
# Keys equality monitoring answers to people without linking them; keep it stable and secret
# (changing it orphans the answers, which then only count as "unknown" in reports).
EQUALITY_MONITORING_KEY = env("EQUALITY_MONITORING_KEY", default=SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "mentoring.admin_site.MentoringAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "django.forms",
    "django_filters",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "djangosaml2",
    "mentoring.people",
    "mentoring.audit",
    "mentoring.notifications",
    "mentoring.operations",
    "django_celery_beat",
    "django_prometheus",
    "programmes",
    "relationships",
    "evaluations",
]

MIDDLEWARE = [
    # Requests and their latency by view, for /metrics (django-prometheus): first and last.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "mentoring.logs.request_ids",
    # Health probes are answered before anything below (host checks, HTTPS redirect, sign-in).
    "mentoring.operations.middleware.operations_paths",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files carry the same headers as pages.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "mentoring.people.oidc.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "djangosaml2.middleware.SamlSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "mentoring.middleware.session_lifetime",
    "mentoring.middleware.no_store_for_signed_in",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "mentoring.urls"
WSGI_APPLICATION = "mentoring.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mentoring.people.context_processors.roles",
                "mentoring.people.context_processors.sign_in_rules",
                "evaluations.context_processors.navigation_counts",
                "mentoring.navigation.navigation",
            ],
            "builtins": ["mentoring.templatetags"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# Behind PgBouncer in transaction mode a cursor cannot outlive its transaction (docs/scaling.md).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
    "DISABLE_SERVER_SIDE_CURSORS", default=False
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env.bool(
    "POSTGRES_JIT", default=False
):
    # PostgreSQL's JIT compiles any query it expects to be costly, which takes longer (a few
    # hundred ms) than the short reporting and checking queries here take to run.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "mentoring.people.auth.StaffBackend",
    "mentoring.people.oidc.OrganisationAccountBackend",
    "mentoring.people.saml.SamlAccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:  # Django's advice for fast tests; production keeps the strong default.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Signed-in sessions end after this long without a request (sliding expiry).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# ... and this long after signing in, however busy (mentoring/middleware.py).
SESSION_MAX_HOURS = env.float("SESSION_MAX_HOURS", default=10)

# Lock out an account from one address after repeated failures; other people in the same
# office (same address) and the same person from elsewhere can still sign in.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "mentoring.people.auth.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Reverse proxies in front of the portal (nginx, a load balancer): the person's address is
# the PROXY_COUNT-th from the right of X-Forwarded-For (mentoring/people/auth.py).
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "mentoring.people.auth.client_address"
# Signing in with the organisation's account involves no password to guess here: its
# refusals do not count towards the pause (the provider guards its own sign-in).
AXES_WHITELIST_CALLABLE = "mentoring.people.auth.is_organisation_sign_in"

# Signing in with the organisation's account (OpenID Connect: Microsoft Entra ID, Google
# Workspace, Okta...), through mozilla-django-oidc; README: Signing in with your
# organisation's account, and docs/single-sign-on.md.
OIDC_ISSUER = env("OIDC_ISSUER", default="")  # exactly as the provider writes it
OIDC_RP_CLIENT_ID = env("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", default="")
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", default="your organisation's account")
OIDC_RP_SCOPES = env("OIDC_SCOPES", default="openid email profile")
# The claims that may hold the work email, the first one present counting.
OIDC_EMAIL_CLAIMS = env.list("OIDC_EMAIL_CLAIMS", default=["email", "preferred_username", "upn"])
OIDC_RP_SIGN_ALGO = env("OIDC_SIGN_ALGORITHM", default="RS256")
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # only people in the staff records sign in
OIDC_STORE_ID_TOKEN = True  # to name the person when asking the provider to sign them out
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT_SECONDS", default=10)
OIDC_AUTHENTICATION_CALLBACK_URL = "organisation_sign_in_callback"
OIDC_OP_LOGOUT_URL_METHOD = "mentoring.people.oidc.provider_sign_out_url"
# ... or over SAML 2.0 (Entra ID, ADFS, Google Workspace), through djangosaml2 and pysaml2,
# which sign and check with the xmlsec1 program. The provider's metadata from its address or
# a file; the portal's own name (entity id), key and certificate (files, PEM).
SAML_IDP_METADATA_URL = env("SAML_IDP_METADATA_URL", default="")
SAML_IDP_METADATA_FILE = env("SAML_IDP_METADATA_FILE", default="")
SAML_SP_ENTITY_ID = env("SAML_SP_ENTITY_ID", default="")
SAML_SP_KEY_FILE = env("SAML_SP_KEY_FILE", default="")
SAML_SP_CERT_FILE = env("SAML_SP_CERT_FILE", default="")
# The attribute holding the work email; empty for the NameID (Entra ID:
# http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress).
SAML_EMAIL_ATTRIBUTE = env("SAML_EMAIL_ATTRIBUTE", default="")
SAML_PROVIDER_NAME = env("SAML_PROVIDER_NAME", default="your organisation's account")
SAML_CLOCK_SKEW_SECONDS = env.int("SAML_CLOCK_SKEW_SECONDS", default=60)
SAML_CONFIG_LOADER = "mentoring.people.saml.sp_config"
SAML_CREATE_UNKNOWN_USER = False  # only people in the staff records sign in
SAML_ATTRIBUTE_MAPPING = {}
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
# The provider posts the answer back from its own site: the cookie holding the portal's
# request must travel with that post (SameSite=None needs HTTPS; Lax serves local trials).
SAML_SESSION_COOKIE_SAMESITE = "None" if not DEBUG else "Lax"
# Staff sign in only with the organisation's account; partner organisations' people and
# superusers (the break-glass administrator) keep their passwords.
SINGLE_SIGN_ON_ONLY = env.bool("SINGLE_SIGN_ON_ONLY", default=False)
# Who people who cannot sign in should ask, in a few words ("the IT service desk on 0123...").
ORGANISATION_CONTACT = env("ORGANISATION_CONTACT", default="")

# Two-factor sign-in (README: Two-factor sign-in; docs/two-factor.md). Coordinators and site
# administrators who sign in with a password must use a second factor; off only for a trial.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=not DEBUG)
# A half-finished sign-in (password given, second step not yet) lasts this long.
TWO_FACTOR_STEP_MINUTES = 10
# Wrong codes count towards the sign-in lockout above, not django-otp's own growing delays.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # no key, QR code or recovery code in the admin site
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_TOTP_ISSUER = env("ORGANISATION_NAME", default="Workplace mentoring")
OTP_WEBAUTHN_RP_ID_CALLABLE = "mentoring.people.two_factor.passkeys.relying_party_id"
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_HELPER_CLASS = "mentoring.people.two_factor.passkeys.PasskeyHelper"
# A passkey answers for the address the browser used, which ALLOWED_HOSTS vets
# (passkeys.py), so the library's fixed list of origins and its check of it are not used.
SILENCED_SYSTEM_CHECKS = ["otp_webauthn.E030"]
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = "django_otp_webauthn"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# The time zone meetings are written in, in invitations and calendar files (with a VTIMEZONE).
CALENDAR_TIME_ZONE = env("CALENDAR_TIME_ZONE", default=TIME_ZONE)
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = (
    None if TESTING else Path(env("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
)
STATICFILES_DIRS = [BASE_DIR / "static"]
# In production `collectstatic` compresses and fingerprints; locally files are served as they are.
STATICFILES_BACKEND = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
    if DEBUG or TESTING
    else "whitenoise.storage.CompressedManifestStaticFilesStorage"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": STATICFILES_BACKEND},
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = BASE_DIR / "var" / "media"
# Uploads past 2.5 MB wait on disk, not in memory; a form's fields together (files aside) may
# not pass 2.5 MB (Django answers 400), well above the longest texts the forms allow.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# The staff file from HR is refused, unread, past this size (the command too).
STAFF_IMPORT_MAX_MB = env.int("STAFF_IMPORT_MAX_MB", default=5)
# Where the HR system leaves its nightly export for the nightly import (unset: no nightly import).
STAFF_IMPORT_FOLDER = env("STAFF_IMPORT_FOLDER", default="")
# Whether that export is the whole staff list, so that people not in it are deactivated.
STAFF_IMPORT_FULL_EXPORT = env.bool("STAFF_IMPORT_FULL_EXPORT", default=False)
# An export changed more recently than this is left for the next night: it may be half written.
STAFF_IMPORT_SETTLE_SECONDS = env.int("STAFF_IMPORT_SETTLE_SECONDS", default=300)
# A SCIM request carries one person: anything larger is refused unread.
SCIM_MAX_BODY_BYTES = env.int("SCIM_MAX_BODY_BYTES", default=64 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# The pack styles only text, email and password boxes; every other box looks the same.
CRISPY_CLASS_CONVERTERS = {
    **dict.fromkeys(
        ["numberinput", "dateinput", "timeinput", "datetimeinput", "urlinput"], "govuk-input"
    ),
    "fileinput": "govuk-file-upload",
}
# Widgets render from our templates too (templates/django/forms): "Choose…", never "---------".
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# A mail server that stops answering fails the send (and it is retried) rather than hanging.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="mentoring@localhost")
# The portal's own address, for links in emails sent by the background worker.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The organisation, set once: its name heads every page, agreement, plan and report; its logo
# (a file under static/ or the media folder) and brand colour (#rrggbb) head every page.
ORGANISATION_NAME = env("ORGANISATION_NAME", default="Workplace mentoring")
ORGANISATION_LOGO = env("ORGANISATION_LOGO", default="")
ORGANISATION_COLOUR = env("ORGANISATION_COLOUR", default="#1d70b8")
# Monitoring reports suppress any count below this (never below 5: evaluations/anonymity.py).
REPORT_THRESHOLD = env.int("REPORT_THRESHOLD", default=10)
REPORT_MINIMUM_COHORT = env.int("REPORT_MINIMUM_COHORT", default=20)
# A report still being built after this long lost its worker: it is queued again, once.
REPORT_BUILD_TIMEOUT_MINUTES = env.int("REPORT_BUILD_TIMEOUT_MINUTES", default=30)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis when REDIS_URL is set; otherwise a broker in files under var/celery, so the
# demo runs a real worker without any server (README: Background jobs).
REDIS_URL = env("REDIS_URL", default="")
CELERY_DATA_DIR = Path(env("CELERY_DATA_DIR", default=str(BASE_DIR / "var" / "celery")))
# A Redis that accepts connections but never answers fails a page's queueing after this long
# (logged; the periodic jobs queue it again) rather than hanging the page.
REDIS_TIMEOUT_SECONDS = env.float("REDIS_TIMEOUT_SECONDS", default=3)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
    "socket_timeout": REDIS_TIMEOUT_SECONDS,
}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # A task taken by a worker that dies is given to another after this long.
    CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = env.int(
        "CELERY_VISIBILITY_TIMEOUT", default=3600
    )
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "store_processed": False,
    }
    if not TESTING:  # any process may enqueue, a management command as much as the portal
        for folder in ["control", "queue", "processed"]:
            (CELERY_DATA_DIR / folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# The periodic jobs live in the database (django-celery-beat), made by the migration
# mentoring/notifications/migrations/0002_the_beat_schedule.py and editable in the admin site.
# The portal's subclass notes that the beat is running (mentoring/operations/beat.py).
CELERY_BEAT_SCHEDULER = "mentoring.operations.beat:Scheduler"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
# The worker and the beat log as the portal does (LOGGING); mentoring/celery.py.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_ACKS_LATE = True
# A pool process killed mid-task (the out-of-memory killer picks the one doing the work) gives
# its task back to the broker, for the next pool process, rather than counting it done. A task
# that kills its process every time is started at most TASK_DELIVERY_LIMIT times, then kept as
# a background job failure (mentoring/operations/task_starts.py).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
TASK_DELIVERY_LIMIT = env.int("TASK_DELIVERY_LIMIT", default=3)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An email queued this long ago and still not sent is queued again by the reminder sweep.
NOTIFICATIONS_QUEUE_AGAIN_SECONDS = env.int("NOTIFICATIONS_QUEUE_AGAIN_SECONDS", default=1800)
# A page queueing work while the broker is down waits about a second, then carries on.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.4}

# Health (README: Operating it; docs/operations.md). The worker and the beat note every
# HEARTBEAT_SECONDS that they are running; /health/ready fails once either has been silent
# for HEARTBEAT_MAX_AGE_SECONDS.
HEARTBEAT_SECONDS = env.int("HEARTBEAT_SECONDS", default=30)
HEARTBEAT_MAX_AGE_SECONDS = env.int("HEARTBEAT_MAX_AGE_SECONDS", default=180)
# /metrics answers only requests straight from these addresses (CIDRs), never through a proxy,
# and, when METRICS_TOKEN is set, only those carrying it ("Authorization: Bearer <token>").
METRICS_ALLOWED_IPS = [
    ipaddress.ip_network(network)  # a mistyped one stops the portal starting, with its reason
    for network in env.list(
        "METRICS_ALLOWED_IPS",
        default=[
            "127.0.0.0/8",
            "::1/128",
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "fc00::/7",
        ],
    )
]
METRICS_TOKEN = env("METRICS_TOKEN", default="")

# Security. Production defaults; DEBUG=1 relaxes only what a laptop over http needs.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not (DEBUG or TESTING))
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# JSON lines (python-json-logger) or plain text, each with the request id; email addresses,
# PostgreSQL's quoting of rows and secrets in addresses withheld (mentoring/logs.py; README:
# Operating it).
LOG_FORMAT = env("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT is json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "mentoring.logs.RequestId"},
        "withheld": {"()": "mentoring.logs.Withheld"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "withheld"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint reports every step of every PDF at INFO; xmlschema (under SAML) each schema.
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "xmlschema")},
        # Django's own handlers (a plain console under DEBUG, mail to ADMINS, which is unset)
        # would write lines past the filters: the console handler above writes them all.
        "django": {"handlers": []},
        # Gunicorn's own lines (gunicorn.conf.py gives it this configuration) go there too,
        # and its access log, a line a request, only when GUNICORN_ACCESS_LOG is on.
        "gunicorn.error": {"handlers": [], "propagate": True},
        "gunicorn.access": {
            "handlers": [],
            "propagate": True,
            "level": "INFO" if env.bool("GUNICORN_ACCESS_LOG", default=False) else "WARNING",
        },
    },
}
