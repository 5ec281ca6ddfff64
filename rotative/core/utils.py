from django.conf import settings
from wagtail.models import Site


def site_name(request=None) -> str:
    """The publication's name: the Wagtail site's name, else the SITE_NAME setting."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).only("site_name").first()
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
