"""Applying by e-mail: the candidate writes through the site, the employer receives the
letter at an address no page shows and answers the candidate directly."""

import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from rotative.accounts.tests.factories import ReaderFactory
from rotative.core.bot_trap import form_stamp
from rotative.jobs.tests import factories

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def letter(**fields) -> dict:
    """What the form sends: the fields, and the time it was shown (a minute ago: no robot)."""
    return {**fields, "rendered": form_stamp(time.time() - 60)}


@pytest.fixture
def relayed(db):
    with time_machine.travel(NOW, tick=False):
        return factories.offer(
            title="Caviste H/F", apply_by="email", apply_email="secret-rh@cidrerie.example.fr"
        )


@time_machine.travel(NOW, tick=True)
def test_a_candidate_applies_and_the_employer_answers_by_mail(
    client, relayed, smtp_server, django_capture_on_commit_callbacks
):
    candidate = ReaderFactory(email="jeanne@example.fr", display_name="Jeanne")
    client.force_login(candidate)
    page = client.get(relayed.get_absolute_url()).content.decode()
    assert "Envoyer ma candidature" in page and "secret-rh" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/emploi/{relayed.pk}/postuler/",
            letter(name="Jeanne Martin", message="Cinq saisons en boutique de cidrerie."),
            follow=True,
        )
    assert "Votre candidature est envoyée à l&#x27;employeur." in response.content.decode()
    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "secret-rh@cidrerie.example.fr"
    assert mail["Reply-To"] == "jeanne@example.fr"
    assert str(mail["Subject"]).strip() == "Candidature : Caviste H/F"
    body = smtp_server.text(mail)
    assert "Jeanne Martin" in body and "Cinq saisons en boutique de cidrerie." in body


@time_machine.travel(NOW, tick=False)
def test_an_empty_letter_is_refused_and_nothing_is_sent(client, relayed, smtp_server):
    client.force_login(ReaderFactory())
    response = client.post(f"/emploi/{relayed.pk}/postuler/", letter(name="", message=""))
    assert response.status_code == 400
    assert smtp_server.messages == []


@time_machine.travel(NOW, tick=False)
def test_anonymous_and_unconfirmed_readers_cannot_apply(client, relayed, smtp_server):
    assert "Se connecter pour postuler" in client.get(relayed.get_absolute_url()).content.decode()
    response = client.post(f"/emploi/{relayed.pk}/postuler/", letter(name="X", message="Y"))
    assert response.status_code == 302 and "/connexion/" in response["Location"]
    client.force_login(ReaderFactory(verified=False))
    response = client.post(f"/emploi/{relayed.pk}/postuler/", letter(name="X", message="Y"))
    assert response.status_code == 403
    assert smtp_server.messages == []


def test_an_expired_or_linked_offer_takes_no_letter(client, relayed, smtp_server):
    client.force_login(ReaderFactory())
    with time_machine.travel(NOW + timedelta(days=61), tick=False):
        response = client.post(f"/emploi/{relayed.pk}/postuler/", letter(name="X", message="Y"))
        assert response.status_code == 404
        linked = factories.offer(title="Soudeur H/F")
        response = client.post(f"/emploi/{linked.pk}/postuler/", letter(name="X", message="Y"))
        assert response.status_code == 404
    assert smtp_server.messages == []
