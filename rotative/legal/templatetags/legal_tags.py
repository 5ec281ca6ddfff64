from django import template
from wagtail.models import Site

from rotative.core import chrome
from rotative.legal.selectors import footer_pages

register = template.Library()


@register.inclusion_tag("legal/footer_links.html", takes_context=True)
def legal_footer_links(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    root = site.root_page if site else None
    links = chrome.memo(
        "legal_footer", lambda: footer_pages(root=root), key=site.pk if site else None
    )
    return {"links": links}
