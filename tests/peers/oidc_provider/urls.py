from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path

from . import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("o/token/", views.token, name="token"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("control/", views.control, name="control"),
    path("favicon.ico", lambda request: HttpResponse(status=204)),
]
