"""What the load balancer sees at /sante/ (alive) and /sante/pret/ (ready to serve)."""

import json

import pytest

from rotative.ops.tests.factories import task_rows

BROKEN_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
    }
}


def test_liveness_answers_ok_without_touching_the_database(client):
    # No database mark: pytest-django fails any query this request would make.
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_the_load_balancer_reaches_the_checks_by_address_over_plain_http(client, settings, db):
    """It probes each process at its own address, without TLS: no host refused, no redirect."""
    settings.ALLOWED_HOSTS = ["www.example.fr"]
    settings.SECURE_SSL_REDIRECT = True
    probe = {"HTTP_HOST": "10.0.0.7:8000"}
    assert client.get("/robots.txt", **probe).status_code == 400  # what any other page gets
    assert client.get("/sante/", **probe).status_code == 200
    assert client.get("/sante/pret/", **probe).status_code == 200
    assert client.head("/sante/", **probe).status_code == 200


def test_readiness_reports_each_check(client, db):
    response = client.get("/sante/pret/")
    body = json.loads(response.content)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "queue"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["queue"]["ready"] == 0
    assert body["checks"]["queue"]["max"] == 1000
    assert "failed" not in body


def test_a_deep_queue_shows_but_keeps_the_process_in_service(client, settings, db):
    settings.HEALTH_MAX_QUEUE_DEPTH = 2
    task_rows(3)
    response = client.get("/sante/pret/")
    body = json.loads(response.content)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["failed"] == ["queue"]
    assert body["checks"]["queue"] | {"ms": 0} == {
        "ok": False,
        "ms": 0,
        "error": "QueueTooDeep",
        "ready": 3,
        "max": 2,
    }


def test_an_operator_can_make_the_queue_critical(client, settings, db):
    settings.HEALTH_MAX_QUEUE_DEPTH = 2
    settings.HEALTH_CRITICAL_CHECKS = ["database", "queue"]
    task_rows(2)
    assert client.get("/sante/pret/").status_code == 200  # at the limit, not beyond
    task_rows(1)
    response = client.get("/sante/pret/")
    assert response.status_code == 503
    assert json.loads(response.content)["status"] == "unavailable"


def test_tasks_finished_or_scheduled_later_are_not_the_queue(client, settings, db):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    settings.HEALTH_MAX_QUEUE_DEPTH = 1
    task_rows(5, status="SUCCESSFUL")
    task_rows(5, status="FAILED")
    later = task_rows(5)
    DBTaskResult.objects.filter(pk__in=[row.pk for row in later]).update(
        run_after=timezone.now() + timedelta(hours=1)
    )
    body = json.loads(client.get("/sante/pret/").content)
    assert body["checks"]["queue"]["ready"] == 0


def test_redis_down_is_reported_without_taking_the_process_out(client, settings, db, caplog):
    settings.CACHES = BROKEN_REDIS
    response = client.get("/sante/pret/")
    body = json.loads(response.content)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["failed"] == ["cache"]
    assert body["checks"]["cache"]["ok"] is False
    assert "127.0.0.1:1" not in response.content.decode()  # the body is public
    warnings = [r for r in caplog.records if getattr(r, "event", "") == "health_check_failed"]
    assert [r.fields["check"] for r in warnings] == ["cache"]
    assert warnings[0].fields["error"]  # the details, for the operator only


def test_redis_down_takes_the_process_out_when_the_cache_is_critical(client, settings, db):
    settings.CACHES = BROKEN_REDIS
    settings.HEALTH_CRITICAL_CHECKS = ["database", "cache"]
    response = client.get("/sante/pret/")
    assert response.status_code == 503
    assert json.loads(response.content)["failed"] == ["cache"]


def test_an_unknown_critical_check_stops_the_start(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import rotative.settings.base as base

    monkeypatch.setenv("HEALTH_CRITICAL_CHECKS", "database,redis")
    with pytest.raises(ImproperlyConfigured, match="HEALTH_CRITICAL_CHECKS"):
        importlib.reload(base)
    monkeypatch.delenv("HEALTH_CRITICAL_CHECKS")
    importlib.reload(base)


def test_the_checks_are_not_for_search_engines(client, db):
    assert "Disallow: /sante/" in client.get("/robots.txt").content.decode()
