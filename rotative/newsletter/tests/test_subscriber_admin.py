"""« Abonnés » in the admin: find someone, read their consents, export or erase on request."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from rotative.newsletter.models import ConsentRecord, Subscriber, Suppression
from rotative.newsletter.services import email_hash
from rotative.newsletter.tests.conftest import soup, text_of
from rotative.newsletter.tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("redaction", "redaction@example.fr", "x")
    client.force_login(user)
    return user


def test_staff_find_a_subscriber_and_read_their_consents(client, staff):
    SubscriberFactory(email="jeanne@example.fr")
    SubscriberFactory(email="paul@example.fr", confirmed=False)
    page = soup(client.get("/admin/abonnes/?q=JEANNE@example.fr"))
    assert [a.get_text() for a in page.select("table.listing a")] == ["jeanne@example.fr"]
    assert "Inscrit : 1" in text_of(page.select_one(".nice-padding p"))
    assert "En attente de confirmation : 1" in text_of(page.select_one(".nice-padding p"))

    jeanne = Subscriber.objects.get(email="jeanne@example.fr")
    detail = text_of(soup(client.get(f"/admin/abonnes/{jeanne.pk}/")).select_one("main"))
    assert "/manche/digue/" in detail  # the page she signed up from
    assert "192.0.2.1" in detail


def test_an_export_holds_the_consent_records(client, staff):
    jeanne = SubscriberFactory(email="jeanne@example.fr")
    response = client.get(f"/admin/abonnes/{jeanne.pk}/export/")
    assert response["Content-Disposition"].startswith("attachment")
    export = response.json()
    assert export["email"] == "jeanne@example.fr"
    assert [c["action"] for c in export["consents"]][:2] == ["requested", "given"]


def test_erasing_needs_the_address_typed_again_and_keeps_only_a_hash(client, staff):
    jeanne = SubscriberFactory(email="jeanne@example.fr")
    client.post(f"/admin/abonnes/{jeanne.pk}/effacer/", {"confirm": "jeanne@"})
    assert Subscriber.objects.filter(pk=jeanne.pk).exists()

    response = client.post(
        f"/admin/abonnes/{jeanne.pk}/effacer/", {"confirm": "jeanne@example.fr"}, follow=True
    )
    assert "Les données de jeanne@example.fr sont effacées" in response.content.decode()
    assert not Subscriber.objects.filter(email="jeanne@example.fr").exists()
    assert not ConsentRecord.objects.exists()
    assert Suppression.objects.filter(email_hash=email_hash("jeanne@example.fr")).exists()


def test_editors_without_the_permission_see_nothing(client):
    editor = get_user_model().objects.create_user("pigiste", "pigiste@example.fr", "x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    jeanne = SubscriberFactory(email="jeanne@example.fr")
    for url in ("/admin/abonnes/", f"/admin/abonnes/{jeanne.pk}/export/"):
        response = client.get(url)
        # Wagtail turns a refusal into a redirect to the dashboard, with a message.
        assert response.status_code in (302, 403)
        assert b"jeanne@example.fr" not in response.content
    client.post(f"/admin/abonnes/{jeanne.pk}/effacer/", {"confirm": "jeanne@example.fr"})
    assert Subscriber.objects.filter(pk=jeanne.pk).exists()
