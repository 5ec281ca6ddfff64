"""An ad's state and its owner's buttons come from one rule on the model: the pages show what
the services accept, at the expiry moment and for someone else's ad."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup

from rotative.accounts.tests.factories import ReaderFactory
from rotative.classifieds import services
from rotative.classifieds.formatting import ads_count_label
from rotative.classifieds.models import Ad
from rotative.classifieds.tests.factories import HOUSE, ad_online
from rotative.geo.tests.factories import commune

pytestmark = pytest.mark.django_db

APPROVED = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)
EXPIRES = datetime(2026, 5, 13, 9, 0, tzinfo=UTC)  # sixty days later


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def _text(node) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def _row(client) -> BeautifulSoup:
    return _soup(client.get("/annonces/mes-annonces/")).select_one(".ads-mine__ad")


def _buttons(row) -> list[str]:
    return [_text(b) for b in row.select(".ads-mine__actions a, .ads-mine__actions button")]


@pytest.fixture
def house(seller, moderator):
    with time_machine.travel(APPROVED, tick=False):
        ad = ad_online(owner=seller, moderator=moderator)
    assert ad.expires_at == EXPIRES
    return ad


@pytest.mark.parametrize(
    ("now", "online"),
    [(EXPIRES - timedelta(microseconds=1), True), (EXPIRES, False)],
    ids=["just-before", "at-expiry"],
)
def test_the_expiry_moment_changes_every_page_at_once(client, seller, house, now, online):
    reader = ReaderFactory(email="acheteur@example.fr")
    with time_machine.travel(now, tick=False):
        house.refresh_from_db()
        assert house.is_online is online
        client.force_login(seller)
        row = _row(client)
        status = _text(row.select_one(".ads-status"))
        assert status == ("En ligne" if online else "Expirée")
        assert ("en ligne jusqu'au 13 mai 2026" in _text(row)) is online
        # Online or just expired, the owner may renew it: the button and the service agree.
        assert _buttons(row) == ["Modifier", "Prolonger", "Marquer comme vendue", "Supprimer"]
        notice = _soup(client.get(house.get_absolute_url())).select_one(".ad-preview")
        assert (notice is None) if online else _text(notice) == "Expirée"
        client.force_login(reader)
        page = client.get(house.get_absolute_url())
        assert page.status_code == (200 if online else 404)
        if online:
            assert _soup(page).select_one(".ad-contact form") is not None
            assert house.can_be_contacted_by(reader)
        else:
            assert not house.can_be_contacted_by(reader)
        services.ad_renew(owner=seller, ad=house)
        assert house.is_online


def test_someone_elses_ad_offers_nothing_and_every_action_is_refused(client, house):
    other = ReaderFactory(email="voisin@example.fr")
    assert house.owner_actions(other) == frozenset()
    for service in (services.ad_renew, services.ad_mark_sold, services.ad_delete):
        with pytest.raises(services.AdError, match="n'est pas la vôtre"):
            service(owner=other, ad=house)
    client.force_login(other)
    with time_machine.travel(APPROVED + timedelta(days=1), tick=False):
        page = _soup(client.get(house.get_absolute_url()))
        assert page.select_one(".ad-preview") is None
        assert _text(page.select_one(".ad-contact h2")) == "Contacter l'annonceur"
        assert client.post(f"/annonces/{house.pk}/prolonger/").status_code == 404
    house.refresh_from_db()
    assert house.expires_at == EXPIRES


def test_a_draft_leads_to_its_preview_and_cannot_be_renewed_or_sold(client, seller):
    draft = services.ad_draft_save(owner=seller, fields={**HOUSE, "commune": commune("carantilly")})
    client.force_login(seller)
    row = _row(client)
    assert row.select_one(".ads-row__title")["href"] == f"/annonces/{draft.pk}/apercu/"
    assert _text(row.select_one(".ads-status")) == "Brouillon"
    assert _buttons(row) == ["Modifier", "Supprimer"]
    with pytest.raises(services.AdError, match="Seule une annonce validée"):
        services.ad_renew(owner=seller, ad=draft)
    with pytest.raises(services.AdError, match="Seule une annonce validée"):
        services.ad_mark_sold(owner=seller, ad=draft)
    services.ad_delete(owner=seller, ad=draft)
    assert draft.status == Ad.Status.DELETED and draft.owner_actions(seller) == frozenset()


@pytest.mark.parametrize(
    ("count", "label"), [(0, "0 annonce"), (1, "1 annonce"), (2, "2 annonces")]
)
def test_the_count_takes_the_french_singular_for_zero_and_one(count, label):
    assert ads_count_label(count) == label


def test_a_search_without_results_says_0_annonce(client):
    page = _soup(client.get("/annonces/?q=introuvable"))
    assert _text(page.select_one(".ads-total")) == "0 annonce"
