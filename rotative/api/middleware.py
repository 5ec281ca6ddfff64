"""Conditional reads of the API: an ETag on every successful GET, and 304 when the app
already holds that version (its Cache-Control comes from core's CacheHeadersMiddleware)."""

import hashlib

from django.utils.cache import get_conditional_response

API_PREFIX = "/api/"


class ApiConditionalGetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not request.path.startswith(API_PREFIX)
            or request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or response.streaming
        ):
            return response
        if not response.has_header("ETag"):
            digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
            response["ETag"] = f'"{digest}"'
        return get_conditional_response(request, etag=response["ETag"], response=response)
