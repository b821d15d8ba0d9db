"""Run a command against a throw-away PostgreSQL server started on a free local port.

    python scripts/with_postgres.py pytest -m "not browser"

The server lives in a temporary directory, runs as the unprivileged `postgres` user when we
are root (PostgreSQL refuses to run as root), and is stopped and deleted afterwards.
DATABASE_URL points the command at it.
"""

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile


def find_bindir():
    for candidate in [
        os.environ.get("PG_BINDIR", ""),
        *sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True),
    ]:
        if candidate and os.path.exists(os.path.join(candidate, "pg_ctl")):
            return candidate
    if shutil.which("pg_ctl"):
        return os.path.dirname(shutil.which("pg_ctl"))
    sys.exit(
        "PostgreSQL server binaries (pg_ctl, initdb) not found: install the postgresql package."
    )


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_server_user():
    if os.geteuid() != 0:
        return {}
    user = pwd.getpwnam("postgres")
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


@contextlib.contextmanager
def postgres_server():
    """A throw-away PostgreSQL server with an empty database `mentoring`: its URL. Stopped
    (immediately) and deleted afterwards, whatever happened meanwhile."""
    bindir = find_bindir()
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="mentoring-pg-")
    datadir = os.path.join(workdir, "data")
    run_as = as_server_user()
    if run_as:
        os.chown(workdir, run_as["user"], run_as["group"])

    def pg(*args, **kwargs):
        return subprocess.run(
            [os.path.join(bindir, args[0]), *args[1:]], check=True, **run_as, **kwargs
        )

    try:
        pg(
            "initdb",
            "-D",
            datadir,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        pg(
            "pg_ctl",
            "-D",
            datadir,
            "-o",
            options,
            "-l",
            os.path.join(workdir, "server.log"),
            "-w",
            "start",
            stdout=subprocess.DEVNULL,
        )
        pg("createdb", "-h", workdir, "-p", str(port), "-U", "postgres", "mentoring")
        yield f"postgres://postgres@127.0.0.1:{port}/mentoring"
    finally:
        if os.path.exists(os.path.join(datadir, "postmaster.pid")):
            pg("pg_ctl", "-D", datadir, "-m", "immediate", "stop", stdout=subprocess.DEVNULL)
        shutil.rmtree(workdir, ignore_errors=True)


def main(command):
    with postgres_server() as url:
        env = dict(os.environ, DATABASE_URL=url)
        print(f"PostgreSQL test server on {url.split('@')[1].split('/')[0]}", flush=True)
        return subprocess.run(command, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
