"""The shipped Varnish configuration (deploy/varnish/) in front of the site, with Debian's
varnishd: what readers get from the cache, what a publication purges, what survives the
application being down. Skipped when varnishd is absent (scripts/ensure-varnish.sh installs
it), except where ROTATIVE_REQUIRE_VARNISH=1 (CI): there it fails. Run once, by `make test`.
"""

import gzip
import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from rotative.live.tests.conftest import free_port
from rotative.news.tests.factories import ArticlePageFactory, SectionPageFactory

# What Varnish does with the site's answers does not depend on the database: once, in the
# SQLite run of the suite (`make test`), keeps CI short.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.once]

DEPLOY = Path(__file__).resolve().parents[3] / "deploy" / "varnish"
VARNISHD = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin")


@pytest.fixture(scope="module")
def varnishd() -> str:
    if VARNISHD is None:
        if os.environ.get("ROTATIVE_REQUIRE_VARNISH") == "1":
            pytest.fail("varnishd is absent (scripts/ensure-varnish.sh installs Debian's)")
        pytest.skip("varnishd absent: apt-get install varnish (scripts/ensure-varnish.sh)")
    return VARNISHD


class Backend:
    """The site on uvicorn in a thread of this process, stopped and started again at will
    on the same port (the one the VCL names). `asked` lists the paths of the requests that
    reached it, Varnish's probes left out; `failing` makes it answer them with a 500 (the
    probes still pass: the application is up but failing)."""

    def __init__(self):
        self.port = free_port()
        self.server = None
        self.thread = None
        self.asked: list[str] = []
        self.failing = False

    def start(self):
        import uvicorn

        from rotative.asgi import application

        async def counted(scope, receive, send):
            if scope["type"] == "http" and scope["path"] != "/sante/":
                self.asked.append(scope["path"])
                if self.failing:
                    await send({"type": "http.response.start", "status": 500, "headers": []})
                    await send({"type": "http.response.body", "body": b"Erreur"})
                    return
            await application(scope, receive, send)

        config = uvicorn.Config(
            counted,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)

    def stop(self):
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def backend():
    server = Backend()
    server.start()
    yield server
    server.stop()
    from rotative.live.hub import hub

    hub.stop()


class Varnish:
    def __init__(self, port: int):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"

    def request(self, method, path, headers=None, body=None, source="127.0.0.1"):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=(source, 0)
        )
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            response.body = response.read()
            return response
        finally:
            connection.close()

    def get(self, path, **headers):
        return self.request("GET", path, headers=headers)

    def text(self, response) -> str:
        return response.body.decode()

    @staticmethod
    def outer_hit(response) -> bool:
        """Served from the outer layer's copy: X-Varnish names this request and the one
        that filled the copy (a copy just filled from the inner layer names only this one)."""
        return len(response.getheader("X-Varnish").split()) == 2


