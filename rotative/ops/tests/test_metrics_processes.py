"""Metrics of every process, and of the En direct streams open on them."""

import json
import subprocess
import sys
import textwrap
import time
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from rotative.live.tests.conftest import asgi_server, sse  # noqa: F401 (fixtures)
from rotative.ops.tests.server import BASE_DIR

TOKEN = "jeton-de-supervision-0123456789"


def samples(text: str) -> dict:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def scrape_over_http(base_url: str) -> dict:
    request = urllib.request.Request(  # noqa: S310 (a local http:// address)
        f"{base_url}/sante/metriques/", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (local)
        return samples(response.read().decode())


@pytest.mark.django_db(transaction=True)
def test_open_live_streams_are_counted(asgi_server, sse, settings):  # noqa: F811
    settings.METRICS_TOKEN = TOKEN
    assert scrape_over_http(asgi_server)[("rotative_live_connections", ())] == 0
    readers = [sse(asgi_server) for _ in range(3)]
    assert scrape_over_http(asgi_server)[("rotative_live_connections", ())] == 3
    readers[0].close()
    for _ in range(50):  # the server notices the disconnection within moments
        if scrape_over_http(asgi_server)[("rotative_live_connections", ())] == 2:
            break
        time.sleep(0.1)
    assert scrape_over_http(asgi_server)[("rotative_live_connections", ())] == 2


# Each process: counts a few requests and opens some streams, then the last one scrapes.
PROCESS = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    from rotative.ops import metrics
    requests, streams, scrape = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "scrape"
    for _ in range(requests):
        metrics.request_observe(method="GET", status=200, seconds=0.01)
    metrics.live_connections_set(streams)
    if scrape:
        print(json.dumps(metrics.exposition()[0].decode()))
    """
)


def run_process(folder, *arguments) -> str:
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "rotative.settings.test",
        "ROTATIVE_VAR_DIR": str(folder / "var"),
        "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics"),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROCESS, *map(str, arguments)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def test_with_a_shared_folder_a_scrape_sums_every_process(tmp_path):
    """uvicorn --workers 4: whichever process Prometheus reaches, it gets the whole count.
    Streams of a process that has gone (restarted, killed) no longer count."""
    run_process(tmp_path, 5, 40, "count")  # a worker that then exited, its streams with it
    run_process(tmp_path, 2, 0, "count")
    found = samples(json.loads(run_process(tmp_path, 3, 7, "scrape")))
    requests = ("rotative_http_requests_total", (("method", "GET"), ("status", "2xx")))
    assert found[requests] == 10
    assert found[("rotative_http_request_duration_seconds_count", ())] == 10
    assert found[("rotative_live_connections", ())] == 7  # only the living process's
    # No database in this folder: the scrape still answers, and says so.
    assert found[("rotative_metrics_database_up", ())] == 0
