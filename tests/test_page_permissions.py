"""Every page, every role: who gets in and who is refused. A new URL without a row here fails
`test_every_page_has_a_row`, so nobody can add a page without deciding who may see it."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from evaluations.tests import rows_dashboard, rows_questionnaires, rows_reports, rows_responses
from tests.roles import COORDINATORS_ONLY, EVERYONE_SIGNED_IN, POST_ONLY, ROLES, SIGN_IN

# An inline script, event handler or style attribute: all refused by our Content-Security-Policy.
# A JSON data block (json_script) is not code, and the CSP lets it be.
INLINE_CODE = re.compile(
    r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>|\son[a-z]+=|\sstyle=",
    re.IGNORECASE,
)

# page: (kwargs, {role: expected status, or SIGN_IN for a redirect to the sign-in page})
PAGES = {
    "home": ({}, dict.fromkeys(ROLES[1:], 200) | {"anonymous": SIGN_IN}),
    "brand_css": ({}, dict.fromkeys(ROLES, 200)),
    "glossary": ({}, dict.fromkeys(ROLES, 200)),
    "privacy": ({}, dict.fromkeys(ROLES, 200)),
    "people:staff_list": (
        {},
        {
            "anonymous": SIGN_IN,
            "staff": 403,
            "line_manager": 403,
            "sponsor": 403,
            "coordinator": 200,
        },
    ),
    "people:staff_import": (
        {},
        {
            "anonymous": SIGN_IN,
            "staff": 403,
            "line_manager": 403,
            "sponsor": 403,
            "coordinator": 200,
        },
    ),
    "people:grades": ({}, COORDINATORS_ONLY),
    # Provisioning tokens change every staff record: site administrators only (tested apart).
    "people:provisioning": ({}, COORDINATORS_ONLY | {"coordinator": 403}),
    "people:provisioning_revoke": ({"pk": "provisioning_token"}, POST_ONLY),
    # SCIM answers a provisioning token only: a signed-in session, whoever's, gets nothing.
    **{
        f"scim:{name}": (kwargs, dict.fromkeys(ROLES, 401))
        for name, kwargs in [
            ("service_provider_config", {}),
            ("resource_types", {}),
            ("resource_type", {"name": "User"}),
            ("schemas", {}),
            ("schema", {"urn": "urn:ietf:params:scim:schemas:core:2.0:User"}),
            ("users", {}),
            ("user", {"pk": "report"}),
        ]
    },
    # The record of the line manager's report: outsiders get 404, never a hint it exists.
    "people:staff_detail": (
        {"pk": "report"},
        {
            "anonymous": SIGN_IN,
            "staff": 404,
            "line_manager": 200,
            "sponsor": 404,
            "coordinator": 200,
        },
    ),
    "programmes:list": ({}, EVERYONE_SIGNED_IN),
    "programmes:new": ({}, COORDINATORS_ONLY),
    # The set-up steps: a coordinator with no draft under way starts one with their own rules,
    # and the check page sends them to the first step not yet answered.
    "programmes:new_step": ({"step": "purpose"}, COORDINATORS_ONLY),
    "programmes:new_check": ({}, COORDINATORS_ONLY | {"coordinator": 302}),
    "programmes:areas": ({}, COORDINATORS_ONLY),
    "programmes:area_toggle": ({"pk": "area"}, POST_ONLY),
    "programmes:detail": ({"pk": "programme"}, EVERYONE_SIGNED_IN),
    "programmes:edit": ({"pk": "programme"}, COORDINATORS_ONLY),
    "programmes:policy": ({"pk": "programme"}, COORDINATORS_ONLY),
    "programmes:status": ({"pk": "programme"}, POST_ONLY),
    "programmes:archive": ({"pk": "programme"}, POST_ONLY),
    "programmes:apply_mentee": ({"pk": "programme"}, EVERYONE_SIGNED_IN),
    "programmes:apply_mentor": ({"pk": "programme"}, EVERYONE_SIGNED_IN),
    "programmes:queue": ({"pk": "programme"}, COORDINATORS_ONLY),
    "programmes:bulk": ({"pk": "programme"}, POST_ONLY),
    "programmes:my_applications": ({}, EVERYONE_SIGNED_IN),
    "programmes:applications": ({}, COORDINATORS_ONLY),
    "programmes:withdraw": ({"pk": "application"}, POST_ONLY),
    "programmes:review": ({"pk": "application"}, POST_ONLY),
    "programmes:approvals": ({}, EVERYONE_SIGNED_IN),
    # The report's application: their manager decides support, the coordinator decides the
    # application; to anyone else it does not exist.
    "programmes:approval": (
        {"pk": "application"},
        {
            "anonymous": SIGN_IN,
            "staff": 404,
            "line_manager": 200,
            "sponsor": 404,
            "coordinator": 403,
        },
    ),
    "programmes:decide": (
        {"pk": "application"},
        {
            "anonymous": SIGN_IN,
            "staff": 404,
            "line_manager": 403,
            "sponsor": 404,
            "coordinator": 200,
        },
    ),
    "programmes:my_history": ({}, EVERYONE_SIGNED_IN),
    # The report's participation history: theirs, their line manager's (dates and statuses)
    # and the coordinators' to read; to anyone else it does not exist.
    "programmes:history": (
        {"pk": "report"},
        {
            "anonymous": SIGN_IN,
            "staff": 404,
            "line_manager": 200,
            "sponsor": 404,
            "coordinator": 200,
        },
    ),
    "programmes:training": ({}, EVERYONE_SIGNED_IN),
    "programmes:training_new": ({}, COORDINATORS_ONLY),
    "programmes:training_detail": ({"pk": "session"}, EVERYONE_SIGNED_IN),
    "programmes:training_book": ({"pk": "session"}, POST_ONLY),
    **{
        f"programmes:booking_{action}": ({"pk": "booking"}, POST_ONLY)
        for action in ["cancel", "give_place", "prioritise", "attended", "absent"]
    },
    "relationships:mine": ({}, EVERYONE_SIGNED_IN),
    # Chris mentors Jo, the line manager's report: their manager never sees the relationship.
    "relationships:detail": (
        {"pk": "relationship"},
        {
            "anonymous": SIGN_IN,
            "staff": 200,
            "line_manager": 404,
            "sponsor": 404,
            "coordinator": 200,
        },
    ),
    **{
        f"relationships:{name}": ({"pk": "relationship"}, POST_ONLY)
        for name in ["introduction", "rematch", "review_done", "phase", "closing"]
    },
    "relationships:meeting_new": (
        {"pk": "relationship"},
        {
            "anonymous": SIGN_IN,
            "staff": 200,
            "line_manager": 404,
            "sponsor": 404,
            "coordinator": 403,
        },
    ),
    "relationships:meeting_cancel": ({"pk": "meeting"}, POST_ONLY),
    # Changing a meeting is for the people at it: to anyone else it does not exist.
    "relationships:meeting_change": (
        {"pk": "meeting"},
        dict.fromkeys(ROLES[1:], 404) | {"anonymous": SIGN_IN, "staff": 200},
    ),
    # Chris and Jo's mentoring agreement: the pair read, write and download it; this programme
    # keeps it from its coordinator (who sees only whether it is signed, on the relationship
    # page); line managers and sponsors never see it.
    **{
        f"relationships:{name}": (
            kwargs,
            dict.fromkeys(ROLES[1:], 404) | {"anonymous": SIGN_IN, "staff": 200},
        )
        for name, kwargs in [
            ("agreement_current", {"pk": "relationship"}),
            ("agreement_edit", {"pk": "relationship"}),
            ("agreement", {"pk": "relationship", "version": 1}),
            ("agreement_pdf", {"pk": "relationship", "version": 1}),
        ]
    },
    "relationships:agreement_sign": ({"pk": "agreement"}, POST_ONLY),
    # The held meeting's log, written by Chris: the pair read it; this programme keeps logs
    # from its coordinator, and private notes are only ever their author's.
    "relationships:log": (
        {"pk": "held_meeting"},
        dict.fromkeys(ROLES[1:], 404) | {"anonymous": SIGN_IN, "staff": 200},
    ),
    "relationships:log_write": (
        {"pk": "held_meeting"},
        {
            "anonymous": SIGN_IN,
            "staff": 200,
            "line_manager": 404,
            "sponsor": 404,
            "coordinator": 403,
        },
    ),
    "relationships:meeting_held": (
        {"pk": "relationship"},
        {
            "anonymous": SIGN_IN,
            "staff": 200,
            "line_manager": 404,
            "sponsor": 404,
            "coordinator": 403,
        },
    ),
    "relationships:private_note": (
        {"pk": "held_meeting"},
        dict.fromkeys(ROLES[1:], 404) | {"anonymous": SIGN_IN, "staff": 200},
    ),
    # Chris and Jo's messages: only the people in it, never the coordinator; Chris wrote the
    # message a moment ago, so he may still change it.
    **{
        f"relationships:{name}": (
            {"pk": record},
            dict.fromkeys(ROLES[1:], 404) | {"anonymous": SIGN_IN, "staff": 200},
        )
        for name, record in [("messages", "relationship"), ("message_change", "message")]
    },
    "relationships:log_confirm": ({"pk": "held_meeting"}, POST_ONLY),
    "relationships:log_correct": ({"pk": "held_meeting"}, POST_ONLY),
    "relationships:action_status": ({"pk": "action"}, POST_ONLY),
    # Jo's action plan is the pair's working document: Chris, her mentor, reads and writes it;
    # this programme keeps it from its coordinator; line managers and sponsors never see it.
    **{
        f"relationships:{name}": (
            {"pk": target},
            dict.fromkeys(ROLES[1:], 404) | {"anonymous": SIGN_IN, "staff": 200},
        )
        for name, target in [
            ("plan", "mentee_member"),
            ("plan_edit", "mentee_member"),
            ("plan_pdf", "mentee_member"),
            ("pdp_pdf", "mentee_member"),
            ("goal_new", "mentee_member"),
            ("goal_edit", "goal"),
            ("goal_action_new", "goal"),
            ("action_edit", "action"),
        ]
    },
    "relationships:goal_delete": ({"pk": "goal"}, POST_ONLY),
    "relationships:action_delete": ({"pk": "action"}, POST_ONLY),
    # The calendar invitation is the participants' alone.
    "relationships:meeting_invite": (
        {"pk": "meeting"},
        dict.fromkeys(ROLES[1:], 404) | {"anonymous": SIGN_IN, "staff": 200},
    ),
    # Only the people in it end it; the coordinator may rematch but not end it for them.
    "relationships:end": (
        {"pk": "relationship"},
        {
            "anonymous": SIGN_IN,
            "staff": 200,
            "line_manager": 404,
            "sponsor": 404,
            "coordinator": 403,
        },
    ),
    # Only the programme's accepted mentees browse its directory.
    "relationships:review": (
        {"pk": "relationship"},
        {
            "anonymous": SIGN_IN,
            "staff": 200,
            "line_manager": 404,
            "sponsor": 404,
            "coordinator": 403,  # this programme keeps reviews private to the pair
        },
    ),
    "relationships:concern_new": (
        {"pk": "relationship"},
        {
            "anonymous": SIGN_IN,
            "staff": 200,
            "line_manager": 404,
            "sponsor": 404,
            "coordinator": 403,
        },
    ),
    "relationships:concern_handled": ({"pk": "concern"}, POST_ONLY),
    # Acting on a relationship at risk: its programme's coordinator, not the pair; line
    # managers and sponsors cannot even see the relationship.
    **{
        f"relationships:{name}": (
            {"pk": "relationship"},
            {
                "anonymous": SIGN_IN,
                "staff": 403,
                "line_manager": 404,
                "sponsor": 404,
                "coordinator": 200,
            },
        )
        for name in ["check_in", "coordinator_note", "set_aside"]
    },
    "relationships:set_aside_end": ({"pk": "set_aside"}, POST_ONLY),
    "relationships:summary": (
        {"pk": "mentee_member"},
        {
            "anonymous": SIGN_IN,
            "staff": 200,
            "line_manager": 404,  # sees only what is shared, on their own page
            "sponsor": 404,
            "coordinator": 404,
        },
    ),
    **{
        f"relationships:summary_{step}": ({"pk": "mentee_member"}, POST_ONLY)
        for step in ["ask", "agree", "withdraw"]
    },
    "relationships:shared": ({}, EVERYONE_SIGNED_IN),
    # Everyone's own team: the people they manage now, or a line saying there is nobody.
    "relationships:team": ({}, EVERYONE_SIGNED_IN),
    "relationships:ask_managers": ({"pk": "directory_programme"}, POST_ONLY),
    # The proposed mentor Jo's line manager is asked about: to anyone else it does not exist.
    "relationships:mentor_choice": (
        {"pk": "manager_answer"},
        {
            "anonymous": SIGN_IN,
            "staff": 404,
            "line_manager": 200,
            "sponsor": 404,
            "coordinator": 404,
        },
    ),
    "relationships:directory": (
        {"pk": "directory_programme"},
        dict.fromkeys(ROLES[1:], 403) | {"anonymous": SIGN_IN},
    ),
    "relationships:request_new": (
        {"pk": "mentor_application"},
        dict.fromkeys(ROLES[1:], 404) | {"anonymous": SIGN_IN},
    ),
    "relationships:request_answer": ({"pk": "mentor_request"}, POST_ONLY),
    "relationships:request_withdraw": ({"pk": "mentor_request"}, POST_ONLY),
    "relationships:request_decide": ({"pk": "mentor_request"}, POST_ONLY),
    "relationships:matching": ({"pk": "directory_programme"}, COORDINATORS_ONLY),
    "relationships:matching_overview": ({}, COORDINATORS_ONLY),
    "relationships:weights": ({"pk": "directory_programme"}, COORDINATORS_ONLY),
    "relationships:group_new": ({"pk": "directory_programme"}, COORDINATORS_ONLY),
    "relationships:proposal_change": ({"pk": "proposal"}, COORDINATORS_ONLY),
    **{
        f"relationships:{name}": ({"pk": "directory_programme"}, POST_ONLY)
        for name in ["run", "swap", "approve"]
    },
    **{
        f"relationships:proposal_{name}": ({"pk": "proposal"}, POST_ONLY)
        for name in ["pin", "unpin", "remove", "ask"]
    },
    "equality": ({}, EVERYONE_SIGNED_IN),
    "profile": ({}, EVERYONE_SIGNED_IN),
    # Each person's own calendar feed (mentoring/people/tests/test_calendar_page.py); the feed
    # itself answers its secret address alone, signed in or not (test_calendar_feed.py).
    "calendar": ({}, EVERYONE_SIGNED_IN),
    "calendar_start": ({}, POST_ONLY),
    "calendar_revoke": ({}, POST_ONLY),
    "relationships:calendar_feed": ({"token": "A" * 43}, dict.fromkeys(ROLES, 404)),
    # Each downloads only their own data (mentoring/people/tests/test_my_data.py).
    "my_data_json": ({}, EVERYONE_SIGNED_IN),
    "my_data_pdf": ({}, EVERYONE_SIGNED_IN),
    "audit:search": ({}, COORDINATORS_ONLY),
    "notifications:list": ({}, EVERYONE_SIGNED_IN),  # each reads only their own
    "notifications:read_all": ({}, POST_ONLY),
    "notifications:preferences": ({}, EVERYONE_SIGNED_IN),
    # Opening someone else's notification is a 404 (mentoring/notifications/tests).
    "notifications:open": ({"pk": "0"}, POST_ONLY),
    "equality_withdraw": ({}, POST_ONLY),
    "login": ({}, dict.fromkeys(ROLES, 200)),
    "logout": ({}, dict.fromkeys(ROLES, 405)),  # signing out is a POST
    # Only with an identity provider set up; with one, each role's way through is in
    # mentoring/people/tests/test_sign_in_with_organisation.py (a real provider).
    "organisation_sign_in": ({}, dict.fromkeys(ROLES, 404)),
    "organisation_sign_in_callback": ({}, dict.fromkeys(ROLES, 404)),
    # The same for SAML (with a provider: mentoring/people/tests/test_sign_in_with_saml.py).
    **{
        name: ({}, dict.fromkeys(ROLES, 404))
        for name in ("saml2_login", "saml2_acs", "saml2_metadata", "saml2_ls", "saml2_ls_post")
    },
    "password_change": ({}, dict.fromkeys(ROLES[1:], 200) | {"anonymous": SIGN_IN}),
    "password_change_done": ({}, dict.fromkeys(ROLES[1:], 200) | {"anonymous": SIGN_IN}),
    "password_reset": ({}, dict.fromkeys(ROLES, 200)),
    "password_reset_done": ({}, dict.fromkeys(ROLES, 200)),
    "password_reset_confirm": ({"uidb64": "MQ", "token": "bad-token"}, dict.fromkeys(ROLES, 200)),
    "password_reset_complete": ({}, dict.fromkeys(ROLES, 200)),
    # The second step of signing in: only just after a right password (test_two_factor_sign_in),
    # so anyone else is sent back to the sign-in page.
    "two_factor:app_code": ({}, dict.fromkeys(ROLES, 302)),
    "two_factor:passkey": ({}, dict.fromkeys(ROLES, 302)),
    "two_factor:recovery_code": ({}, dict.fromkeys(ROLES, 302)),
    # Each person's own factors; someone who must set one up opens these before signing in.
    "two_factor:settings": ({}, EVERYONE_SIGNED_IN),
    "two_factor:add_app": ({}, EVERYONE_SIGNED_IN),
    "two_factor:add_passkey": ({}, EVERYONE_SIGNED_IN),
    "two_factor:recovery_codes": ({}, EVERYONE_SIGNED_IN),
    "two_factor:remove": ({"kind": "app", "pk": "1"}, POST_ONLY),
    # Checking it is you before changing them (test_two_factor_proof): one's own, for everyone.
    "two_factor:prove": ({}, EVERYONE_SIGNED_IN),
    # django-otp-webauthn's steps, posted by its script, refused before anything else to
    # anyone not adding a passkey of their own, not half way through signing in and not
    # checking it is them (signed in).
    **{
        f"otp_webauthn:credential-{ceremony}-{step}": (
            {},
            dict.fromkeys(ROLES[1:], 405) | {"anonymous": 403},
        )
        for ceremony in ["registration", "authentication"]
        for step in ["begin", "complete"]
    },
}

for rows in [rows_questionnaires, rows_responses, rows_dashboard, rows_reports]:
    PAGES |= rows.PAGES


def named_urls(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the admin site checks is_staff and model permissions itself
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def test_every_page_has_a_row():
    assert set(named_urls()) == set(PAGES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_answers_each_role_as_it_should(client, people, page, role):
    kwargs, expected_by_role = PAGES[page]
    expected = expected_by_role[role]
    kwargs = {k: (people[v].pk if v in people else v) for k, v in kwargs.items()}
    if role != "anonymous":
        client.force_login(people[role].user)
    url = reverse(page, kwargs=kwargs)
    response = client.get(url)
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login") + "?next=")
    else:
        assert response.status_code == expected
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        assert INLINE_CODE.findall(response.text) == [], "the CSP would block this"


@pytest.mark.parametrize("role", ["staff", "line_manager", "sponsor", "coordinator"])
def test_the_admin_site_is_only_for_accounts_given_admin_access(client, people, role):
    client.force_login(people[role].user)
    assert client.get(reverse("admin:index")).status_code == 302
    people[role].user.is_staff = True
    people[role].user.save()
    assert client.get(reverse("admin:index")).status_code == 200
