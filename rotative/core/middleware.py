import logging

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils.cache import patch_cache_control, patch_vary_headers


class CacheHeadersMiddleware:
    """One place for cache headers: shared caches keep public pages, browsers revalidate.

    Shared caches (Varnish) are purged on publish, so they may keep a page for minutes;
    browsers are told to revalidate so that a reader never sees a stale front page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" in response or request.method not in ("GET", "HEAD"):
            return response
        cacheable = (
            response.status_code == 200
            and not request.path.startswith(("/admin/", "/django-admin/"))
            and not request.user.is_authenticated
            and not response.cookies
            and not getattr(request, "is_preview", False)
        )
        if cacheable:
            patch_cache_control(
                response, public=True, max_age=0, s_maxage=settings.CACHE_PAGE_SECONDS
            )
        else:
            patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response


logger = logging.getLogger(__name__)


class OutOfRangeInputMiddleware:
    """A number too large for the database is the visitor's input, not a server fault.

    SQLite refuses integers beyond 64 bits with OverflowError wherever Django does not check
    the range itself (a form's choice of a page, whose key is a relation): answer 400 with
    the French page instead of 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError):
            logger.warning("Out-of-range input on %s: %s", request.path, exception)
            from django.views.defaults import bad_request

            return bad_request(request, BadRequest(str(exception)))
        return None
