"""Queries a reader's request costs on the classifieds pages, locked exactly.

Measured with a cold cache (the first request after a cache flush) and warm, with twenty
ads of three categories, each with two photos: the same pages with one ad cost the same
(measured when these numbers were set), so a count that grows with the ads breaks them.
`-v` lists the queries.
"""

import pytest
from django.contrib.auth import get_user_model

from rotative.accounts.tests.factories import ReaderFactory
from rotative.classifieds import services
from rotative.classifieds.photos import photo_process
from rotative.classifieds.tests.factories import CAMERA, CAR, HOUSE, ad_online
from rotative.core.tests.query_counts import assert_cold_then_warm
from rotative.news.tests.factories import jpeg_bytes

pytestmark = pytest.mark.django_db

MANY = 20
NEAR = "/annonces/immobilier/?ou=Carantilly+%2850570%29&rayon=50"

# Search (all categories): the words' and filters' query for one page of ads, their communes
# and photos (one query each, prefetched), the counts per category (cached a minute), the
# page chrome (site, identity, sections, En ce moment, live side column, the agenda's
# « À venir », kept rendered a minute).
SEARCH_COLD, SEARCH_WARM = 24, 3
# With a commune and a radius: the commune looked up as well.
NEAR_COLD, NEAR_WARM = 25, 5
# Logged in: the session, the user, the profile (account corner) and the saved-search form's
# reads.
NEAR_READER_COLD, NEAR_READER_WARM = 30, 10
# An ad's page: the ad with its commune, its photos, the seller's professional details, the
# chrome.
DETAIL_COLD, DETAIL_WARM = 22, 2
# A logged-in reader also gets the message form and « Lire plus tard » (whether it is saved);
# the owner, their conversations instead.
DETAIL_READER_COLD, DETAIL_READER_WARM = 28, 8
DETAIL_OWNER_COLD, DETAIL_OWNER_WARM = 28, 8


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def ads(seller):
    moderator = get_user_model().objects.create_superuser("moderation", "m@example.fr", "x")
    made = []
    for i in range(MANY):
        kind = (HOUSE, CAR, CAMERA)[i % 3]
        ad = ad_online(
            owner=seller,
            moderator=moderator,
            where=("carantilly", "coutances", "saint-pair")[i % 3],
            **{**kind, "title": f"{kind['title']} {i}"},
        )
        photos = [photo_process(data=jpeg_bytes(), filename=f"{i}.jpg") for _ in range(2)]
        services.ad_photos_update(ad=ad, add=photos)
        made.append(ad)
    return made


@pytest.mark.parametrize(
    "who, url, cold, warm",
    [
        (None, "/annonces/", SEARCH_COLD, SEARCH_WARM),
        (None, NEAR, NEAR_COLD, NEAR_WARM),
        ("reader", NEAR, NEAR_READER_COLD, NEAR_READER_WARM),
        (None, "detail", DETAIL_COLD, DETAIL_WARM),
        ("reader", "detail", DETAIL_READER_COLD, DETAIL_READER_WARM),
        ("owner", "detail", DETAIL_OWNER_COLD, DETAIL_OWNER_WARM),
    ],
    ids=["search", "near", "near-reader", "detail", "detail-reader", "detail-owner"],
)
def test_classifieds_page_queries(
    client, section, seller, ads, who, url, cold, warm, django_assert_num_queries
):
    # `section`: a site with a news section, as the chrome (menu, En ce moment) reads it.
    if who:
        client.force_login(seller if who == "owner" else ReaderFactory())
    if url == "detail":
        url = ads[0].get_absolute_url()
    assert_cold_then_warm(client, url, django_assert_num_queries, cold, warm)
