"""A breaking alert with a real `db_worker` running, as in production: the mail and the
notification arrive within a minute of the publication (in seconds, in fact).

Alone in its module: its test flushes the database, and pytest-django runs such tests after
the others only when they are alone in their file (pytest-xdist hands out whole files).
"""

import pytest

from rotative.news.tests.factories import ArticlePageFactory, SectionPageFactory
from rotative.newsletter.tests.push_service import (  # noqa: F401 (a fixture)
    Browser,
    push_service_fixture,
)
from rotative.newsletter.tests.test_breaking import TITLE, subject


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_with_the_worker_running_the_alert_arrives_within_a_minute(
    settings, home, smtp_server, push_service, tmp_path, monkeypatch
):
    """What happens in production: the publish commits, a real `db_worker` picks the task up
    and sends the mail and the notification."""
    import time

    from rotative.newsletter import services
    from rotative.newsletter.models import Subscriber
    from rotative.newsletter.tests.test_worker_kill import database_for_workers, start_worker, stop

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SITE_URL = "https://www.example.fr"  # what worker_settings says
    section = SectionPageFactory(parent=home, title="Manche", slug="manche")
    # Made directly: through the services, the confirmation mail would be queued too.
    Subscriber.objects.create(email="alertes@example.fr", status=Subscriber.Status.CONFIRMED)
    browser = Browser()
    services.push_subscription_save(
        endpoint=push_service.endpoint("marie"), **browser.subscription_json("x")["keys"]
    )
    published = time.monotonic()
    ArticlePageFactory(parent=section, title=TITLE, slug="digue", is_breaking=True)
    database_url = database_for_workers(tmp_path)
    monkeypatch.setenv("WEBPUSH_EXTRA_ORIGINS", push_service.origin)  # the worker's settings
    log = tmp_path / "worker.log"
    worker = start_worker(database_url, smtp_server.port, log)
    try:
        (message,) = smtp_server.wait_for(1, timeout=60)
        assert subject(message) == f"Alerte info : {TITLE}"
        deadline = published + 60
        while not push_service.received("marie"):
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
    finally:
        stop(worker)
    assert time.monotonic() - published < 60
    assert browser.read(push_service.received("marie")[0])["body"] == TITLE
