"""The organiser hears of the moderators' decision by mail: online, or refused and why. A mail
that cannot be sent never undoes the decision."""

from datetime import UTC, datetime

import pytest
import time_machine

from rotative.agenda import services
from rotative.agenda.models import Event
from rotative.agenda.tests.factories import event
from rotative.testing import free_port

pytestmark = pytest.mark.django_db(transaction=False)
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def test_validation_mail_says_the_event_is_online(
    organiser, moderator, smtp_server, django_capture_on_commit_callbacks
):
    made = event(organiser=organiser, title="Loto du comité")

    with django_capture_on_commit_callbacks(execute=True):
        services.event_moderate(moderator=moderator, event=made, publish=True)

    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "organisateur@example.fr"
    assert mail["Subject"] == "Votre sortie est en ligne : « Loto du comité »"
    body = smtp_server.text(mail)
    assert "Bonjour Comité des fêtes," in body
    assert "a été validée : elle est en ligne" in body
    assert smtp_server.first_link(made.get_absolute_url(), mail)
    assert smtp_server.first_link("/agenda/mes-sorties/", mail)


def test_refusal_mail_gives_the_reason_and_the_way_to_correct(
    organiser, moderator, smtp_server, django_capture_on_commit_callbacks
):
    made = event(organiser=organiser, title="Loto du comité")

    with django_capture_on_commit_callbacks(execute=True):
        services.event_moderate(
            moderator=moderator, event=made, publish=False, reason="Date déjà passée"
        )

    (mail,) = smtp_server.wait_for(1)
    assert mail["Subject"] == "Votre sortie n'a pas été publiée : « Loto du comité »"
    body = smtp_server.text(mail)
    assert "Motif : Date déjà passée" in body
    assert smtp_server.first_link(f"/agenda/mes-sorties/{made.pk}/modifier/", mail)


def test_an_editors_event_sends_no_mail(moderator, django_capture_on_commit_callbacks, mailoutbox):
    made = event()  # an editor's: published, nobody to tell

    with django_capture_on_commit_callbacks(execute=True):
        services.event_moderate(moderator=moderator, event=made, publish=True)

    assert mailoutbox == []


def test_a_mail_that_fails_leaves_the_decision_made(
    organiser, moderator, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_TIMEOUT = 2
    first = event(organiser=organiser, title="Première")
    second = event(organiser=organiser, title="Seconde")

    with django_capture_on_commit_callbacks(execute=True):
        services.event_moderate(moderator=moderator, event=first, publish=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_moderate(moderator=moderator, event=second, publish=False, reason="Doublon")

    assert set(Event.objects.values_list("moderation", flat=True)) == {
        Event.Moderation.PUBLISHED,
        Event.Moderation.REFUSED,
    }
