"""The portal through PgBouncer in transaction mode, as docs/scaling.md advises for many
replicas: a real PgBouncer in front of the test run's PostgreSQL, and the portal's own commands
through it, with the settings the page names and without them. PostgreSQL only."""

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.concurrency import POSTGRESQL_ONLY

pytestmark = POSTGRESQL_ONLY
ROOT = Path(__file__).resolve().parent.parent
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def pgbouncer():
    """PgBouncer in transaction mode on a free port, in front of the test database; as the
    `postgres` user when the tests run as root (PgBouncer refuses root)."""
    db, port = connection.settings_dict, free_port()
    folder = Path(tempfile.mkdtemp(prefix="mentoring-pgbouncer-"))
    (folder / "users.txt").write_text(f'"{db["USER"]}" ""\n')
    (folder / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"{db['NAME']} = host={db['HOST']} port={db['PORT']} dbname={db['NAME']}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {folder}/users.txt\n"
        "pool_mode = transaction\ndefault_pool_size = 2\n"
    )
    run_as = {}
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        shutil.chown(folder, user.pw_uid)
        run_as = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    server = subprocess.Popen([PGBOUNCER, str(folder / "pgbouncer.ini")], **run_as)
    try:
        _wait_for(port)
        yield f"postgres://{db['USER']}@127.0.0.1:{port}/{db['NAME']}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for(port):
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def portal(database_url, *command, **settings):
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "test-only",
        "DATABASE_URL": database_url,
        "ENV_FILE": "/nonexistent",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        **settings,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True
    )


COUNT_THROUGH_A_CURSOR = (
    "from mentoring.people.models import User; "
    "print('people', sum(1 for _ in User.objects.iterator(chunk_size=1)))"
)


@pytest.mark.django_db(transaction=True)
def test_the_portal_works_through_pgbouncer_with_the_settings_the_scaling_page_names(
    pgbouncer, coordinator
):
    pooled = {"POSTGRES_JIT": "1", "DISABLE_SERVER_SIDE_CURSORS": "1"}
    check = portal(pgbouncer, "migrate", "--check", **pooled)
    assert check.returncode == 0, check.stderr
    read = portal(pgbouncer, "shell", "-c", COUNT_THROUGH_A_CURSOR, **pooled)
    assert read.returncode == 0, read.stderr
    assert read.stdout.splitlines()[-1] == "people 1"


def test_without_them_pgbouncer_refuses_the_portals_connection(pgbouncer):
    refused = portal(pgbouncer, "migrate", "--check")
    assert refused.returncode != 0
    assert "unsupported startup parameter: options" in refused.stderr
