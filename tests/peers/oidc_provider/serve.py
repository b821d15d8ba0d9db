"""Run the test provider: migrate its database, register the portal as its client, serve."""

import json
import os
import sys
from pathlib import Path

os.environ["OIDC_PEER_CONFIG"] = sys.argv[1]
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.peers.oidc_provider.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import WSGIServer, run  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

config = json.loads(Path(sys.argv[1]).read_text())
call_command("migrate", verbosity=0)
Application.objects.create(
    name="Mentoring portal",
    client_id=config["client_id"],
    client_secret=config["client_secret"],
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    redirect_uris=" ".join(config["redirect_uris"]),
    post_logout_redirect_uris="",
    algorithm=Application.RS256_ALGORITHM,
    skip_authorization=True,
)
run("127.0.0.1", config["port"], get_wsgi_application(), threading=True, server_cls=WSGIServer)
