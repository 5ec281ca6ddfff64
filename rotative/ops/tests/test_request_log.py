"""One line per request in the log: method, path, status, duration; JSON for a collector."""

import json
import logging

import pytest

from rotative.core.logformat import JsonFormatter


@pytest.fixture
def request_lines(caplog):
    caplog.set_level(logging.INFO, logger="rotative.request")

    def lines():
        return [r for r in caplog.records if r.name == "rotative.request"]

    return lines


def test_each_request_is_one_json_line_with_its_status_and_duration(client, db, request_lines):
    client.get("/robots.txt")
    client.get("/cette-page-n-existe-pas/")

    records = request_lines()
    lines = [JsonFormatter().format(record) for record in records]
    assert all("\n" not in line for line in lines)
    entries = [json.loads(line) for line in lines]
    assert [(e["event"], e["method"], e["path"], e["status"]) for e in entries] == [
        ("request", "GET", "/robots.txt", 200),
        ("request", "GET", "/cette-page-n-existe-pas/", 404),
    ]
    assert all(isinstance(e["duration_ms"], float) and e["duration_ms"] >= 0 for e in entries)
    assert all(e["level"] == "INFO" for e in entries)


def test_the_query_string_is_never_logged(client, db, request_lines):
    client.get("/recherche/", {"q": "mon voisin a volé ma tondeuse", "token": "s3cr3t"})
    [record] = request_lines()
    line = JsonFormatter().format(record)
    assert json.loads(line)["path"] == "/recherche/"
    assert "tondeuse" not in line and "s3cr3t" not in line


def test_secret_links_are_logged_without_their_token(client, db, request_lines):
    from rotative.newsletter.links import preferences_url
    from rotative.newsletter.tests.factories import SubscriberFactory

    subscriber = SubscriberFactory()
    url = preferences_url(subscriber)
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert client.get(url).status_code == 200

    [record] = request_lines()
    line = JsonFormatter().format(record)
    assert json.loads(line)["path"] == "/newsletter/preferences/<token>/"
    assert token not in line


def test_server_errors_are_warnings(client, db, request_lines, settings):
    settings.HEALTH_CRITICAL_CHECKS = ["database", "queue"]
    settings.HEALTH_MAX_QUEUE_DEPTH = -1
    client.get("/sante/pret/")
    [record] = request_lines()
    assert record.levelname == "WARNING"
    assert record.fields["status"] == 503


def test_the_load_balancers_probes_are_not_logged_while_they_succeed(client, db, request_lines):
    for _ in range(3):
        client.get("/sante/")
        client.get("/sante/pret/")
    assert request_lines() == []
