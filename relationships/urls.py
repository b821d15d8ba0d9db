from django.urls import path

from . import views

app_name = "relationships"
urlpatterns = [
    path("", views.my_mentoring, name="mine"),
    path("<int:pk>/", views.relationship_detail, name="detail"),
    path("<int:pk>/introduction/", views.introduction, name="introduction"),
    path("<int:pk>/rematch/", views.rematch, name="rematch"),
    path("<int:pk>/reviewed/", views.review_done, name="review_done"),
    path("programmes/<int:pk>/mentors/", views.directory, name="directory"),
    path("mentors/<int:pk>/ask/", views.request_new, name="request_new"),
    path("requests/<int:pk>/answer/", views.request_answer, name="request_answer"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("programmes/<int:pk>/matching/", views.matching, name="matching"),
    path("programmes/<int:pk>/matching/run/", views.match_run, name="run"),
    path("programmes/<int:pk>/matching/weights/", views.weights_edit, name="weights"),
    path("programmes/<int:pk>/matching/swap/", views.proposals_swap, name="swap"),
    path("programmes/<int:pk>/matching/approve/", views.proposals_approve, name="approve"),
    path("programmes/<int:pk>/groups/new/", views.group_new, name="group_new"),
    path("proposals/<int:pk>/change/", views.proposal_change, name="proposal_change"),
    *[
        path(
            f"proposals/<int:pk>/{action}/",
            views.proposal_action,
            {"action": action},
            name=f"proposal_{action}",
        )
        for action in views.PROPOSAL_ACTIONS
    ],
]
