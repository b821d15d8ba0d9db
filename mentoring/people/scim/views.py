"""The SCIM 2.0 endpoint (RFC 7644) that Entra ID provisioning calls: bearer token only, JSON
in and out, every refusal in SCIM's error shape, nothing answering 500 for bad input."""

import json
import re
from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from ..models import StaffMember, normalise_email
from . import resources
from .tokens import provisioning_token_for
from .users import ScimError, attributes_of, flatten, patched, staff_id, user_save

CONTENT_TYPE = "application/scim+json"
FILTER = re.compile(r'\s*(userName|externalId)\s+eq\s+("(?:[^"\\]|\\.)*")\s*', re.IGNORECASE)
FILTERED_FIELD = {"username": "work_email", "externalid": "identity_id"}


def scim_response(body, status=200):
    return JsonResponse(body, status=status, content_type=CONTENT_TYPE, safe=False)


def scim_endpoint(*methods):
    """Bearer token, allowed methods and the body's size and shape checked; ScimError and
    the import's refusals answered in SCIM's error shape."""

    def decorate(view):
        @csrf_exempt
        @wraps(view)
        def checked(request, *args, **kwargs):
            try:
                token = _token(request)
                if request.method not in methods:
                    raise ScimError(405, f"{request.method} is not supported here.")
                request.scim_token = token
                return view(request, *args, **kwargs)
            except ScimError as refusal:
                response = scim_response(
                    resources.error(refusal.status, refusal.detail, refusal.scim_type),
                    status=refusal.status,
                )
                if refusal.status == 401:
                    response["WWW-Authenticate"] = 'Bearer realm="scim"'
                return response

        return checked

    return decorate


def _token(request):
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    token = provisioning_token_for(secret.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        raise ScimError(401, "A valid bearer token is needed.")
    return token


def _body(request) -> dict:
    size = request.headers.get("Content-Length", "0")
    if not size.isdigit() or int(size) > settings.SCIM_MAX_BODY_BYTES:
        limit = settings.SCIM_MAX_BODY_BYTES
        raise ScimError(413, f"The request body is larger than {limit} bytes.", "tooLarge")
    try:
        body = json.loads(request.body)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise ScimError(400, "The request body is not JSON.", "invalidSyntax") from exc
    if not isinstance(body, dict):
        raise ScimError(400, "The request body should be a JSON object.", "invalidSyntax")
    _storable(json.dumps(body, ensure_ascii=False).replace("\\u0000", "\x00"))
    return body


def _storable(text):
    """Text the database can keep: no NUL character, no half of a UTF-16 pair (both can be
    written as JSON escapes, and PostgreSQL refuses them)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ScimError(400, "The request holds text that is not valid.", "invalidValue") from exc
    if "\x00" in text:
        raise ScimError(400, "The request holds text that is not valid.", "invalidValue")


def _who(request):
    return f"Provisioning token “{request.scim_token.name}”"[:200]


def _staff(pk_text) -> StaffMember:
    pk = staff_id(pk_text)
    staff = StaffMember.objects.select_related(
        "line_manager", "department", "location", "grade"
    ).filter(pk=pk)
    found = staff.first() if pk else None
    if found is None:
        raise ScimError(404, f"No user with id “{pk_text}”.")
    return found


def _shown(request, staff_pk, status=200):
    return scim_response(resources.user_resource(request, _staff(str(staff_pk))), status)


@scim_endpoint("GET", "POST")
def users(request):
    if request.method == "POST":
        attributes = flatten(_body(request), {})
        email = normalise_email(str(attributes.get("username", "")))
        if StaffMember.objects.filter(work_email=email).exists():
            raise ScimError(409, f"{email} is already a user here.", "uniqueness")
        saved = user_save(staff=None, attributes=attributes, who=_who(request))
        return _shown(request, saved.pk, status=201)
    return _user_list(request)


def _user_list(request):
    found = StaffMember.objects.select_related("line_manager", "department")
    if "filter" in request.GET:
        match = FILTER.fullmatch(request.GET["filter"])
        if not match:
            detail = 'Only filters of the form userName eq "…" or externalId eq "…" are supported.'
            raise ScimError(400, detail, "invalidFilter")
        value = json.loads(match[2])
        _storable(value)
        field = FILTERED_FIELD[match[1].lower()]
        found = found.filter(**{field: normalise_email(value) if field == "work_email" else value})
    start = max(_whole_number(request, "startIndex", 1), 1)
    count = min(_whole_number(request, "count", resources.MAX_RESULTS), resources.MAX_RESULTS)
    total = found.count()
    page = found.order_by("pk")[start - 1 : start - 1 + count] if count else []
    shown = [resources.user_resource(request, staff) for staff in page]
    return scim_response(resources.list_response(shown, total=total, start=start))


def _whole_number(request, name, default):
    given = request.GET.get(name)
    if given is None:
        return default
    if not re.fullmatch(r"-?[0-9]{1,9}", given):
        raise ScimError(400, f"{name} should be a whole number.", "invalidValue")
    return int(given)


@scim_endpoint("GET", "PUT", "PATCH", "DELETE")
def user(request, pk):
    staff = _staff(pk)
    who = _who(request)
    if request.method == "GET":
        return scim_response(resources.user_resource(request, staff))
    if request.method == "DELETE":
        user_save(staff=staff, attributes=attributes_of(staff) | {"active": False}, who=who)
        return scim_response(None, status=204)
    body = _body(request)
    if request.method == "PUT":
        attributes = flatten(body, {"active": staff.is_active})
    else:
        attributes = patched(attributes_of(staff), body.get("Operations"))
    user_save(staff=staff, attributes=attributes, who=who)
    return _shown(request, staff.pk)


@scim_endpoint("GET")
def service_provider_config(request):
    return scim_response(resources.service_provider_config(request))


@scim_endpoint("GET")
def resource_types(request):
    found = resources.resource_types(request)
    return scim_response(resources.list_response(found, total=len(found), start=1))


@scim_endpoint("GET")
def resource_type(request, name):
    return scim_response(_one(resources.resource_types(request), name, "resource type"))


@scim_endpoint("GET")
def schemas(request):
    found = resources.schemas(request)
    return scim_response(resources.list_response(found, total=len(found), start=1))


@scim_endpoint("GET")
def schema(request, urn):
    return scim_response(_one(resources.schemas(request), urn, "schema"))


def _one(found, wanted, what):
    """The description with this id, or SCIM's 404."""
    for description in found:
        if description["id"] == wanted:
            return description
    raise ScimError(404, f"No {what} “{wanted}”.")
