import logging

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

from rotative.core import chrome


class ChromeEditionMiddleware:
    """Each request serves the site chrome of one edition (core.chrome), read at most once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chrome.request_started()
        try:
            return self.get_response(request)
        finally:
            chrome.request_finished()


class CacheHeadersMiddleware:
    """One place for cache headers: shared caches keep public pages, browsers revalidate.

    Shared caches (Varnish) are purged on publish, so they may keep a page for minutes;
    browsers are told to revalidate so that a reader never sees a stale front page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "esi_included", False):
            # The page has an <esi:include> for Varnish to fill (core.front_cache).
            response["Surrogate-Control"] = 'content="ESI/1.0"'
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
        # The API personalises by its bearer token as pages do by the session cookie.
        patch_vary_headers(
            response,
            ["Cookie", "Authorization"] if request.path.startswith("/api/") else ["Cookie"],
        )
        return response


class SecurityHeadersMiddleware(CSPMiddleware):
    """Content-Security-Policy (django-csp) and Permissions-Policy on every response: pages,
    JSON, feeds, error pages and the static files WhiteNoise serves after it.

    The admin gets its own, looser policy (settings.CSP_ADMIN_DIRECTIVES says why).

    A public page kept by Varnish carries the nonce of the render that filled the cache, so
    every reader of that copy gets the same nonce until it expires or is purged. That is
    acceptable: the nonce only has to be unknown to whoever wrote the page's content, and
    content is written before the render that draws the nonce; an attacker who reads the
    cached nonce can only put it into content that will appear in a later render, which draws a
    new one. Scripts inserted later by our own JavaScript (En direct entries go in through a
    <template>) never run, nonce or not. Escaping stays the first defence; the policy is the
    second.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        # Wagtail renders a preview through the whole middleware chain with a made-up request
        # for the page's public URL (`is_dummy`); the admin frames the result.
        in_admin = request.path_info.startswith("/admin/") or getattr(request, "is_dummy", False)
        if not report_only and in_admin:
            parts.replace = {**settings.CSP_ADMIN_DIRECTIVES, **(parts.replace or {})}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = ", ".join(
                f"{feature}={allowed}" for feature, allowed in settings.PERMISSIONS_POLICY.items()
            )
        return response


logger = logging.getLogger(__name__)


class ImpossibleInputMiddleware:
    """Input no database can take is the visitor's error, not a server fault: answer 400 with
    the French page instead of 500.

    - A NUL character in the path, the query string or a form field: PostgreSQL refuses it in
      any text (SQLite stores it), so a view that looks up a slug or a word with it would fail
      on one database only. No field of the site has a use for it.
    - A number too large for the database: SQLite refuses integers beyond 64 bits with
      OverflowError wherever Django does not check the range itself (a form's choice of a
      page, whose key is a relation).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only a urlencoded body is read here: it stays readable as request.body afterwards,
        # where parsing a multipart one would consume it (views reading JSON need it).
        form = request.content_type == "application/x-www-form-urlencoded"
        if (
            "\x00" in request.path
            or _has_nul(request.GET)
            or (request.method == "POST" and form and _has_nul(request.POST))
        ):
            logger.warning("NUL character in the input of %s", request.path)
            return _bad_request(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError):
            logger.warning("Out-of-range input on %s: %s", request.path, exception)
            return _bad_request(request)
        return None


def _has_nul(query) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in query.lists()
    )


def _bad_request(request):
    from rotative.core.views import bad_request

    return bad_request(request)