@pytest.fixture(scope="module")
def varnish(varnishd, backend):
    """varnishd in the foreground, unprivileged, with the shipped default.vcl and a
    backends.vcl pointing at the test's server (a probe every second) and at varnishd's own
    `layer` address (the inner layer)."""
    workdir = Path(tempfile.mkdtemp(prefix="rotative-varnish-"))
    shipped = (DEPLOY / "default.vcl").read_text()
    # The few seconds past its time a copy is served while the application answers: 1 s
    # instead of 10, so that the failing-application test need not wait that long.
    assert "set req.grace = 10s;" in shipped
    (workdir / "default.vcl").write_text(
        shipped.replace("set req.grace = 10s;", "set req.grace = 1s;")
    )
    shipped = (DEPLOY / "backends.vcl").read_text()
    port = free_port()
    layer_port = free_port()
    while layer_port == port:
        layer_port = free_port()
    (workdir / "backends.vcl").write_text(
        shipped.replace('.port = "8001"', f'.port = "{backend.port}"')
        .replace('.port = "6089"', f'.port = "{layer_port}"')
        .replace("Host: www.example.fr", "Host: 127.0.0.1")
        # Probed every second, so that a stopped backend is seen in the grace test; the
        # shipped 2 s to answer, as the in-process server shares its interpreter with the
        # tests and a loaded machine can hold a probe past a shorter limit (then every pass
        # request got Varnish's 503: CI saw it with the load average at 11).
        .replace(".interval = 5s", ".interval = 1s")
    )
    process = subprocess.Popen(  # noqa: S603 (our own fixed command line)
        [
            varnishd,
            "-F",
            "-j",
            "none",
            "-n",
            str(workdir / "n"),
            "-a",
            f"127.0.0.1:{port}",
            "-a",
            f"layer=127.0.0.1:{layer_port}",
            "-T",
            "none",
            "-f",
            str(workdir / "default.vcl"),
            "-s",
            "malloc,32m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"varnishd stopped: {process.stderr.read().decode()}")
            assert time.monotonic() < deadline, "varnishd did not listen"
            time.sleep(0.1)
    yield Varnish(port)
    process.terminate()
    process.wait(10)
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def front(varnish, backend, settings):
    """The site as readers reach it: through Varnish, which the application purges; an
    empty cache for each test."""
    settings.SITE_URL = varnish.url
    settings.VARNISH_URLS = [varnish.url]
    assert varnish.request("BAN", "/", headers={"Host": f"127.0.0.1:{varnish.port}"}).status == 200
    return varnish


def retouch(article, title):
    article.title = title
    article.save_revision().publish()


def test_the_shipped_configuration_compiles(varnishd, tmp_path):
    result = subprocess.run(  # noqa: S603 (our own fixed command line)
        [varnishd, "-C", "-j", "none", "-n", str(tmp_path), "-f", str(DEPLOY / "default.vcl")],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]


def test_an_anonymous_reader_gets_the_cached_copy(front, section):
    first = front.get(section.url)
    assert first.status == 200 and first.getheader("X-Cache") == "miss"
    second = front.get(section.url, Cookie="csrftoken=abc")  # a token changes nothing
    assert second.getheader("X-Cache") == "hit"
    assert int(second.getheader("Age")) >= 0
    assert second.body == first.body


def test_a_logged_in_reader_and_every_post_reach_the_application(front, section, settings):
    from django.contrib.auth import get_user_model
    from django.test import Client

    reader = get_user_model().objects.create_user(
        username="lectrice", email="lectrice@example.fr", password="Lectrice-2026!"
    )
    client = Client()
    client.force_login(reader)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    front.get(section.url)
    for _ in range(2):
        mine = front.get(section.url, Cookie=f"{settings.SESSION_COOKIE_NAME}={session}")
        assert mine.getheader("X-Cache") == "pass"
        assert "Se déconnecter" in front.text(mine)
    assert "Se déconnecter" not in front.text(front.get(section.url))  # never kept for others
    for _ in range(2):
        posted = front.request(
            "POST",
            "/newsletter/inscription/",
            body="email=",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert posted.getheader("X-Cache") == "pass"


def test_publishing_purges_the_pages_that_show_the_article_and_no_other(front, home):
    calvados = SectionPageFactory(parent=home, title="Calvados", slug="calvados")
    manche = SectionPageFactory(parent=home, title="Manche", slug="manche")
    article = ArticlePageFactory(
        parent=calvados, title="La foire de Lessay", slug="foire", tags=["Foire"]
    )
    other = ArticlePageFactory(
        parent=manche, title="Le marché de Bayeux", slug="marche", tags=["Marché"]
    )
    showing = [article.url, calvados.url, "/", "/sujets/foire/", "/rss.xml", "/calvados/rss.xml"]
    elsewhere = [other.url, manche.url, "/sujets/marche/"]
    for path in showing + elsewhere:
        assert front.get(path).status == 200, path
        assert front.get(path).getheader("X-Cache") == "hit", path

    retouch(article, "La foire de Lessay attire les foules")

    for path in showing:
        response = front.get(path)
        assert response.getheader("X-Cache") == "miss", path
        assert "La foire de Lessay attire les foules" in front.text(response), path
    for path in elsewhere:
        assert front.get(path).getheader("X-Cache") == "hit", path


def test_a_new_alert_reaches_every_page_without_asking_the_application_for_them(
    front, backend, home
):
    calvados = SectionPageFactory(parent=home, title="Calvados", slug="calvados")
    manche = SectionPageFactory(parent=home, title="Manche", slug="manche")
    other = ArticlePageFactory(parent=manche, title="Le marché de Bayeux")
    gzipped = {"Accept-Encoding": "gzip"}
    for headers in ({}, gzipped):  # both copies of the outer layer
        front.get(other.url, **headers)
        kept = front.get(other.url, **headers)
        assert front.outer_hit(kept)
    assert "Alerte info" not in front.text(kept := front.get(other.url))

    alert = ArticlePageFactory(parent=calvados, title="Incendie à la raffinerie")
    del backend.asked[:]
    alert.is_breaking = True
    alert.full_clean()
    alert.save_revision().publish()  # the application purges the banner

    response = front.get(other.url)
    assert response.getheader("X-Cache") == "hit"  # from the cache's own copy of the page…
    assert "Incendie à la raffinerie" in front.text(response)  # …with the new banner
    assert "esi:include" not in front.text(response)
    compressed = front.get(other.url, **gzipped)
    assert "Incendie à la raffinerie" in gzip.decompress(compressed.body).decode()
    assert front.outer_hit(front.get(other.url)) and front.outer_hit(
        front.get(other.url, **gzipped)
    )
    assert other.url not in backend.asked  # the banner was, not the page
    assert "/fragments/alerte-info/" in backend.asked


def test_a_correction_shows_at_once_in_every_copy(front, section):
    article = ArticlePageFactory(parent=section, title="Le pont est fermé")
    gzipped = {"Accept-Encoding": "gzip"}
    for headers in ({}, gzipped):
        front.get(article.url, **headers)
        assert front.outer_hit(front.get(article.url, **headers))

    retouch(article, "Rectificatif : le pont reste ouvert")

    plain = front.get(article.url)
    assert plain.getheader("X-Cache") == "miss"
    assert "le pont reste ouvert" in front.text(plain)
    compressed = front.get(article.url, **gzipped)
    assert "le pont reste ouvert" in gzip.decompress(compressed.body).decode()


def test_a_client_cannot_reach_the_inner_layer_with_its_headers(front, backend, section):
    """The layers are told apart by the address a request reaches (varnishd -a layer=…),
    never by a header: what a client sends in the outer layer's or the inner's headers
    changes nothing, and no page with its ESI tag left in is ever kept for others."""
    spoofs = [
        {"x-outer": "plain"},
        {"x-outer": ""},
        {"x-esi": "1"},
        {"x-assembled": "1"},
        {"Surrogate-Capability": "abc=ESI/1.0"},
    ]
    for headers in spoofs:
        first = front.get(section.url, **headers)
        assert "esi:include" not in front.text(first), headers
    expected = front.get(section.url)
    for headers in spoofs:
        response = front.get(section.url, **headers)
        assert front.outer_hit(response), headers
        assert response.body == expected.body, headers
    assert backend.asked.count(section.url) == 1


def test_text_is_compressed_for_readers_who_accept_it(front, section):
    plain = front.get(section.url)  # http.client says Accept-Encoding: identity
    assert plain.getheader("Content-Encoding") is None
    compressed = front.get(section.url, **{"Accept-Encoding": "gzip"})
    assert compressed.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(compressed.body) == plain.body
    assert len(compressed.body) < len(plain.body) / 2
    # Each kept as it is sent (no inflating on every hit for a client without gzip): the
    # gzipped copy was filled apart from the plain one, and each is a hit now.
    assert not front.outer_hit(compressed)
    for headers in ({}, {"Accept-Encoding": "gzip"}, {"Accept-Encoding": "br;q=1, gzip;q=0"}):
        again = front.get(section.url, **headers)
        assert front.outer_hit(again), headers
    assert again.body == plain.body


def test_the_push_stream_passes_through_as_it_is_written(front, home):
    from rotative.live import services as live_services

    with socket.create_connection(("127.0.0.1", front.port), timeout=5) as stream:
        stream.sendall(
            b"GET /en-direct/flux/?canal=site HTTP/1.1\r\n"
            + f"Host: 127.0.0.1:{front.port}\r\n".encode()
            + b"Accept: text/event-stream\r\nAccept-Encoding: gzip\r\n\r\n"
        )
        received = read_until(stream, b"retry:")  # subscribed: nothing published is missed
        assert b"text/event-stream" in received
        assert b"content-encoding" not in received.lower()
        live_services.live_entry_publish(author=None, body="<p>Le pont rouvre a 18 h.</p>")
        assert b"Le pont rouvre a 18 h." in read_until(stream, b"Le pont rouvre a 18 h.")


def read_until(sock, marker: bytes, timeout: float = 5) -> bytes:
    """What the socket gives until `marker` shows, within `timeout` seconds."""
    data = b""
    deadline = time.monotonic() + timeout
    while marker not in data:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            raise AssertionError(f"{marker!r} not received within {timeout} s") from None
        assert chunk, "connection closed"
        data += chunk
    return data


def test_only_the_application_hosts_may_purge(front, section):
    front.get(section.url)
    host = {"Host": f"127.0.0.1:{front.port}"}
    # 127.0.0.2 is this machine too, but not in the shipped `purgers` ACL.
    refused = front.request("PURGE", section.url, headers=host, source="127.0.0.2")
    assert refused.status == 405
    assert front.request("BAN", "/", headers=host, source="127.0.0.2").status == 405
    assert front.get(section.url).getheader("X-Cache") == "hit"
    assert front.request("PURGE", section.url, headers=host).status == 200
    assert front.get(section.url).getheader("X-Cache") == "miss"


def assert_stale_copy_or_outage_page(front, article, section):
    """While the application cannot answer: the article kept is served stale, and a page
    never kept gets Varnish's own « Site momentanément indisponible »."""
    stale = front.get(article.url)
    assert stale.status == 200
    assert stale.getheader("X-Cache") == "hit-stale"
    assert "La foire de Lessay" in front.text(stale)
    never_cached = front.get(section.url)
    assert never_cached.status == 503
    assert "Site momentanément indisponible" in front.text(never_cached)


def test_stale_pages_are_served_while_the_application_is_down(front, backend, section, settings):
    settings.CACHE_PAGE_SECONDS = 1
    article = ArticlePageFactory(parent=section, title="La foire de Lessay")
    fresh = front.get(article.url)
    assert fresh.status == 200
    backend.stop()
    try:
        time.sleep(1.5)  # past the page's time in the cache
        assert_stale_copy_or_outage_page(front, article, section)
    finally:
        backend.start()


def test_a_failing_application_is_answered_with_the_stale_copy(front, backend, section, settings):
    """The application answers, with errors (its database gone, say): a copy past the few
    seconds of grace a healthy application gets is still served, by the retry that takes
    any copy in grace."""
    settings.CACHE_PAGE_SECONDS = 1
    article = ArticlePageFactory(parent=section, title="La foire de Lessay")
    assert front.get(article.url).status == 200
    backend.failing = True
    try:
        time.sleep(2.5)  # past the page's time and the 1 s of grace (the fixture's)
        assert_stale_copy_or_outage_page(front, article, section)
    finally:
        backend.failing = False
