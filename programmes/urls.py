from django.urls import path

from .views import applications, history, programmes, setup, training

app_name = "programmes"
urlpatterns = [
    path("", programmes.programme_list, name="list"),
    path("new/", setup.programme_new, name="new"),
    path("new/check/", setup.programme_new_check, name="new_check"),
    path("new/<slug:step>/", setup.programme_new_step, name="new_step"),
    path("areas/", programmes.area_list, name="areas"),
    path("areas/<int:pk>/toggle/", programmes.area_toggle, name="area_toggle"),
    path("<int:pk>/", programmes.programme_detail, name="detail"),
    path("<int:pk>/edit/", programmes.programme_edit, name="edit"),
    path("<int:pk>/status/", programmes.programme_status, name="status"),
    path("<int:pk>/archive/", programmes.programme_archive, name="archive"),
    path("<int:pk>/policy/", programmes.policy_edit, name="policy"),
    path(
        "<int:pk>/apply/mentee/",
        applications.application_new,
        {"role": "mentee"},
        name="apply_mentee",
    ),
    path(
        "<int:pk>/apply/mentor/",
        applications.application_new,
        {"role": "mentor"},
        name="apply_mentor",
    ),
    path("<int:pk>/applications/", applications.application_queue, name="queue"),
    path("<int:pk>/applications/bulk/", applications.application_bulk_decide, name="bulk"),
    path("applications/", applications.my_applications, name="my_applications"),
    path("queues/", applications.applications_waiting, name="applications"),
    path("applications/<int:pk>/withdraw/", applications.application_withdraw, name="withdraw"),
    path("applications/<int:pk>/review/", applications.application_review, name="review"),
    path("applications/<int:pk>/decide/", applications.application_decide, name="decide"),
    path("approvals/", applications.approvals, name="approvals"),
    path("approvals/<int:pk>/", applications.approval_decide, name="approval"),
    path("history/", history.participation_history, name="my_history"),
    path("history/<int:pk>/", history.participation_history, name="history"),
    path("training/", training.training_list, name="training"),
    path("training/new/", training.training_new, name="training_new"),
    path("training/<int:pk>/", training.training_detail, name="training_detail"),
    path("training/<int:pk>/book/", training.training_book, name="training_book"),
    *[
        path(
            f"bookings/<int:pk>/{action}/",
            training.booking_action,
            {"action": action},
            name=f"booking_{action}",
        )
        for action in training.BOOKING_ACTIONS
    ],
]
