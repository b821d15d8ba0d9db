"""Gunicorn's settings (read from the folder it starts in), from the environment: the image's
web command is `gunicorn mentoring.wsgi` (Dockerfile, docs/kubernetes.md)."""

import os
import shutil

from django.conf import settings

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# Processes per container: two or three per core the container is given.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# A request still running after this many seconds is stopped and its process replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "25"))
keepalive = 5
# The proxies whose X-Forwarded-Proto gunicorn believes ("*" inside a cluster, whose ingress
# is the only way in); the portal's own PROXY_COUNT and BEHIND_TLS_PROXY settings still apply.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Replacing each process now and then returns memory a long-lived process held on to.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max_requests // 10
# Heartbeats in memory, not on disk: the container's disk is read-only.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Gunicorn's own lines written as the portal's are (LOG_FORMAT, the request id, secrets in
# addresses withheld): the same settings.LOGGING, which also turns the access log on only
# with GUNICORN_ACCESS_LOG (`--access-logfile` has no effect).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
logconfig_dict = settings.LOGGING
access_log_format = '"%(r)s" %(s)s %(b)s %(M)sms'


def on_starting(server):
    """/metrics in multiprocess mode (PROMETHEUS_MULTIPROC_DIR) reads every process's files:
    they start empty, so figures from before a restart are not counted again."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
