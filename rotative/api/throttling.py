"""The API's rate limits, counted by the site's one rate limiter (core/ratelimit.py): per
reader when a token or session says who calls, per address otherwise."""

from django.conf import settings
from ninja.throttling import BaseThrottle

from rotative.core.ratelimit import client_ip, rate_limit_allows

WINDOW = 60


class ApiThrottle(BaseThrottle):
    def allow_request(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            scope, key, limit = "api-reader", str(user.pk), settings.API_RATE_LIMIT_READER
        else:
            scope, key, limit = "api-anon", client_ip(request), settings.API_RATE_LIMIT_ANONYMOUS
        # Counting page reads: when the cache is down, letting readers through costs less.
        return rate_limit_allows(scope=scope, key=key, limit=limit, window=WINDOW, fail_open=True)

    def wait(self) -> float:
        return WINDOW
