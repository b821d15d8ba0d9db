"""How staff records look to a SCIM client, and the service provider's own description of what
it supports (RFC 7643 §5-§7), which Entra ID reads before provisioning."""

from django.urls import reverse

from .users import CORE, ENTERPRISE

LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
MAX_RESULTS = 100


def user_resource(request, staff) -> dict:
    manager = staff.line_manager
    enterprise = {"department": staff.department.name if staff.department else ""}
    if manager is not None:
        enterprise["manager"] = {
            "value": str(manager.pk),
            "displayName": manager.full_name,
            "$ref": request.build_absolute_uri(reverse("scim:user", args=[manager.pk])),
        }
    resource = {
        "schemas": [CORE, ENTERPRISE],
        "id": str(staff.pk),
        "userName": staff.work_email,
        "name": {
            "givenName": staff.first_name,
            "familyName": staff.last_name,
            "formatted": staff.full_name,
        },
        "displayName": staff.full_name,
        "title": staff.job_title,
        "active": staff.is_active,
        "emails": [{"value": staff.work_email, "type": "work", "primary": True}],
        ENTERPRISE: enterprise,
        "meta": {
            "resourceType": "User",
            "created": staff.created_at.isoformat(),
            "lastModified": staff.updated_at.isoformat(),
            "location": request.build_absolute_uri(reverse("scim:user", args=[staff.pk])),
        },
    }
    if staff.identity_id:
        resource["externalId"] = staff.identity_id
    return resource


def list_response(resources: list, *, total: int, start: int) -> dict:
    return {
        "schemas": [LIST],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }


def service_provider_config(request) -> dict:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "A token a site administrator makes on the Provisioning page.",
                "primary": True,
            }
        ],
        "meta": _meta(request, "ServiceProviderConfig", "scim:service_provider_config"),
    }


def resource_types(request) -> list[dict]:
    return [
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": "User",
            "name": "User",
            "endpoint": "/Users",
            "description": "A member of staff",
            "schema": CORE,
            "schemaExtensions": [{"schema": ENTERPRISE, "required": False}],
            "meta": _meta(request, "ResourceType", "scim:resource_type", "User"),
        }
    ]


def _attribute(name, description, *, required=False, kind="string", mutability="readWrite"):
    return {
        "name": name,
        "type": kind,
        "multiValued": False,
        "description": description,
        "required": required,
        "caseExact": False,
        "mutability": mutability,
        "returned": "default",
        "uniqueness": "server" if name == "userName" else "none",
    }


def _name_attribute():
    parts = [
        _attribute("givenName", "First name.", required=True),
        _attribute("familyName", "Last name.", required=True),
        _attribute("formatted", "Full name.", mutability="readOnly"),
    ]
    return {**_attribute("name", "The person's name.", kind="complex"), "subAttributes": parts}


def _manager_attribute():
    parts = [
        _attribute("value", "The id of the person's line manager.", kind="string"),
        _attribute("displayName", "The line manager's name.", mutability="readOnly"),
    ]
    manager = _attribute("manager", "The person's line manager.", kind="complex")
    return {**manager, "subAttributes": parts}


def schemas(request) -> list[dict]:
    user = [
        _attribute("userName", "The work email address.", required=True),
        _name_attribute(),
        _attribute("displayName", "Full name.", mutability="readOnly"),
        _attribute("title", "Job title."),
        _attribute("active", "Whether the person still works here.", kind="boolean"),
    ]
    enterprise = [_attribute("department", "Department."), _manager_attribute()]
    return [
        _schema(request, CORE, "User", "A member of staff", user),
        _schema(request, ENTERPRISE, "EnterpriseUser", "Department and line manager", enterprise),
    ]


def _schema(request, urn, name, description, attributes):
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": urn,
        "name": name,
        "description": description,
        "attributes": attributes,
        "meta": _meta(request, "Schema", "scim:schema", urn),
    }


def _meta(request, kind, view, *args):
    return {"resourceType": kind, "location": request.build_absolute_uri(reverse(view, args=args))}


def error(status: int, detail: str, scim_type: str = "") -> dict:
    body = {"schemas": [ERROR], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    return body
