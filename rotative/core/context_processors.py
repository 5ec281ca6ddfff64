from django.conf import settings

from rotative.core import selectors, site_parts
from rotative.core.identity import site_identity


def site_chrome(request):
    """What every public page shows around its content: navigation, En ce moment, alerts."""
    paper = site_identity(request)
    identity = {"SITE_NAME": paper.name, "SITE_IDENTITY": paper, "SITE_URL": settings.SITE_URL}
    if request.path.startswith(("/admin/", "/django-admin/")):
        # No chrome to build for the admin; the name still, for a public page shown at such
        # an address (the 404 of /django-admin/, which is not mounted).
        return identity
    return {
        **identity,
        "nav_sections": selectors.navigation_sections(),
        "en_ce_moment": selectors.en_ce_moment(),
        "breaking": selectors.breaking_banner(request=request),
        "site_parts": site_parts.registry,
    }
