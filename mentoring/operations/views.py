"""Health for load balancers and Kubernetes probes (README: Operating it). Answered by
mentoring.operations.middleware before sign-in, host checks and the HTTPS redirect."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .health import passes, readiness_checks


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
    return JsonResponse(
        {"status": "ok" if ok else "failing", "checks": checks}, status=200 if ok else 503
    )
