from django.conf import settings

from rotative.core import selectors, site_parts
from rotative.core.utils import site_name


def site_chrome(request):
    """What every public page shows around its content: navigation, En ce moment, alerts."""
    if request.path.startswith(("/admin/", "/django-admin/")):
        return {}
    return {
        "SITE_NAME": site_name(request),
        "SITE_URL": settings.SITE_URL,
        "nav_sections": selectors.navigation_sections(),
        "en_ce_moment": selectors.en_ce_moment(),
        "breaking": selectors.breaking_banner(),
        "site_parts": site_parts.registry,
    }
