"""Health checks and metrics: for the load balancer and Prometheus, not for readers.

Served by HealthCheckMiddleware before the rest of the chain (see there), and reachable
through urls.py too, so that they have names and sit in the authorization tables.
"""

import hmac
import ipaddress

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from rotative.core.ratelimit import client_ip
from rotative.ops import health, metrics


def _no_store(response: HttpResponse) -> HttpResponse:
    # A cached « ok » would hide a process that died; a cached 503 would hide its return.
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def liveness(request):
    """Running and answering: nothing else is looked at."""
    return _no_store(HttpResponse("ok\n", content_type="text/plain; charset=utf-8"))


@require_safe
def readiness(request):
    ready, body = health.readiness()
    return _no_store(JsonResponse(body, status=200 if ready else 503))


def metrics_allowed(request) -> bool:
    """A bearer token equal to METRICS_TOKEN, or a client address in METRICS_ALLOWED_IPS
    (the address as rate limits see it: X-Forwarded-For believed from TRUSTED_PROXIES only)."""
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    given = header.removeprefix("Bearer ").encode() if header.startswith("Bearer ") else b""
    if token and given and hmac.compare_digest(given, token.encode()):
        return True
    if settings.METRICS_ALLOWED_IPS:
        try:
            address = ipaddress.ip_address(client_ip(request))
        except ValueError:
            return False
        return any(
            address in ipaddress.ip_network(network, strict=False)
            for network in settings.METRICS_ALLOWED_IPS
        )
    return False


@require_safe
def metrics_view(request):
    # Anyone else gets the site's « page introuvable »: nothing says the address exists.
    if not metrics_allowed(request):
        raise Http404
    text, content_type = metrics.exposition()
    return _no_store(HttpResponse(text, content_type=content_type))
