from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

import mentoring.logs  # noqa: F401 (registers <secret:…>, withheld from the logs)
from mentoring.branding import brand_css
from mentoring.glossary import glossary
from mentoring.home.views import home
from mentoring.people import oidc, saml
from mentoring.people import views as people_views
from mentoring.people.forms import FirstPasswordResetForm
from mentoring.people.two_factor.urls import passkey_urls
from mentoring.people.two_factor.views import SignInView

urlpatterns = [
    path("", home, name="home"),
    path("brand.css", brand_css, name="brand_css"),
    path("words/", glossary, name="glossary"),
    path("who-sees-what/", people_views.privacy, name="privacy"),
    path("staff/", include("mentoring.people.urls")),
    path("scim/v2/", include("mentoring.people.scim.urls")),
    path("profile/", people_views.profile, name="profile"),
    path("profile/calendar/", people_views.calendar, name="calendar"),
    path("profile/calendar/new/", people_views.calendar_start, name="calendar_start"),
    path("profile/calendar/revoke/", people_views.calendar_revoke, name="calendar_revoke"),
    path("profile/my-data.json", people_views.my_data, name="my_data_json"),
    path("profile/my-data.pdf", people_views.my_data, {"as_pdf": True}, name="my_data_pdf"),
    path("equality/", people_views.equality, name="equality"),
    path("equality/withdraw/", people_views.equality_withdraw, name="equality_withdraw"),
    path("programmes/", include("programmes.urls")),
    path("mentoring/", include("relationships.urls")),
    path("audit/", include("mentoring.audit.urls")),
    path("notifications/", include("mentoring.notifications.urls")),
    path("evaluations/", include("evaluations.urls")),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=FirstPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", oidc.SignOut.as_view(), name="logout"),
    path(
        "accounts/organisation/",
        oidc.SignInWithOrganisation.as_view(),
        name="organisation_sign_in",
    ),
    path(
        "accounts/organisation/callback/",
        oidc.ReturnFromOrganisation.as_view(),
        name="organisation_sign_in_callback",
    ),
    path("saml/login/", saml.SignInWithOrganisation.as_view(), name="saml2_login"),
    path("saml/acs/", saml.ReturnFromOrganisation.as_view(), name="saml2_acs"),
    path("saml/metadata/", saml.Metadata.as_view(), name="saml2_metadata"),
    path("saml/ls/", saml.SignedOutAtProvider.as_view(), name="saml2_ls"),
    path("saml/ls/post/", saml.SignedOutAtProvider.as_view(), name="saml2_ls_post"),
    path("accounts/", include("mentoring.people.two_factor.urls")),
    path("accounts/passkeys/", passkey_urls),
    # Django's own, with the link's parts marked secret (its other addresses follow).
    path(
        "accounts/reset/<secret:uidb64>/<secret:token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
