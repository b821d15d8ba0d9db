"""Time the SCIM requests Entra ID sends, against an organisation of 5,000 staff: each change
goes through the staff import's rules, which read everyone's line manager to refuse cycles.

    .venv/bin/python benchmarks/scim.py [staff]

Runs against a throw-away SQLite file, or the database in DATABASE_URL when set (use an empty
one: the benchmark creates its tables). Prints one RESULT line per measurement.
"""

import json
import sys
import time

from _start import PAGES, django_started

django_started(**PAGES)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from mentoring.people.models import StaffMember, User  # noqa: E402
from mentoring.people.scim.tokens import provisioning_token_create  # noqa: E402
from mentoring.people.staff_import import staff_import  # noqa: E402
from tests.csv_files import organisation, staff_csv  # noqa: E402

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def measure(name, client, method, path, body=None):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = getattr(client, method)(
            path, data=json.dumps(body) if body else None, content_type="application/scim+json"
        )
        seconds = time.perf_counter() - started
    print(
        f"RESULT {name}_seconds={seconds:.3f} queries={len(queries)} status={response.status_code}"
    )


def main(size):
    call_command("migrate", verbosity=0)
    staff_import(file=staff_csv(*organisation(size)))
    admin = User.objects.create_superuser("bench.admin@example.org")
    secret = provisioning_token_create(by=admin, name="Benchmark")[1]
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    print(f"SCIM benchmark: {size} staff on {connection.vendor}")
    client.get("/scim/v2/ServiceProviderConfig")  # the first request loads the URLs and views
    person = StaffMember.objects.order_by("-pk").first()
    boss = StaffMember.objects.order_by("pk").first()
    measure(
        "filter_user_name",
        client,
        "get",
        f'/scim/v2/Users?filter=userName eq "{person.work_email}"',
    )
    measure("list_100", client, "get", "/scim/v2/Users?count=100")
    new = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
        "userName": "new.starter@example.org",
        "name": {"givenName": "New", "familyName": "Starter"},
        "title": "Officer",
        ENTERPRISE: {"department": "Housing", "manager": {"value": str(boss.pk)}},
    }
    measure("create", client, "post", "/scim/v2/Users", new)
    manager = {"op": "Replace", "path": f"{ENTERPRISE}:manager", "value": str(boss.pk)}
    patch = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [manager]}
    measure("patch_manager", client, "patch", f"/scim/v2/Users/{person.pk}", patch)
    patch["Operations"] = [{"op": "Replace", "path": "active", "value": False}]
    measure("deactivate", client, "patch", f"/scim/v2/Users/{person.pk}", patch)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
