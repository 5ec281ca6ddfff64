"""The request log and metrics, and the health checks answered ahead of the site.

Both sit at the top of settings.MIDDLEWARE: the log sees the status every other layer
settled on, and the time they all took.
"""

import logging
import time

from django.http import Http404

from rotative.ops import metrics, unavailable, views

logger = logging.getLogger("rotative.request")

HEALTH_PATHS = {
    "/sante/": views.liveness,
    "/sante/pret/": views.readiness,
    "/sante/metriques/": views.metrics_view,
}
# Path parameters that are secrets (signed links, reset keys): never written to the log.
SECRET_PARAMETERS = frozenset({"token", "key", "uidb36", "uidb64", "signature"})


class RequestLogMiddleware:
    """One line per request: method, path (never the query string, which may carry
    searches and tokens), status, duration in milliseconds; JSON with LOG_FORMAT=json.

    The load balancer's probes and Prometheus' scrapes that succeed are counted in the
    metrics but not logged: one every few seconds from each, they would drown the readers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - start
        metrics.request_observe(method=request.method, status=response.status_code, seconds=seconds)
        if response.status_code < 500:
            unavailable.paper_remember(request)
        if not (request.path in HEALTH_PATHS and response.status_code < 400):
            self._log(request, response.status_code, seconds)
        return response

    @staticmethod
    def _log(request, status: int, seconds: float) -> None:
        logger.log(
            logging.WARNING if status >= 500 else logging.INFO,
            "request",
            extra={
                "event": "request",
                "fields": {
                    "method": request.method,
                    "path": loggable_path(request),
                    "status": status,
                    "duration_ms": round(seconds * 1000, 1),
                },
            },
        )


def loggable_path(request) -> str:
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_PARAMETERS and value:
                path = path.replace(str(value), f"<{name}>")
    return path


class HealthCheckMiddleware:
    """/sante/, /sante/pret/ and /sante/metriques/ answered before the rest of the chain.

    A load balancer or Prometheus reaches each process directly: by its address (not one of
    ALLOWED_HOSTS), over plain HTTP (which SECURE_SSL_REDIRECT would redirect), without
    cookies. Answering here skips the host check, the redirect, the session and the rate
    limits. A metrics request that is not allowed goes on down the chain and gets the site's
    404, as any unknown address would."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = HEALTH_PATHS.get(request.path_info)
        if view is None:
            return self.get_response(request)
        try:
            return view(request)
        except Http404:
            return self.get_response(request)
