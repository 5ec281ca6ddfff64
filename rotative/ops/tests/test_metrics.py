"""/sante/metriques/: what Prometheus scrapes, and who may read it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from rotative.ops.tests.factories import task_rows

TOKEN = "jeton-de-supervision-0123456789"


@pytest.fixture
def scrape(client, settings):
    settings.METRICS_TOKEN = TOKEN

    def get() -> dict:
        response = client.get("/sante/metriques/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain; version=0.0.4")
        assert response["Cache-Control"] == "no-store"
        return samples(response.content.decode())

    return get


def samples(text: str) -> dict:
    """{(name, ((label, value), ...)): value} for every sample of the exposition."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def requests(found: dict, method: str, status: str) -> float:
    key = ("rotative_http_requests_total", (("method", method), ("status", status)))
    return found.get(key, 0)


# --- who may read them --------------------------------------------------------------------


def test_without_a_token_or_an_allowed_address_it_is_the_sites_404(client, settings, db):
    settings.METRICS_TOKEN = TOKEN
    for headers in (
        {},
        {"HTTP_AUTHORIZATION": "Bearer mauvais-jeton"},
        {"HTTP_AUTHORIZATION": TOKEN},
    ):
        response = client.get("/sante/metriques/", **headers)
        assert response.status_code == 404
        assert "Page introuvable" in response.content.decode()
        assert b"rotative_http_requests_total" not in response.content


def test_nobody_reads_them_until_configured(client, settings, db):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = []
    assert client.get("/sante/metriques/", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_an_allowed_address_reads_them_but_cannot_be_forged(client, settings, db):
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/24"]
    assert client.get("/sante/metriques/", REMOTE_ADDR="10.0.0.9").status_code == 200
    forged = client.get(
        "/sante/metriques/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.0.0.9"
    )
    assert forged.status_code == 404
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    behind_proxy = client.get(
        "/sante/metriques/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.9"
    )
    assert behind_proxy.status_code == 200


# --- what they say ------------------------------------------------------------------------


def test_requests_are_counted_by_method_and_status_class(client, scrape, db):
    before = scrape()
    client.get("/robots.txt")
    client.get("/robots.txt")
    client.get("/cette-page-n-existe-pas/")
    client.post("/robots.txt")
    after = scrape()
    # The first scrape counts too: it was a GET answered 200.
    assert requests(after, "GET", "2xx") - requests(before, "GET", "2xx") == 3
    assert requests(after, "GET", "4xx") - requests(before, "GET", "4xx") == 1
    assert requests(after, "POST", "4xx") - requests(before, "POST", "4xx") == 1
    count = ("rotative_http_request_duration_seconds_count", ())
    assert after[count] - before[count] == 5
    slowest = ("rotative_http_request_duration_seconds_bucket", (("le", "+Inf"),))
    assert after[slowest] == after[count]


def test_the_task_queue_and_its_failures(scrape, db):
    task_rows(4, enqueued_at=timezone.now() - timedelta(minutes=10))
    task_rows(2, status="FAILED")
    task_rows(7, status="SUCCESSFUL")
    found = scrape()
    assert found[("rotative_tasks_ready", ())] == 4
    assert found[("rotative_tasks_failed", ())] == 2
    assert 590 < found[("rotative_tasks_oldest_ready_age_seconds", ())] < 3600
    assert found[("rotative_metrics_database_up", ())] == 1


def test_an_empty_queue_has_no_age(scrape, db):
    assert scrape()[("rotative_tasks_oldest_ready_age_seconds", ())] == 0


def test_wire_files_in_quarantine(scrape, db):
    from rotative.wire.services.ingest import quarantine_file

    assert scrape()[("rotative_wire_quarantined_files", ())] == 0
    for number in range(3):
        quarantine_file(
            data=b"<pas du xml",
            filename=f"depeche-{number}.xml",
            source=None,
            reason="XML mal formé",
            sha256=f"{number:064d}",
        )
    assert scrape()[("rotative_wire_quarantined_files", ())] == 3


def test_mails_handed_to_the_mail_server_are_counted(scrape, settings, db):
    settings.EMAIL_BACKEND = "rotative.ops.mail.CountingEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    before = scrape()[("rotative_mails_sent_total", ())]
    sent = mail.send_mass_mail(
        [
            ("Alerte info", "La digue a cédé.", None, ["a@example.fr"]),
            ("Alerte info", "La digue a cédé.", None, ["b@example.fr"]),
        ]
    )
    assert sent == 2 and len(mail.outbox) == 2  # delivered as before
    assert scrape()[("rotative_mails_sent_total", ())] - before == 2


def test_mails_the_mail_server_refused_are_counted_as_failures(scrape, settings, db):
    from rotative.ops.tests.server import free_port

    settings.EMAIL_BACKEND = "rotative.ops.mail.CountingEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    before = scrape()
    with pytest.raises(ConnectionRefusedError):
        mail.send_mail("Alerte info", "La digue a cédé.", None, ["a@example.fr"])
    after = scrape()
    assert (
        after[("rotative_mail_failures_total", ())] - before[("rotative_mail_failures_total", ())]
        == 1
    )
    assert after[("rotative_mails_sent_total", ())] == before[("rotative_mails_sent_total", ())]


def test_the_sites_mail_goes_through_the_counter():
    from django.conf import settings

    from rotative.settings import base

    # pytest-django puts the test outbox in Django's setting; the site's own is the counter.
    assert base.EMAIL_BACKEND == "rotative.ops.mail.CountingEmailBackend"
    assert base.EMAIL_DELIVERY_BACKEND == "django.core.mail.backends.console.EmailBackend"
    assert settings.EMAIL_DELIVERY_BACKEND
