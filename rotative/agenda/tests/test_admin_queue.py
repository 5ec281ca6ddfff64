"""Moderators validate or refuse organisers' events from the admin's « Agenda » screen."""

from datetime import UTC, datetime

import pytest
import time_machine

from rotative.agenda.models import Event
from rotative.agenda.tests.factories import event

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def test_queue_lists_pending_and_publishes(clock, client, organiser, moderator):
    pending = event(organiser=organiser, title="Zqx loto du club")
    event(title="Déjà publiée")
    client.force_login(moderator)

    text = client.get("/admin/agenda/").content.decode()
    assert "Zqx loto du club" in text and "Déjà publiée" not in text

    response = client.post(f"/admin/agenda/{pending.pk}/moderer/", {"action": "publish"})

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.moderation == Event.Moderation.PUBLISHED
    assert client.get("/agenda/").content.decode().count("Zqx loto du club") == 1


def test_refusal_without_reason_is_refused(clock, client, organiser, moderator):
    pending = event(organiser=organiser)
    client.force_login(moderator)

    response = client.post(
        f"/admin/agenda/{pending.pk}/moderer/", {"action": "refuse", "reason": ""}, follow=True
    )

    assert "Indiquez le motif du refus" in response.content.decode()
    pending.refresh_from_db()
    assert pending.moderation == Event.Moderation.PENDING


def test_a_reader_cannot_moderate(clock, client, organiser):
    pending = event(organiser=organiser)
    client.force_login(organiser)

    assert client.post(
        f"/admin/agenda/{pending.pk}/moderer/", {"action": "publish"}
    ).status_code in (302, 403)
    pending.refresh_from_db()
    assert pending.moderation == Event.Moderation.PENDING
