"""Every action a page posts to, tried by every role: refused roles change nothing."""

import pytest
from django.urls import reverse

from evaluations.tests import rows_dashboard, rows_questionnaires, rows_reports, rows_responses
from evaluations.tests.records import evaluation_state
from mentoring.people.models import ProvisioningToken
from programmes.models import Application, Area, Booking, Programme
from relationships.models import (
    ActionItem,
    ActionPlan,
    Agreement,
    CheckIn,
    Concern,
    CoordinatorNote,
    Goal,
    ManagerAnswer,
    MatchRun,
    Meeting,
    MeetingLog,
    Member,
    MentorRequest,
    Message,
    PrivateNote,
    Proposal,
    Relationship,
    ReviewAnswer,
    SetAside,
    SharedSummary,
    Signature,
)
from tests.roles import ACTING_ROLES, ALLOWED, COORDINATOR_ONLY, MEMBER

ROLES = ACTING_ROLES
# The report's own application and booking: others either cannot see them or may not act.
APPLICANT_ONLY = {"staff": 404, "line_manager": 403, "sponsor": 404, "coordinator": 403}
CONFIRMED = {"confirmed": "yes"}  # actions that ask first act only once confirmed


ACTIONS = {
    "people:grades": (None, {}, COORDINATOR_ONLY),
    "people:provisioning_revoke": (
        "provisioning_token",
        CONFIRMED,
        COORDINATOR_ONLY | {"coordinator": 403},  # site administrators only
    ),
    # Each person's own calendar feed: turned on, its address shown once; turned off.
    "calendar_start": (None, CONFIRMED, dict.fromkeys(ROLES, 200)),
    "calendar_revoke": (None, CONFIRMED, dict.fromkeys(ROLES, ALLOWED)),
    # Each person's own recovery codes (refused with a message for someone with no factor).
    "two_factor:recovery_codes": (None, CONFIRMED, dict.fromkeys(ROLES, ALLOWED)),
    "programmes:area_toggle": ("area", {}, COORDINATOR_ONLY),
    "programmes:status": ("programme", {"status": "running"}, COORDINATOR_ONLY),
    "programmes:archive": ("programme", {"confirmed": "yes"}, COORDINATOR_ONLY),
    "programmes:bulk": (
        "programme",
        {"decision": "accept", "applications": "application", "confirmed": "yes"},
        COORDINATOR_ONLY,
    ),
    "programmes:withdraw": ("application", {"confirmed": "yes"}, APPLICANT_ONLY),
    "programmes:review": ("application", {}, APPLICANT_ONLY),
    **{
        f"programmes:booking_{action}": ("booking", {}, COORDINATOR_ONLY)
        for action in ["give_place", "prioritise", "attended", "absent"]
    },
    "programmes:booking_cancel": ("booking", {}, COORDINATOR_ONLY | {"coordinator": 403}),
    # Chris (staff) mentors Jo, the line manager's report, in the directory programme.
    "relationships:introduction": ("relationship", {"goes_ahead": "no", "reason": "time"}, MEMBER),
    "relationships:rematch": (
        "relationship",
        {"reason": "time", **CONFIRMED},
        MEMBER | {"coordinator": 302},
    ),
    "relationships:review_done": ("relationship", {}, MEMBER | {"staff": 403, "coordinator": 302}),
    "relationships:phase": ("relationship", {"phase": "direction"}, MEMBER),
    "relationships:end": (
        "relationship",
        {"reason": "goals_achieved", "learned": "A lot.", "next_steps": "Apply.", **CONFIRMED},
        MEMBER | {"staff": 200},  # not active yet: the form comes back with the refusal
    ),
    "relationships:closing": ("relationship", {"learned": "A lot.", "next_steps": "On."}, MEMBER),
    "relationships:meeting_cancel": ("meeting", CONFIRMED, MEMBER | {"coordinator": 404}),
    "relationships:meeting_change": (
        "meeting",
        {"starts_at": "2031-01-01T11:00", "minutes": 45, "method": "video", **CONFIRMED},
        MEMBER | {"coordinator": 404},
    ),
    "relationships:meeting_new": (
        "relationship",
        {"starts_at": "2031-01-01T10:00", "minutes": 60, "method": "video"},
        MEMBER,
    ),
    # The pair's agreement: this programme keeps it from its coordinator, so to them, as to
    # line managers and sponsors, it does not exist.
    "relationships:agreement_edit": (
        "relationship",
        {
            "meet_every": "two weeks",
            "contact_between": "By email as agreed.",
            "aims_0": "Confidence",
            "aims_1": "Delegation",
            "aims_2": "Promotion",
            "mentor_role": "Listen.",
            "mentee_role": "Prepare.",
            "confidentiality": "Confidential.",
            "feedback": "Constructive.",
            "documentation": "None.",
            "breakdown": "Talk first.",
        },
        MEMBER | {"coordinator": 404},
    ),
    "relationships:agreement_sign": (
        "agreement",
        {"typed_name": "Chris Taylor", "agree": "on"},
        MEMBER | {"coordinator": 404},
    ),
    # The held meeting's log was written by Chris: he may change it, but confirming or
    # correcting his own log is refused with a message.
    "relationships:log_write": (
        "held_meeting",
        {
            "minutes": 60,
            "achieved": "Read the book.",
            "topics": "Delegation",
            "actions-TOTAL_FORMS": 0,
            "actions-INITIAL_FORMS": 0,
        },
        MEMBER,
    ),
    "relationships:log_confirm": ("held_meeting", {}, MEMBER | {"coordinator": 404}),
    "relationships:log_correct": (
        "held_meeting",
        {"correction": "Not quite."},
        MEMBER | {"coordinator": 404},
    ),
    # A date before they were paired: the form comes back with the refusal.
    "relationships:meeting_held": (
        "relationship",
        {"starts_at": "2020-01-01T10:00", "method": "video", "minutes": 60},
        MEMBER | {"staff": 200},
    ),
    "relationships:action_status": ("action", {"status": "done"}, MEMBER | {"coordinator": 404}),
    "relationships:messages": ("relationship", {"text": "Hello."}, MEMBER | {"coordinator": 404}),
    "relationships:message_change": (
        "message",
        {"text": "Changed."},
        MEMBER | {"coordinator": 404},
    ),
    "relationships:private_note": (
        "held_meeting",
        {"text": "Mine."},
        MEMBER | {"coordinator": 404},
    ),
    # Jo's action plan: Chris, her mentor, writes it with her; this programme's coordinator may
    # not even read it.
    "relationships:plan_edit": (
        "mentee_member",
        {"long_term_goal": "Lead a team.", "commitment": 8},
        MEMBER | {"coordinator": 404},
    ),
    "relationships:goal_new": (
        "mentee_member",
        {"specific": "Delegate", "status": "not_started"},
        MEMBER | {"coordinator": 404},
    ),
    "relationships:goal_edit": (
        "goal",
        {"specific": "Delegate", "status": "achieved"},
        MEMBER | {"coordinator": 404},
    ),
    "relationships:goal_delete": ("goal", CONFIRMED, MEMBER | {"coordinator": 404}),
    "relationships:goal_action_new": (
        "goal",
        {"description": "Ask", "owner": "report", "status": "to_do"},
        MEMBER | {"coordinator": 404},
    ),
    "relationships:action_edit": (
        "action",
        {"description": "Ask", "owner": "report", "status": "in_progress"},
        MEMBER | {"coordinator": 404},
    ),
    "relationships:action_delete": ("action", CONFIRMED, MEMBER | {"coordinator": 404}),
    "relationships:request_answer": (
        "mentor_request",
        {"accept": "no"},
        MEMBER | {"coordinator": 404},
    ),
    "relationships:request_withdraw": ("mentor_request", CONFIRMED, dict.fromkeys(ROLES, 404)),
    # Only the programme's coordinators decide on a request waiting for a line manager; this
    # one still waits for the mentor, so the coordinator is told it is not theirs to decide.
    "relationships:request_decide": (
        "mentor_request",
        {"go_ahead": "yes", **CONFIRMED},
        COORDINATOR_ONLY,
    ),
    "relationships:run": ("directory_programme", {}, COORDINATOR_ONLY),
    "relationships:approve": (
        "directory_programme",
        {"proposals": "proposal", **CONFIRMED},
        COORDINATOR_ONLY,
    ),
    # The directory programme does not ask line managers: the coordinator is told nobody was.
    "relationships:ask_managers": (
        "directory_programme",
        {"proposals": "proposal"},
        COORDINATOR_ONLY,
    ),
    # Asking line managers from the pair-by-hand page (000 §3.2): with nobody chosen, the
    # coordinator's page answers again with what to choose; nobody is asked.
    "relationships:group_new": (
        "directory_programme",
        {"ask_managers": "yes"},
        COORDINATOR_ONLY | {"coordinator": 200},
    ),
    "relationships:swap": (
        "directory_programme",
        {"first": "proposal", "second": "proposal"},
        COORDINATOR_ONLY,
    ),
    **{
        f"relationships:proposal_{name}": ("proposal", {}, COORDINATOR_ONLY)
        for name in ["pin", "unpin", "remove", "ask"]
    },
    # Only the line manager asked answers about Jo's proposed mentor; to others it is not there.
    # Jo is already paired, so the page tells her manager the coordinator has decided.
    "relationships:mentor_choice": (
        "manager_answer",
        {"supports": "no", "concern": "Same small team."},
        {"staff": 404, "line_manager": 200, "sponsor": 404, "coordinator": 404},
    ),
    # Jo's relationship is still proposed: there is no review to answer yet.
    "relationships:review": (
        "relationship",
        {"helping": "yes", "plan_progress": "Fine."},
        MEMBER | {"staff": 200},
    ),
    "relationships:concern_new": ("relationship", {"text": "Worried."}, MEMBER),
    "relationships:concern_handled": (
        "concern",
        {},
        {"staff": 404, "line_manager": 404, "sponsor": 404, "coordinator": ALLOWED},
    ),
    # The programme's coordinator acts on the relationship; the pair may not.
    "relationships:check_in": (
        "relationship",
        {"message": "How is it going?", **CONFIRMED},
        MEMBER | {"staff": 403, "coordinator": ALLOWED},
    ),
    "relationships:coordinator_note": (
        "relationship",
        {"text": "Call Jo."},
        MEMBER | {"staff": 403, "coordinator": ALLOWED},
    ),
    # Nothing is flagged yet: the page says there is no reason to set aside.
    "relationships:set_aside": (
        "relationship",
        {"reason": "no_meeting", "until": "2031-01-01", "why": "Leave."},
        MEMBER | {"staff": 403, "coordinator": 200},
    ),
    "relationships:set_aside_end": (
        "set_aside",
        {},
        MEMBER | {"staff": 403, "coordinator": ALLOWED},
    ),
    "relationships:summary": (
        "mentee_member",
        {"text": "Going well."},
        MEMBER | {"coordinator": 404},
    ),
    # Only the mentee asks; the mentor may agree only once asked.
    "relationships:summary_ask": ("mentee_member", {}, MEMBER | {"staff": 403}),
    "relationships:summary_agree": ("mentee_member", {}, MEMBER),
    "relationships:summary_withdraw": ("mentee_member", {}, MEMBER),
}

