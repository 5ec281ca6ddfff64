"""A saved « emploi » search with « et par notification »: the offer a moderator puts online
reaches the candidate's browser through the project's real test push service (encrypted as
a browser decrypts it) and her mailbox, once."""

from datetime import UTC, datetime

import pytest
import time_machine

from rotative.accounts.tests.factories import ReaderFactory
from rotative.alerts.models import SavedSearch
from rotative.geo.tests.factories import commune
from rotative.jobs import services
from rotative.jobs.tests import factories
from rotative.newsletter import services as newsletter
from rotative.newsletter.tests.push_service import (  # noqa: F401 (a fixture)
    Browser,
    push_service_fixture,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
NEAR_CDI = "q=&contrat=cdi&commune=Carantilly+%2850570%29&rayon=20"


@time_machine.travel(NOW, tick=True)
def test_a_new_offer_nearby_is_pushed_and_mailed_once_online(
    client, smtp_server, push_service, django_capture_on_commit_callbacks
):
    commune("carantilly")
    candidate = ReaderFactory(email="candidate@example.fr", display_name="Jeanne C.")
    client.force_login(candidate)
    client.post(
        "/alertes/",
        {
            "kind": "emploi",
            "category": "cdi",
            "query": NEAR_CDI,
            "frequency": "instant",
            "push": "1",
        },
    )
    saved = SavedSearch.objects.get(user=candidate)
    assert saved.by_push and saved.label == "CDI, Carantilly (50570) + 20 km"
    browser = Browser()
    newsletter.push_subscription_save(
        endpoint=push_service.endpoint("jeanne"),
        **browser.subscription_json("x")["keys"],
        user=candidate,
        breaking_news=False,
    )
    boss = factories.employer()
    with django_capture_on_commit_callbacks(execute=True):
        factories.offer(by=boss, title="Vendeur H/F", contract="cdd", contract_months=3)
        factories.offer(by=boss, title="Caviste H/F", commune="caumont")  # 41 km
        waiting = factories.offer(by=boss, title="Technicien de maintenance H/F", publish=False)
    assert smtp_server.messages == [] and push_service.requests == []

    with django_capture_on_commit_callbacks(execute=True):
        services.offer_moderate(moderator=factories.moderator(), offer=waiting, publish=True)

    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "candidate@example.fr"
    assert "Technicien de maintenance H/F" in smtp_server.text(mail)
    (request,) = push_service.received("jeanne")
    shown = browser.read(request)
    assert shown["title"] == "Nouvelles offres d'emploi : CDI, Carantilly (50570) + 20 km"
    assert shown["body"] == "Technicien de maintenance H/F"
    assert shown["url"].endswith(waiting.get_absolute_url())

    # Changed, sent back to moderation and validated again: not news a second time.
    fields = factories.fields(title="Technicien de maintenance H/F (nuit)")
    services.offer_save(by=boss, offer=waiting, submit=True, **fields)
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_moderate(moderator=factories.moderator(), offer=waiting, publish=True)
    assert len(smtp_server.messages) == 1 and len(push_service.requests) == 1
