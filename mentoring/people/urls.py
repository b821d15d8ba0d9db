from django.urls import path

from . import views
from .scim import pages as provisioning

app_name = "people"
urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("import/", views.staff_import_upload, name="staff_import"),
    path("grades/", views.grades, name="grades"),
    path("<int:pk>/", views.staff_detail, name="staff_detail"),
    path("provisioning/", provisioning.tokens, name="provisioning"),
    path("provisioning/<int:pk>/revoke/", provisioning.token_revoke, name="provisioning_revoke"),
]
