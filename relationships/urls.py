from django.urls import path

from .views import (
    agreements,
    care,
    directory,
    logs,
    matching,
    meetings,
    plans,
    relationships,
    workspace,
)

app_name = "relationships"
urlpatterns = [
    path("", relationships.my_mentoring, name="mine"),
    path("<int:pk>/", workspace.relationship_detail, name="detail"),
    path("<int:pk>/introduction/", relationships.introduction, name="introduction"),
    path("<int:pk>/rematch/", relationships.rematch, name="rematch"),
    path("<int:pk>/reviewed/", relationships.review_done, name="review_done"),
    path("<int:pk>/phase/", relationships.phase, name="phase"),
    path("<int:pk>/end/", relationships.end, name="end"),
    path("<int:pk>/closing/", relationships.closing, name="closing"),
    path("<int:pk>/meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/invite.ics", meetings.meeting_invite, name="meeting_invite"),
    path("programmes/<int:pk>/mentors/", directory.directory, name="directory"),
    path("mentors/<int:pk>/ask/", directory.request_new, name="request_new"),
    path("requests/<int:pk>/answer/", directory.request_answer, name="request_answer"),
    path("requests/<int:pk>/withdraw/", directory.request_withdraw, name="request_withdraw"),
    path("programmes/<int:pk>/matching/", matching.matching, name="matching"),
    path("programmes/<int:pk>/matching/run/", matching.match_run, name="run"),
    path("programmes/<int:pk>/matching/weights/", matching.weights_edit, name="weights"),
    path("programmes/<int:pk>/matching/swap/", matching.proposals_swap, name="swap"),
    path("programmes/<int:pk>/matching/approve/", matching.proposals_approve, name="approve"),
    path("programmes/<int:pk>/groups/new/", matching.group_new, name="group_new"),
    path("proposals/<int:pk>/change/", matching.proposal_change, name="proposal_change"),
    *[
        path(
            f"proposals/<int:pk>/{action}/",
            matching.proposal_action,
            {"action": action},
            name=f"proposal_{action}",
        )
        for action in matching.PROPOSAL_ACTIONS
    ],
    *agreements.urls,
    *logs.urls,
    *plans.urls,
    *care.urls,
]
