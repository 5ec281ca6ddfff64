import pytest


@pytest.fixture
def paper(home):
    from wagtail.models import Site

    from rotative.core.models import SiteIdentity

    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.name, identity.article = "Le Phare normand", "le"
    identity.newsroom_email = "redaction@phare.example"
    identity.save()
    return identity


@pytest.fixture
def legal_pages(home, paper):
    from rotative.legal.demo import legal_pages_create

    legal_pages_create(home=home)
    return home
