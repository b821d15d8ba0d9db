"""What each role may get from a page or an action, shared by the permission tables in
tests/test_page_permissions.py and tests/test_post_permissions.py and the rows other apps add
to them."""

# Pages: the expected status, or SIGN_IN for a redirect to the sign-in page.
ROLES = ["anonymous", "staff", "line_manager", "sponsor", "coordinator"]
SIGN_IN = "sign in"
EVERYONE_SIGNED_IN = dict.fromkeys(ROLES[1:], 200) | {"anonymous": SIGN_IN}
COORDINATORS_ONLY = dict.fromkeys(ROLES[1:-1], 403) | {"anonymous": SIGN_IN, "coordinator": 200}
POST_ONLY = dict.fromkeys(ROLES[1:], 405) | {"anonymous": SIGN_IN}

# Actions (POSTs), tried by the signed-in roles.
ALLOWED = 302  # done (or refused by a rule with a message), then back to a page
ACTING_ROLES = ROLES[1:]
COORDINATOR_ONLY = {"staff": 403, "line_manager": 403, "sponsor": 403, "coordinator": ALLOWED}
# The relationship's mentor acts; Jo's line manager and the sponsor cannot even see it, and
# the coordinator is not in it.
MEMBER = {"staff": ALLOWED, "line_manager": 404, "sponsor": 404, "coordinator": 403}
