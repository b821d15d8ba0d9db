"""/metrics under gunicorn with several workers: with PROMETHEUS_MULTIPROC_DIR set, a scrape
(answered by any one worker) adds up the requests every worker answered."""

import subprocess
import sys
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.peers.fixtures import free_port, wait_for
from tests.test_celery_worker import ROOT, environment, run  # noqa: F401 (a fixture)

REQUESTS = 30


def requests_for(text, view):
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "django_http_requests_total_by_view_transport_method_total"
        and sample.labels["view"] == view
    )


@pytest.mark.parametrize("environment", ["filesystem"], indirect=True)
def test_a_scrape_counts_the_requests_of_every_gunicorn_worker(environment, tmp_path):  # noqa: F811
    (tmp_path / "prometheus").mkdir()
    stale = tmp_path / "prometheus" / "counter_1.db"  # left by the processes of a restart
    stale.write_bytes(b"figures from before")
    env = environment | {
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus"),
    }
    run(env, "manage.py", "migrate", "--noinput")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "mentoring.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(port, server)
        assert not stale.exists()  # gunicorn.conf.py empties the folder as it starts
        for _ in range(REQUESTS):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/brand.css", timeout=30).close()
        for _ in range(4):  # whichever worker answers
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as page:
                assert requests_for(page.read().decode(), "brand_css") == REQUESTS
    finally:
        server.terminate()
        server.communicate(timeout=30)
