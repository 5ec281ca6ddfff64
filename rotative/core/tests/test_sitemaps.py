"""The sitemap index lists every part of the site a search engine should know, and every
address it lists answers 200 to an anonymous reader; drafts, offline ads and private pages
stay out."""

from datetime import timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from rotative.accounts.tests.factories import ReaderFactory
from rotative.classifieds import services as classifieds_services
from rotative.classifieds import sitemaps as ad_sitemaps
from rotative.classifieds.models import Ad
from rotative.classifieds.tests.factories import CAR, ad_online
from rotative.live import services as live_services
from rotative.live.models import LiveBlogPage
from rotative.news.tests.factories import ArticlePageFactory, SectionPageFactory
from rotative.pronostics.tests import factories as pronostics

SM = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
NOW = timezone.make_aware(timezone.datetime(2026, 12, 7, 10, 0))

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def read(client, url, settings):
    assert url.startswith(settings.SITE_URL + "/"), url
    response = client.get(url.removeprefix(settings.SITE_URL))
    assert response.status_code == 200, url
    return ElementTree.fromstring(response.content)


def all_locations(client, settings):
    """{sitemap address: [addresses it lists]}, for every sitemap (and page) of the index."""
    index = read(client, settings.SITE_URL + "/sitemap.xml", settings)
    return {
        sitemap.text: [
            loc.text for loc in read(client, sitemap.text, settings).iterfind("sm:url/sm:loc", SM)
        ]
        for sitemap in index.iterfind("sm:sitemap/sm:loc", SM)
    }


@pytest.fixture
def moderator(db):
    return get_user_model().objects.create_superuser("moderation", "moderation@example.fr", "x")


@pytest.fixture
def world(home, section, moderator):
    seller = ReaderFactory(email="vendeur@example.fr")
    editor = get_user_model().objects.create_user(username="anne", is_staff=True)
    published = ArticlePageFactory(parent=section, slug="digue", tags=["Digue", "Granville"])
    ArticlePageFactory(
        parent=section, slug="zqxdraft", tags=["Brouillon seul"], live=False, publish=False
    )
    secret = SectionPageFactory(parent=home, title="Abonnés", slug="abonnes")
    PageViewRestriction.objects.create(page=secret, restriction_type="password", password="x")
    ArticlePageFactory(parent=secret, slug="zqxprivate", tags=["Réservé"])
    blog = section.add_child(
        instance=LiveBlogPage(
            title="Soirée électorale en direct",
            slug="soiree-electorale",
            chapo="Résultats et réactions.",
            state=LiveBlogPage.State.LIVE,
        )
    )
    blog.save_revision().publish()
    live_services.live_entry_publish(author=editor, body="<p>Le conseil vote ce soir.</p>")
    online = ad_online(owner=seller, moderator=moderator)
    draft = classifieds_services.ad_draft_save(
        owner=seller, fields={**CAR, "title": "Zqx brouillon", "commune": online.commune}
    )
    expired = ad_online(owner=seller, moderator=moderator, title="Zqx expirée")
    Ad.objects.filter(pk=expired.pk).update(expires_at=NOW - timedelta(days=1))
    pronostics.match(kickoff=NOW + timedelta(days=3))
    return {"article": published, "blog": blog, "online": online, "offline": [draft, expired]}


def test_every_listed_address_answers_and_nothing_hidden_is_listed(client, world, settings):
    found = all_locations(client, settings)
    names = {url.removeprefix(settings.SITE_URL) for url in found}
    assert {
        "/sitemap-pages.xml",
        "/sitemap-sujets.xml",
        "/sitemap-direct.xml",
        "/sitemap-annonces.xml",
        "/sitemap-pronostics.xml",
    } <= names
    listed = [url for urls in found.values() for url in urls]
    # Wagtail's pages too, whatever host name its Site record has (here « localhost »).
    assert all(url.startswith(settings.SITE_URL + "/") for url in listed)
    paths = {urlsplit(url).path for url in listed}
    for path in paths:
        assert client.get(path).status_code == 200, path
    assert {
        world["article"].url,
        world["blog"].url,  # live blogs are Wagtail pages: the pages' sitemap has them
        world["online"].get_absolute_url(),
        "/en-direct/",
        "/sujets/digue/",
        "/sujets/granville/",
        "/pronostics/",
        "/pronostics/classement/",
    } <= paths
    assert not [path for path in paths if "zqx" in path or "abonnes" in path]
    assert not {"/sujets/brouillon-seul/", "/sujets/reserve/"} & paths
    assert not {ad.get_absolute_url() for ad in world["offline"]} & paths


def test_topics_and_en_direct_are_dated(client, world, settings):
    topics = read(client, settings.SITE_URL + "/sitemap-sujets.xml", settings)
    dates = {
        url.findtext("sm:loc", namespaces=SM).removeprefix(settings.SITE_URL): url.findtext(
            "sm:lastmod", namespaces=SM
        )
        for url in topics.iterfind("sm:url", SM)
    }
    newest = world["article"].first_published_at.date().isoformat()
    assert dates["/sujets/digue/"].startswith(newest)
    live = read(client, settings.SITE_URL + "/sitemap-direct.xml", settings)
    assert live.findtext("sm:url/sm:lastmod", namespaces=SM).startswith("2026-12-07")


def test_the_ads_are_paged_by_ranges_of_ids(client, world, settings, moderator, monkeypatch):
    monkeypatch.setattr(ad_sitemaps, "IDS_PER_PAGE", 2)
    seller = world["online"].owner
    more = [ad_online(owner=seller, moderator=moderator, title=f"Maison {n}") for n in range(3)]
    found = all_locations(client, settings)
    pages = sorted(url for url in found if "sitemap-annonces" in url)
    ids = Ad.objects.order_by("pk").values_list("pk", flat=True)
    assert len(pages) == (ids.last() - ids.first()) // 2 + 1
    listed = [url for page in pages for url in found[page]]
    expected = [world["online"], *more]
    assert sorted(listed) == sorted(settings.SITE_URL + ad.get_absolute_url() for ad in expected)
    assert all(len(found[page]) <= 2 for page in pages)
    assert client.get("/sitemap-annonces.xml?p=999").status_code == 404


def test_an_ads_sitemap_page_costs_the_same_whatever_its_size(client, world, moderator):
    # The id bounds and the page's ads; the rest is the layout's context (site, identity…).
    client.get("/sitemap-annonces.xml")  # the layout's caches filled
    with CaptureQueriesContext(connection) as few_ads:
        client.get("/sitemap-annonces.xml")
    few = len(few_ads)
    assert sum("classifieds_ad" in q["sql"] for q in few_ads.captured_queries) == 2
    seller = world["online"].owner
    for n in range(3):
        ad_online(owner=seller, moderator=moderator, title=f"Maison {n}")
    client.get("/sitemap-annonces.xml")
    with CaptureQueriesContext(connection) as more_ads:
        client.get("/sitemap-annonces.xml")
    assert len(more_ads) == few
