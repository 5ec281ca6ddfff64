from django.conf import settings
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
