from django.urls import include, path

from . import enrolment, passkeys, views

app_name = "two_factor"
urlpatterns = [
    path("sign-in/code/", views.app_code, name="app_code"),
    path("sign-in/passkey/", views.passkey, name="passkey"),
    path("sign-in/recovery-code/", views.recovery_code, name="recovery_code"),
    path("two-factor/", enrolment.overview, name="settings"),
    path("two-factor/check-it-is-you/", views.prove, name="prove"),
    path("two-factor/app/", enrolment.add_app, name="add_app"),
    path("two-factor/passkey/", enrolment.add_passkey, name="add_passkey"),
    path("two-factor/recovery-codes/", enrolment.recovery_codes, name="recovery_codes"),
    path("two-factor/remove/<str:kind>/<int:pk>/", enrolment.remove, name="remove"),
]
passkey_urls = include((passkeys.urlpatterns, passkeys.app_name))
