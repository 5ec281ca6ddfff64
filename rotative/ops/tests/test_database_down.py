"""The database is down: readers get a French page saying so, never a stack trace; the load
balancer's probes say which process can serve; the log says why, in one line a request."""

import json

import pytest

from rotative.ops.tests.server import Server

pytestmark = pytest.mark.slow

# Nothing listens on port 1; a folder that does not exist cannot hold a SQLite file.
UNREACHABLE = {
    "postgresql": "postgres://postgres@127.0.0.1:1/rotative",
    "sqlite": "sqlite:////nonexistent-rotative-folder/rotative.sqlite3",
}


@pytest.fixture(scope="module", params=sorted(UNREACHABLE))
def server_without_database(request, tmp_path_factory):
    server = Server(
        env={
            "DATABASE_URL": UNREACHABLE[request.param],
            "LOG_FORMAT": "json",
            "DATABASE_POOL_MIN_SIZE": "0",
            "DATABASE_POOL_TIMEOUT": "1",
        },
        var_dir=tmp_path_factory.mktemp("var"),
    )
    yield server
    server.stop()


def log_entries(server, since: int = 0) -> list[dict]:
    entries = []
    for line in server.log().splitlines()[since:]:
        if line.startswith("{"):
            entries.append(json.loads(line))
    return entries


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/", {}),
        ("/manche/", {}),
        ("/recherche/?q=digue", {}),
        # A logged-in reader: the session is read by the middleware, before any view.
        ("/", {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}),
    ],
)
def test_readers_get_a_french_503_page_without_a_traceback(server_without_database, path, headers):
    status, response_headers, body = server_without_database.get(path, headers)

    assert status == 503
    assert "Le site est momentanément indisponible" in body
    assert "réessayer dans quelques instants" in body
    assert response_headers["Retry-After"] == "30"
    assert response_headers["Cache-Control"] == "no-store"
    for leak in ("Traceback", "OperationalError", "psycopg", "sqlite3", "127.0.0.1:1"):
        assert leak not in body
    assert "Rotative" not in body  # never the software's name
    assert f'<a href="{path.replace("&", "&amp;")}">Réessayer</a>' in body


def test_the_retry_link_stays_on_the_site(server_without_database):
    status, _headers, body = server_without_database.get("//ailleurs.example/")
    assert status == 503
    assert '<a href="/ailleurs.example/">Réessayer</a>' in body


def test_the_log_says_why_in_one_line_per_request(server_without_database):
    since = len(server_without_database.log().splitlines())
    server_without_database.get("/")
    server_without_database.get("/manche/")

    entries = log_entries(server_without_database, since)
    unreachable = [entry for entry in entries if entry["event"] == "database_unreachable"]
    requests = [entry for entry in entries if entry["event"] == "request"]
    assert [entry["path"] for entry in unreachable] == ["/", "/manche/"]
    assert all(entry["level"] == "WARNING" and entry["error"] for entry in unreachable)
    assert [(entry["path"], entry["status"]) for entry in requests] == [
        ("/", 503),
        ("/manche/", 503),
    ]
    assert "Traceback" not in server_without_database.log()


def test_the_load_balancer_keeps_the_process_alive_but_not_ready(server_without_database):
    status, headers, body = server_without_database.get("/sante/")
    assert (status, body) == (200, "ok\n")

    status, headers, body = server_without_database.get("/sante/pret/")
    answer = json.loads(body)
    assert status == 503
    assert answer["status"] == "unavailable"
    assert answer["checks"]["database"]["ok"] is False
    assert "database" in answer["failed"]
    assert answer["checks"]["cache"]["ok"] is True
    assert "127.0.0.1:1" not in body and "nonexistent" not in body  # the address stays private
