from django.conf import settings
from wagtail.models import Site


def site_name(request=None) -> str:
    """The publication's name: the Wagtail site's name, else the SITE_NAME setting."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).only("site_name").first()
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


# The largest primary key every database backend stores (signed 64 bits).
MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """A primary key read from a request (path, query string, form), or None when it cannot be
    one: empty, not plain ASCII digits ("²" and "٣" pass str.isdigit), zero, or too large
    for the database, which would answer with an error instead of "not found"."""
    if value is None:
        return None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
