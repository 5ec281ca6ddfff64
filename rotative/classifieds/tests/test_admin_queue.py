"""The moderators' queue in the admin: what waits for a decision, and what readers reported."""

import pytest
from bs4 import BeautifulSoup

from rotative.accounts.tests.factories import ReaderFactory
from rotative.classifieds import services
from rotative.classifieds.tests.factories import CAMERA, CAR, ad_online

pytestmark = pytest.mark.django_db


def listed_titles(response) -> list[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return [link.get_text(strip=True) for link in page.select("table.listing td a")]


def test_the_reported_tab_lists_only_ads_with_an_open_report(client, seller, moderator):
    quiet = ad_online(owner=seller, moderator=moderator)  # online, never reported
    reported = ad_online(owner=seller, moderator=moderator, **CAR)
    dealt_with = ad_online(owner=seller, moderator=moderator, **CAMERA)
    reader = ReaderFactory(email="vigilant@example.fr")
    services.ad_report(ad=reported, reporter=reader, reason="scam", details="Prix trop bas")
    services.ad_report(ad=dealt_with, reporter=reader, reason="sold")
    services.ad_reports_dismiss(moderator=moderator, ad=dealt_with)

    client.force_login(moderator)
    response = client.get("/admin/annonces/?onglet=signalees")
    assert listed_titles(response) == [reported.title]
    assert quiet.title not in response.content.decode()
    assert "Signalées (1)" in BeautifulSoup(response.content, "html.parser").get_text()
