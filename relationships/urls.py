from django.urls import path

import mentoring.logs  # noqa: F401 (registers <secret:…>, withheld from the logs)

from .views import (
    agreements,
    calendar,
    care,
    directory,
    logs,
    matching,
    meetings,
    messages,
    plans,
    relationships,
    team,
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
    path("meetings/<int:pk>/change/", meetings.meeting_change, name="meeting_change"),
    path("meetings/<int:pk>/invite.ics", meetings.meeting_invite, name="meeting_invite"),
    path("calendar/<secret:token>.ics", calendar.feed, name="calendar_feed"),
    path("programmes/<int:pk>/mentors/", directory.directory, name="directory"),
    path("mentors/<int:pk>/ask/", directory.request_new, name="request_new"),
    path("requests/<int:pk>/answer/", directory.request_answer, name="request_answer"),
    path("requests/<int:pk>/withdraw/", directory.request_withdraw, name="request_withdraw"),
    path("requests/<int:pk>/decide/", matching.request_decide, name="request_decide"),
    path("matching/", matching.matching_overview, name="matching_overview"),
    path("programmes/<int:pk>/matching/", matching.matching, name="matching"),
    path("programmes/<int:pk>/matching/run/", matching.match_run, name="run"),
    path("programmes/<int:pk>/matching/weights/", matching.weights_edit, name="weights"),
    path("programmes/<int:pk>/matching/swap/", matching.proposals_swap, name="swap"),
    path("programmes/<int:pk>/matching/approve/", matching.proposals_approve, name="approve"),
    path(
        "programmes/<int:pk>/matching/ask/",
        matching.proposals_ask_managers,
        name="ask_managers",
    ),
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
    # The agreement (AGR-1)
    path("<int:pk>/agreement/", agreements.agreement_current, name="agreement_current"),
    path("<int:pk>/agreement/edit/", agreements.agreement_edit, name="agreement_edit"),
    path("<int:pk>/agreement/<int:version>/", agreements.agreement_version, name="agreement"),
    path("<int:pk>/agreement/<int:version>/pdf/", agreements.agreement_pdf, name="agreement_pdf"),
    path("agreements/<int:pk>/sign/", agreements.agreement_sign, name="agreement_sign"),
    # Meeting logs, actions and private notes (MEET-2)
    path("meetings/<int:pk>/log/", logs.log, name="log"),
    path("meetings/<int:pk>/log/write/", logs.log_write, name="log_write"),
    path("meetings/<int:pk>/log/confirm/", logs.log_confirm, name="log_confirm"),
    path("meetings/<int:pk>/log/correct/", logs.log_correct, name="log_correct"),
    path("meetings/<int:pk>/notes/", logs.private_note, name="private_note"),
    path("<int:pk>/meetings/held/", logs.meeting_held, name="meeting_held"),
    path("actions/<int:pk>/status/", logs.action_status, name="action_status"),
    # Messages between the people in a relationship
    path("<int:pk>/messages/", messages.conversation, name="messages"),
    path("messages/<int:pk>/change/", messages.message_change, name="message_change"),
    # The action plan (PLAN-1)
    path("plans/<int:pk>/", plans.plan, name="plan"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/pdf/", plans.plan_pdf, name="plan_pdf"),
    path("plans/<int:pk>/pdp/", plans.pdp_pdf, name="pdp_pdf"),
    path("plans/<int:pk>/goals/new/", plans.goal_new, name="goal_new"),
    path("goals/<int:pk>/edit/", plans.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/delete/", plans.goal_delete, name="goal_delete"),
    path("goals/<int:pk>/actions/new/", plans.goal_action_new, name="goal_action_new"),
    path("actions/<int:pk>/edit/", plans.action_edit, name="action_edit"),
    path("actions/<int:pk>/delete/", plans.action_delete, name="action_delete"),
    # Reviews, concerns and sharing (REV-1, REL-3, REL-4)
    path("<int:pk>/review/", care.review, name="review"),
    path("<int:pk>/concerns/new/", care.concern_new, name="concern_new"),
    path("concerns/<int:pk>/handled/", care.concern_handled, name="concern_handled"),
    # Acting on a relationship at risk (MON-1)
    path("<int:pk>/check-in/", care.check_in, name="check_in"),
    path("<int:pk>/coordinator-notes/new/", care.coordinator_note, name="coordinator_note"),
    path("<int:pk>/set-aside/", care.set_aside, name="set_aside"),
    path("set-asides/<int:pk>/end/", care.set_aside_end, name="set_aside_end"),
    path("summaries/<int:pk>/", care.summary, name="summary"),
    *[
        path(
            f"summaries/<int:pk>/{step}/", care.summary_step, {"step": step}, name=f"summary_{step}"
        )
        for step in care.SUMMARY_STEPS
    ],
    path("shared/", care.shared_with_me, name="shared"),
    path("team/", team.team, name="team"),
    path("team/mentor-choices/<int:pk>/", team.mentor_choice, name="mentor_choice"),
]
