"""The demo's paper: its name, address and identity, loaded before every other part."""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site

from rotative.core.demo.registry import DemoRun
from rotative.core.identity import article_guess
from rotative.core.models import SiteIdentity

PAPER_NAME = "Le Phare normand"


def demo_site_load(run: DemoRun) -> None:
    parts = urlsplit(settings.SITE_URL)
    site = Site.objects.get(is_default_site=True)
    site.hostname = parts.hostname or "localhost"
    site.port = parts.port or (443 if parts.scheme == "https" else 80)
    site.site_name = PAPER_NAME
    site.save()
    identity = SiteIdentity.for_site(site)
    identity.name = PAPER_NAME
    identity.article = article_guess(PAPER_NAME)
    identity.newsroom_email = "redaction@localhost"
    identity.tagline = "L'actualité de la Manche et du Calvados"
    # Readers see it in the footer (« © 2026 … ») and the legal notice: an invented company.
    identity.publisher_name = "Éditions du Phare normand SAS"
    identity.save()
