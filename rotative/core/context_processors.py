from django.conf import settings

from rotative.core import site_parts
from rotative.core.identity import site_identity


def site_chrome(request):
    """The paper's name on every page, and the slots the parts fill (the news site's menu,
    En ce moment and banner: home.context_processors.front_chrome)."""
    paper = site_identity(request)
    identity = {"SITE_NAME": paper.name, "SITE_IDENTITY": paper, "SITE_URL": settings.SITE_URL}
    if request.path.startswith(("/admin/", "/django-admin/")):
        # No chrome to build for the admin; the name still, for a public page shown at such
        # an address (the 404 of /django-admin/, which is not mounted).
        return identity
    return {**identity, "site_parts": site_parts.registry}
