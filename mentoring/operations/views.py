"""Health for load balancers and Kubernetes probes, and metrics for Prometheus (README:
Operating it). Answered by mentoring.operations.middleware before sign-in, host checks and the
HTTPS redirect."""

from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from .health import passes, readiness_checks
from .metrics import PortalFigures, may_read_metrics


@never_cache
def live(request):
    """The process answers; nothing else is touched."""
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    """Each check ok or failing, and nothing more; 503 unless all pass."""
    checks = {
        name: "ok" if passes(name, check) else "failing"
        for name, check in readiness_checks().items()
    }
    ok = all(result == "ok" for result in checks.values())
    response = JsonResponse(
        {"status": "ok" if ok else "failing", "checks": checks}, status=200 if ok else 503
    )
    # Each failing check is logged once as a warning: not also Django's error for a 503,
    # which every pod would repeat at each probe while the worker is down.
    response._has_been_logged = True
    return response


@never_cache
def metrics(request):
    """Requests by view (django-prometheus) and the portal's own figures, for Prometheus;
    a 404 to anyone not allowed (docs/operations.md)."""
    if not may_read_metrics(request):
        return HttpResponseNotFound("Not found", content_type="text/plain")
    portal = CollectorRegistry(auto_describe=False)
    portal.register(PortalFigures())
    requests = ExportToDjangoView(request).content
    return HttpResponse(requests + generate_latest(portal), content_type=CONTENT_TYPE_LATEST)
