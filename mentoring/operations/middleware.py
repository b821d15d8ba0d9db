"""The paths probes and Prometheus ask for, answered first: before the HTTPS redirect (a probe
speaks plain HTTP inside the cluster), before ALLOWED_HOSTS is checked (a Kubernetes probe
sends the pod's address as its Host; Prometheus too) and before sessions, sign-in and two-factor."""

from . import views

ANSWERED_FIRST = {
    "/health/live": views.live,
    "/health/ready": views.ready,
    "/metrics": views.metrics,
}


def operations_paths(get_response):
    def middleware(request):
        view = ANSWERED_FIRST.get(request.path_info)
        return view(request) if view else get_response(request)

    return middleware
