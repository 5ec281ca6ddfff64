"""Organisers' events wait for a moderator; editors' are published at once."""

from datetime import UTC, datetime

import pytest
import time_machine

from rotative.agenda import services
from rotative.agenda.models import Event
from rotative.agenda.tests.factories import event

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_editor_event_is_published_with_visible_dates():
    made = event()

    assert made.moderation == Event.Moderation.PUBLISHED
    assert made.organiser is None
    assert list(made.occurrences.values_list("visible", flat=True)) == [True]


@time_machine.travel(NOW, tick=False)
def test_organiser_event_waits_then_is_published(organiser, moderator):
    made = event(organiser=organiser, recurrence="FREQ=WEEKLY;COUNT=3")

    assert made.moderation == Event.Moderation.PENDING
    assert set(made.occurrences.values_list("visible", flat=True)) == {False}

    services.event_moderate(moderator=moderator, event=made, publish=True)

    assert set(made.occurrences.values_list("visible", flat=True)) == {True}
    assert made.occurrences.count() == 3


@time_machine.travel(NOW, tick=False)
def test_refusal_needs_a_reason(organiser, moderator):
    made = event(organiser=organiser)

    with pytest.raises(services.AgendaError) as refused:
        services.event_moderate(moderator=moderator, event=made, publish=False, reason=" ")

    assert "motif" in refused.value.message
    services.event_moderate(moderator=moderator, event=made, publish=False, reason="Hors zone")
    made.refresh_from_db()
    assert (made.moderation, made.refusal_reason) == (Event.Moderation.REFUSED, "Hors zone")


@time_machine.travel(NOW, tick=False)
def test_organiser_change_sends_the_event_back_to_moderation(organiser, moderator):
    made = event(organiser=organiser)
    services.event_moderate(moderator=moderator, event=made, publish=True)

    services.event_update(
        event=made, by=organiser, title="Concert d'été", recurrence="FREQ=DAILY;COUNT=2"
    )
    made.refresh_from_db()

    assert made.moderation == Event.Moderation.PENDING
    assert made.slug == "concert-d-ete"
    assert list(made.occurrences.values_list("visible", flat=True)) == [False, False]


@time_machine.travel(NOW, tick=False)
def test_someone_else_cannot_change_the_event(organiser):
    from rotative.accounts.tests.factories import ReaderFactory

    made = event(organiser=organiser)
    stranger = ReaderFactory(email="autre@example.fr", display_name="Autre")

    with pytest.raises(services.AgendaError):
        services.event_update(event=made, by=stranger, title="Pris")


def test_nightly_job_carries_an_open_rule_forward(organiser):
    from datetime import timedelta

    with time_machine.travel(NOW, tick=False):
        weekly = event(recurrence="FREQ=WEEKLY;BYDAY=SA")
        finished = event(title="Trois fois", recurrence="FREQ=WEEKLY;COUNT=3")
    last = weekly.occurrences.order_by("-start").first().start
    later = NOW + timedelta(days=200)

    with time_machine.travel(later, tick=False):
        assert services.occurrences_extend() == 1

    assert weekly.occurrences.order_by("-start").first().start > last + timedelta(days=190)
    assert finished.occurrences.count() == 3
