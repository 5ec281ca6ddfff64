from rotative.core import chrome, front_cache
from rotative.home import selectors


def front_chrome(request):
    """What every public page shows above its content: the menu, En ce moment, the banner."""
    if request.path.startswith(("/admin/", "/django-admin/")):
        return {}
    # Behind Varnish the banner is an ESI fragment of its own (home.views.
    # breaking_banner_fragment), which the CacheHeadersMiddleware announces with
    # Surrogate-Control.
    esi = "ESI/1.0" in request.headers.get("Surrogate-Capability", "")
    if esi:
        request.esi_included = True
    host = chrome.site_key(request)
    return {
        "nav_sections": chrome.memo("nav", selectors.navigation_sections, key=host),
        "en_ce_moment": chrome.memo("en_ce_moment", selectors.en_ce_moment, key=host),
        "breaking_fragment": front_cache.BANNER_PATH if esi else None,
        "breaking": None
        if esi
        else chrome.memo("breaking", lambda: selectors.breaking_banner(request=request), key=host),
    }
