from django.conf import settings

from rotative.core import front_cache, selectors, site_parts
from rotative.core.identity import site_identity


def site_chrome(request):
    """What every public page shows around its content: navigation, En ce moment, alerts."""
    paper = site_identity(request)
    identity = {"SITE_NAME": paper.name, "SITE_IDENTITY": paper, "SITE_URL": settings.SITE_URL}
    if request.path.startswith(("/admin/", "/django-admin/")):
        # No chrome to build for the admin; the name still, for a public page shown at such
        # an address (the 404 of /django-admin/, which is not mounted).
        return identity
    # Behind Varnish the banner is an ESI fragment of its own (core.front_cache), which
    # the CacheHeadersMiddleware announces with Surrogate-Control.
    esi = "ESI/1.0" in request.headers.get("Surrogate-Capability", "")
    if esi:
        request.esi_included = True
    return {
        **identity,
        "nav_sections": selectors.navigation_sections(),
        "en_ce_moment": selectors.en_ce_moment(),
        "breaking_fragment": front_cache.BANNER_PATH if esi else None,
        "breaking": None if esi else selectors.breaking_banner(request=request),
        "site_parts": site_parts.registry,
    }
