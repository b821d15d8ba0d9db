"""The container recipe (Dockerfile), read as Docker reads it: no image can be built here, so
these check what matters in it, and gunicorn runs the portal with the image's settings."""

import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from dockerfile_parse import DockerfileParser

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
SECRET_NAMES = re.compile(r"SECRET|PASSWORD|TOKEN|_KEY|DATABASE_URL|REDIS_URL|EMAIL_URL")


@pytest.fixture(scope="module")
def dockerfile():
    return DockerfileParser(path=str(ROOT / "Dockerfile"))


def instructions(dockerfile, name):
    return [i["value"] for i in dockerfile.structure if i["instruction"] == name]


def test_the_image_is_built_on_the_debian_release_the_install_scripts_are_run_on(dockerfile):
    release = dict(
        line.split("=", 1) for line in Path("/etc/os-release").read_text().split() if "=" in line
    )
    codename = release["VERSION_CODENAME"].strip('"')
    assert dockerfile.baseimage == f"python:3.11-slim-{codename}"


def test_the_debian_packages_come_from_the_script_make_run_uses(dockerfile):
    runs = instructions(dockerfile, "RUN")
    assert any(run.startswith("scripts/install-run-deps") for run in runs)
    assert any("scripts/install-run-deps" in copy for copy in instructions(dockerfile, "COPY"))


def test_the_python_packages_come_from_pyproject_without_the_test_extra(dockerfile):
    installs = [run for run in instructions(dockerfile, "RUN") if "pip install" in run]
    assert installs and all(re.search(r"pip install (--quiet )?\.$", run) for run in installs)


def test_static_files_are_collected_when_the_image_is_built(dockerfile):
    assert any("manage.py collectstatic" in run for run in instructions(dockerfile, "RUN"))


def test_the_portal_runs_as_a_numbered_user_that_is_not_root(dockerfile):
    user = instructions(dockerfile, "USER")[-1]
    uid = user.split(":")[0]
    assert uid.isdigit() and int(uid) != 0
    last_root_step = max(i for i, s in enumerate(dockerfile.structure) if s["instruction"] == "RUN")
    user_step = max(i for i, s in enumerate(dockerfile.structure) if s["instruction"] == "USER")
    assert user_step > last_root_step


def test_the_web_command_is_gunicorn_serving_the_portal(dockerfile):
    assert dockerfile.cmd == '["gunicorn", "mentoring.wsgi"]'
    assert (ROOT / "gunicorn.conf.py").is_file()


def test_no_secret_is_baked_into_the_image(dockerfile):
    for name in ["ENV", "ARG"]:
        for value in instructions(dockerfile, name):
            assert not SECRET_NAMES.search(value), f"{name} {value}"
    keys = re.findall(r"SECRET_KEY=(\S+)", " ".join(instructions(dockerfile, "RUN")))
    assert keys == ["collectstatic-only"]  # the placeholder collectstatic alone sees


def test_local_state_and_secrets_stay_out_of_the_build():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for path in [".env", ".venv", ".git", "var/", "deploy/kubernetes/overlays/*/secrets.env"]:
        assert path in ignored


def test_gunicorn_reads_its_workers_timeout_and_proxies_from_the_environment():
    env = {"WEB_CONCURRENCY": "5", "GUNICORN_TIMEOUT": "33", "FORWARDED_ALLOW_IPS": "10.0.0.1"}
    printed = subprocess.run(
        [GUNICORN, "--print-config", "mentoring.wsgi"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "test-only", **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    config = dict(re.findall(r"^(\w+)\s+= (.*)$", printed, re.MULTILINE))
    assert config["workers"] == "5"
    assert config["timeout"] == "33"
    assert config["forwarded_allow_ips"] == "['10.0.0.1']"


def test_gunicorn_serves_the_portal_with_the_images_settings(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        "PATH": "/usr/bin:/bin",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "SECRET_KEY": "test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    server = subprocess.Popen([GUNICORN, "mentoring.wsgi"], cwd=ROOT, env=env)
    try:
        answer = _first_answer(f"http://127.0.0.1:{port}/")
    finally:
        server.terminate()
        server.wait(timeout=30)
    # Production settings: plain http is sent to https, by Django behind gunicorn.
    assert answer.code == 301
    assert answer.headers["Location"] == f"https://127.0.0.1:{port}/"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def _first_answer(url):
    opener = urllib.request.build_opener(_NoRedirect)
    deadline = time.monotonic() + 60
    while True:
        try:
            return opener.open(url, timeout=10)
        except urllib.error.HTTPError as answer:
            return answer
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_static_files_collect_compressed_and_fingerprinted_as_in_the_image(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    assert (tmp_path / manifest["paths"]["css/site.css"]).is_file()
