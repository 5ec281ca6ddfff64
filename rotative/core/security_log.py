"""Security events, on their own logger (`rotative.security`), one call per event.

Events are named in snake case (`login_failed`, `rate_limited`, `signed_link_invalid`) and
carry fields, never a password, a token or an email address: an address is logged as its
keyed hash (security_hash), which an investigator computes for the address they look for.
Where the event happened is taken from the request being served (allauth's AccountMiddleware
keeps it for the whole request): the client's address, the user's id, the method and the
URL pattern, not the path, which may hold a signed token.
"""

import logging

from allauth.core import context as allauth_context
from django.utils.crypto import salted_hmac

logger = logging.getLogger("rotative.security")


def security_hash(value: str) -> str:
    """A keyed hash of an address or another identifier: the same value always gives the
    same hash (lines can be correlated), and it cannot be reversed without SECRET_KEY."""
    normalized = (value or "").strip().lower()
    return salted_hmac("rotative.security.identifier", normalized).hexdigest()[:20]


def security_event(event: str, *, level: int = logging.INFO, request=None, **fields) -> None:
    """Log one security event with the request's context (unless a field already says)."""
    request = request if request is not None else allauth_context.request
    context = request_fields(request) if request is not None else {}
    logger.log(level, event, extra={"event": event, "fields": {**context, **fields}})


def request_fields(request) -> dict:
    from rotative.core.ratelimit import client_ip  # it logs its refusals here

    fields = {"ip": client_ip(request), "method": request.method}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        fields["user_id"] = user.pk
    match = getattr(request, "resolver_match", None)
    if match is not None:
        fields["route"] = match.route
    return fields
