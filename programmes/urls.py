from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_new, name="new"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/edit/", views.programme_edit, name="edit"),
    path("<int:pk>/status/", views.programme_status, name="status"),
    path("<int:pk>/archive/", views.programme_archive, name="archive"),
    path("<int:pk>/policy/", views.policy_edit, name="policy"),
]
