"""SCIM provisioning as Microsoft Entra ID does it: the requests it sends (create, find by
filter, patch the manager, deactivate), each through the staff import's own rules, and refused
without a token in use."""

import json

import pytest
from django.urls import reverse

from mentoring.audit.models import AuditEntry
from mentoring.people.models import ProvisioningToken, StaffMember
from mentoring.people.scim.tokens import provisioning_token_create, provisioning_token_revoke
from tests.factories import StaffMemberFactory, UserFactory
from tests.matching import accepted, paired, programme_for_matching

pytestmark = pytest.mark.django_db
CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
USERS = "/scim/v2/Users"


@pytest.fixture
def administrator(db):
    return UserFactory(email="it.admin@example.org", is_superuser=True, is_staff=True)


@pytest.fixture
def secret(administrator):
    return provisioning_token_create(by=administrator, name="Entra ID")[1]


@pytest.fixture
def scim(client, secret):
    def call(method, path, body=None, token=secret):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        data = json.dumps(body) if body is not None else None
        response = getattr(client, method.lower())(
            path, data=data, content_type="application/scim+json", headers=headers
        )
        return response, (response.json() if response.content else None)

    return call


def entra_user(email, given="Amira", family="Khan", **enterprise):
    """The body Entra ID's default attribute mappings send to create a user."""
    return {
        "schemas": [CORE, ENTERPRISE],
        "externalId": f"{given.lower()}k",
        "userName": email,
        "active": True,
        "displayName": f"{given} {family}",
        "title": "Housing Officer",
        "emails": [{"primary": True, "type": "work", "value": email}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": f"{given} {family}", "familyName": family, "givenName": given},
        "roles": [],
        "phoneNumbers": [{"type": "work", "value": "01473 000000"}],
        ENTERPRISE: {"department": "Housing", "employeeNumber": "1234", **enterprise},
    }


def patch(*operations):
    return {"schemas": [PATCH_OP], "Operations": list(operations)}


def test_entra_creates_a_person_with_their_manager(scim, line_manager):
    body = entra_user("Amira.Khan@example.org", manager={"value": str(line_manager.pk)})
    response, created = scim("POST", USERS, body)
    assert response.status_code == 201, created
    assert response["Content-Type"] == "application/scim+json"
    amira = StaffMember.objects.get(work_email="amira.khan@example.org")
    assert created["id"] == str(amira.pk) and created["userName"] == "amira.khan@example.org"
    assert created[ENTERPRISE]["manager"]["value"] == str(line_manager.pk)
    assert (amira.first_name, amira.job_title, amira.department.name) == (
        "Amira",
        "Housing Officer",
        "Housing",
    )
    assert amira.line_manager == line_manager and amira.identity_id == "amirak"
    assert amira.user.email == "amira.khan@example.org" and not amira.user.has_usable_password()
    assert AuditEntry.objects.filter(
        who="Provisioning token “Entra ID”",
        object_id=amira.pk,
        note="Amira Khan added by provisioning (SCIM)",
    ).exists()


def test_entra_finds_a_person_by_user_name_or_external_id(scim, staff_member):
    StaffMember.objects.filter(pk=staff_member.pk).update(identity_id="jo-1")
    for query in [f'userName eq "{staff_member.work_email.upper()}"', 'externalId eq "jo-1"']:
        response, found = scim("GET", f"{USERS}?filter={query}")
        assert response.status_code == 200
        assert found["totalResults"] == 1 and found["Resources"][0]["id"] == str(staff_member.pk)
    response, found = scim("GET", f'{USERS}?filter=userName eq "nobody@example.org"')
    assert (found["totalResults"], found["Resources"]) == (0, [])


def test_entra_sets_then_removes_a_manager_and_each_move_is_audited(
    scim, staff_member, line_manager, colleague
):
    path = f"{USERS}/{staff_member.pk}"
    manager = f"{ENTERPRISE}:manager"
    response, shown = scim(
        "PATCH", path, patch({"op": "Add", "path": manager, "value": str(colleague.pk)})
    )
    assert response.status_code == 200, shown
    assert shown[ENTERPRISE]["manager"]["value"] == str(colleague.pk)
    staff_member.refresh_from_db()
    assert staff_member.line_manager == colleague
    assert staff_member.job_title == "Housing Officer"  # what was not patched stays

    scim("PATCH", path, patch({"op": "Remove", "path": manager}))
    staff_member.refresh_from_db()
    assert staff_member.line_manager is None
    notes = set(AuditEntry.objects.filter(object_id=staff_member.pk).values_list("note", flat=True))
    assert {
        f"Jo Evans: line manager Sam Patel → {colleague.full_name}, by provisioning (SCIM)",
        f"Jo Evans: line manager {colleague.full_name} → nobody, by provisioning (SCIM)",
    } <= notes


@pytest.mark.parametrize(
    "operation",
    [
        {"op": "Replace", "path": "active", "value": False},
        {"op": "Replace", "path": "active", "value": "False"},  # as older Entra sends it
        {"op": "replace", "value": {"active": False}},
    ],
    ids=["boolean", "string", "without a path"],
)
def test_entra_deactivates_a_leaver_whose_open_session_then_ends(
    scim, client, staff_member, operation
):
    client.force_login(staff_member.user)
    response, shown = scim("PATCH", f"{USERS}/{staff_member.pk}", patch(operation))
    assert response.status_code == 200 and shown["active"] is False
    staff_member.refresh_from_db()
    assert not staff_member.is_active
    page = client.get(reverse("home"))
    assert page.status_code == 302 and page.url.startswith(reverse("login"))


def test_delete_deactivates_and_never_deletes(scim, staff_member):
    response, _ = scim("DELETE", f"{USERS}/{staff_member.pk}")
    assert response.status_code == 204
    assert not StaffMember.objects.get(pk=staff_member.pk).is_active


def test_put_replaces_what_scim_holds_and_keeps_what_only_hr_gives(scim, staff_member):
    body = entra_user(staff_member.work_email, "Joanne", "Evans", department="Planning")
    response, shown = scim("PUT", f"{USERS}/{staff_member.pk}", body)
    assert response.status_code == 200, shown
    staff_member.refresh_from_db()
    assert (staff_member.first_name, staff_member.department.name) == ("Joanne", "Planning")
    assert staff_member.line_manager is None and staff_member.location is not None


def test_a_manager_that_would_make_a_cycle_is_refused_and_nothing_changes(
    scim, staff_member, line_manager, director
):
    before = list(StaffMember.objects.values_list("pk", "line_manager", "updated_at"))
    operation = {"op": "Replace", "path": f"{ENTERPRISE}:manager", "value": str(staff_member.pk)}
    response, refused = scim("PATCH", f"{USERS}/{director.pk}", patch(operation))
    assert response.status_code == 400 and refused["schemas"] == [ERROR]
    assert refused["scimType"] == "invalidValue" and refused["detail"].startswith("Manager cycle")
    assert list(StaffMember.objects.values_list("pk", "line_manager", "updated_at")) == before


def test_a_new_manager_link_flags_the_mentoring_between_them(
    scim, coordinator, staff_member, colleague
):
    programme = programme_for_matching(coordinator, matching_mode="directory")
    relationship = paired(
        accepted(programme, colleague, "mentor"), accepted(programme, staff_member, "mentee")
    )
    operation = {"op": "Replace", "path": f"{ENTERPRISE}:manager", "value": str(colleague.pk)}
    scim("PATCH", f"{USERS}/{staff_member.pk}", patch(operation))
    relationship.refresh_from_db()
    assert relationship.review_needed


@pytest.mark.parametrize("token", ["", "scim_wrong", "Basic abc"], ids=["none", "wrong", "basic"])
def test_it_refuses_requests_without_a_token_in_use(scim, staff_member, token):
    response, refused = scim("GET", f"{USERS}/{staff_member.pk}", token=token)
    assert response.status_code == 401 and refused["schemas"] == [ERROR]
    assert response["WWW-Authenticate"].startswith("Bearer")
    response, _ = scim("POST", USERS, entra_user("x@example.org"), token=token)
    assert response.status_code == 401 and not StaffMember.objects.filter(
        work_email="x@example.org"
    )


def test_a_revoked_token_is_refused(scim, administrator, secret, staff_member):
    provisioning_token_revoke(by=administrator, token=ProvisioningToken.objects.get())
    response, _ = scim("GET", f"{USERS}/{staff_member.pk}", token=secret)
    assert response.status_code == 401


def test_a_signed_in_coordinator_without_a_token_gets_nothing(client, coordinator):
    client.force_login(coordinator.user)
    assert client.get(USERS).status_code == 401


def test_a_used_token_says_when(scim, staff_member):
    scim("GET", f"{USERS}/{staff_member.pk}")
    assert ProvisioningToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("pk", ["0", "01", "-1", "1.0", "１", "99999999999999999999", "abc"])
def test_ids_are_read_strictly(scim, pk):
    response, refused = scim("GET", f"{USERS}/{pk}")
    assert response.status_code == 404 and refused["schemas"] == [ERROR]


@pytest.mark.parametrize(
    "body, status, scim_type",
    [
        ("not json", 400, "invalidSyntax"),
        ("[]", 400, "invalidSyntax"),
        (json.dumps({"userName": "a@example.org"}), 400, "invalidValue"),  # no name
        (json.dumps({**entra_user("a@example.org"), "active": "perhaps"}), 400, "invalidValue"),
        (json.dumps({**entra_user("a@example.org"), "userName": 7}), 400, "invalidValue"),
        (json.dumps(entra_user("a@example.org", manager="12x")), 400, "invalidValue"),
        (json.dumps(entra_user("not-an-email")), 400, "invalidValue"),
        (json.dumps({"x": "y" * 70_000}), 413, "tooLarge"),
        ("[" * 30_000 + "]" * 30_000, 400, "invalidSyntax"),
        (json.dumps(entra_user("a@example.org", "Am\u0000ira")), 400, "invalidValue"),
        (json.dumps(entra_user("a@example.org")).replace("Amira", "\\ud800"), 400, "invalidValue"),
    ],
    ids=[
        "not json",
        "a list",
        "no name",
        "active",
        "number",
        "manager",
        "email",
        "too large",
        "nested deep",
        "NUL",
        "half a pair",
    ],
)
def test_bad_bodies_are_refused_in_scims_shape_and_change_nothing(
    client, secret, body, status, scim_type
):
    response = client.post(
        USERS,
        data=body,
        content_type="application/scim+json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == status
    assert response.json()["scimType"] == scim_type and response.json()["schemas"] == [ERROR]
    assert not StaffMember.objects.exists()


def test_creating_someone_already_here_is_a_conflict(scim, staff_member):
    response, refused = scim("POST", USERS, entra_user(staff_member.work_email))
    assert response.status_code == 409 and refused["scimType"] == "uniqueness"


def test_a_work_email_is_not_changed_through_provisioning(scim, staff_member):
    operation = {"op": "Replace", "path": "userName", "value": "new@example.org"}
    response, refused = scim("PATCH", f"{USERS}/{staff_member.pk}", patch(operation))
    assert response.status_code == 400 and refused["scimType"] == "mutability"


@pytest.mark.parametrize(
    "query", ['displayName eq "Jo"', 'userName co "jo"', "userName eq jo", 'userName eq "a" or x']
)
def test_filters_other_than_equality_on_user_name_or_external_id_are_refused(scim, query):
    response, refused = scim("GET", f"{USERS}?filter={query}")
    assert response.status_code == 400 and refused["scimType"] == "invalidFilter"


@pytest.mark.parametrize("value", ["\\u0000", "\\ud800"])
def test_a_filter_value_the_database_cannot_hold_is_refused(scim, value):
    response, refused = scim("GET", f'{USERS}?filter=userName eq "{value}"')
    assert response.status_code == 400 and refused["scimType"] == "invalidValue"


@pytest.mark.parametrize("query", ["startIndex=x", "count=1e3", "count=", "startIndex=+1"])
def test_paging_takes_whole_numbers_only(scim, query):
    response, refused = scim("GET", f"{USERS}?{query}")
    assert response.status_code == 400 and refused["scimType"] == "invalidValue"


def test_the_list_pages_with_start_index_and_count(scim):
    people = StaffMemberFactory.create_batch(5)
    response, found = scim("GET", f"{USERS}?startIndex=2&count=2")
    assert found["totalResults"] == 5 and found["startIndex"] == 2
    assert [r["id"] for r in found["Resources"]] == [str(p.pk) for p in people[1:3]]


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_takes_the_same_queries_whatever_the_page_size(
    scim, django_assert_num_queries, size
):
    managers = StaffMemberFactory.create_batch(3)
    StaffMemberFactory.create_batch(size, line_manager=managers[0])
    # the token and noting its use; the count; the page with managers and departments
    with django_assert_num_queries(4):
        response, found = scim("GET", f"{USERS}?count=100")
    assert len(found["Resources"]) == size + 3


def test_entra_reads_what_the_endpoint_supports(scim):
    response, config = scim("GET", "/scim/v2/ServiceProviderConfig")
    assert config["patch"]["supported"] and not config["bulk"]["supported"]
    assert config["authenticationSchemes"][0]["type"] == "oauthbearertoken"
    _, types = scim("GET", "/scim/v2/ResourceTypes")
    assert types["Resources"][0]["schemaExtensions"][0]["schema"] == ENTERPRISE
    _, schemas = scim("GET", "/scim/v2/Schemas")
    assert {s["id"] for s in schemas["Resources"]} == {CORE, ENTERPRISE}
    response, schema = scim("GET", f"/scim/v2/Schemas/{ENTERPRISE}")
    assert response.status_code == 200 and schema["name"] == "EnterpriseUser"
    assert scim("GET", "/scim/v2/Schemas/nothing")[0].status_code == 404
    response, user_type = scim("GET", "/scim/v2/ResourceTypes/User")
    assert response.status_code == 200 and user_type["endpoint"] == "/Users"
    assert scim("GET", "/scim/v2/ResourceTypes/Group")[0].status_code == 404


def test_a_method_a_resource_does_not_take_is_refused(scim):
    response, refused = scim("DELETE", USERS)
    assert response.status_code == 405 and refused["schemas"] == [ERROR]


@pytest.mark.parametrize(
    "body, scim_type",
    [
        ({"schemas": [PATCH_OP]}, "invalidSyntax"),
        (patch({"op": "move", "path": "title", "value": "x"}), "invalidSyntax"),
        (patch({"op": "remove"}), "noTarget"),
        (patch({"op": "replace", "path": 7, "value": "x"}), "invalidPath"),
        (patch({"op": "replace", "value": "not an object"}), "invalidValue"),
        (patch("replace"), "invalidSyntax"),
    ],
    ids=["no operations", "unknown op", "remove without path", "path not text", "value", "shape"],
)
def test_patches_it_cannot_read_are_refused_and_change_nothing(scim, staff_member, body, scim_type):
    response, refused = scim("PATCH", f"{USERS}/{staff_member.pk}", body)
    assert response.status_code == 400 and refused["scimType"] == scim_type
    assert StaffMember.objects.get(pk=staff_member.pk).updated_at == staff_member.updated_at


def test_changing_someone_unknown_is_not_found(scim):
    response, refused = scim("PUT", f"{USERS}/999999", entra_user("a@example.org"))
    assert response.status_code == 404 and not StaffMember.objects.exists()