for rows in [rows_questionnaires, rows_responses, rows_dashboard, rows_reports]:
    ACTIONS |= rows.ACTIONS


def state():
    return (
        list(Application.objects.values_list("pk", "status")),
        list(Booking.objects.values_list("pk", "status", "prioritised", "attended")),
        list(Programme.objects.values_list("pk", "status", "archived_at")),
        list(Area.objects.values_list("pk", "is_active")),
        list(Relationship.objects.values_list("pk", "status", "review_needed")),
        list(Member.objects.values_list("pk", "goes_ahead", "is_live", "learned")),
        list(Relationship.objects.values_list("pk", "phase", "ending")),
        list(MentorRequest.objects.values_list("pk", "status")),
        list(Proposal.objects.values_list("pk", "mentor_application", "is_pinned")),
        list(ManagerAnswer.objects.values_list("pk", "answer", "concern")),
        list(MatchRun.objects.values_list("pk", "status")),
        list(Meeting.objects.values_list("pk", "starts_at", "cancelled_at")),
        list(MeetingLog.objects.values_list("pk", "status", "topics", "correction")),
        list(ActionItem.objects.values_list("pk", "status", "description")),
        list(PrivateNote.objects.values_list("pk", "text")),
        list(Message.objects.values_list("pk", "text", "edited_at")),
        list(Concern.objects.values_list("pk", "handled_at")),
        list(CheckIn.objects.values_list("pk", "message")),
        list(CoordinatorNote.objects.values_list("pk", "text")),
        list(SetAside.objects.values_list("pk", "until")),
        list(SharedSummary.objects.values_list("pk", "status", "text")),
        list(ReviewAnswer.objects.values_list("pk")),
        list(ActionPlan.objects.values_list("pk", "long_term_goal", "commitment", "comments")),
        list(Goal.objects.values_list("pk", "specific", "status")),
        list(Agreement.objects.values_list("pk", "version", "meet_every", "aims", "locked_at")),
        list(Signature.objects.values_list("pk", "agreement", "person")),
        list(ProvisioningToken.objects.values_list("pk", "revoked_at")),
        *evaluation_state(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_action_answers_each_role(client, people, action, role):
    target, data, expected = ACTIONS[action]
    data = {k: (people[v].pk if v in people else v) for k, v in data.items()}
    client.force_login(people[role].user)
    before = state()
    args = [people[target].pk] if target else []
    response = client.post(reverse(action, args=args), data)
    assert response.status_code == expected[role]
    if expected[role] != ALLOWED:
        assert state() == before
