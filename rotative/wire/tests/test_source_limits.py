"""Agency sources reach what they are meant to and nothing else: public web addresses (checked
at each connection and redirect), folders under the drop root; refused with the reason shown
on the source, and nothing ingested."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from rotative.wire import guard, pictures, services
from rotative.wire.models import Dispatch, QuarantinedFile, WireSource
from rotative.wire.tests.test_ingest import Feed, g2_text
from rotative.wire.tests.test_views import editor  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

NOT_PUBLIC = "Adresse refusée : {} n'est pas une adresse publique."


@pytest.fixture
def feed(settings):
    """A feed on 127.0.0.1 that would answer a dispatch to whoever asked (not allowed)."""
    settings.WIRE_ALLOWED_PRIVATE_NETWORKS = []
    Feed.body, Feed.requests = g2_text(), []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def connections(monkeypatch):
    """Every connection the server opens: recorded and refused, nothing leaves the machine."""
    opened = []

    def create_connection(address, *args, **kwargs):
        opened.append(address)
        raise ConnectionRefusedError("refused by the test")

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return opened


def http_source(url: str) -> WireSource:
    # Made directly, as a row saved before the admin form checked anything.
    return WireSource.objects.create(name="Agence", kind="http", url=url)


def assert_refused(source: WireSource, reason: str) -> None:
    source.refresh_from_db()
    assert source.last_run_at is not None
    assert reason in source.last_error
    assert not Dispatch.objects.exists() and not QuarantinedFile.objects.exists()


def test_an_http_source_on_the_loopback_is_refused_and_nothing_is_ingested(feed):
    source = http_source(feed + "/flux.xml")
    report = services.wire_source_run(source=source)
    assert report.items == 0
    assert_refused(source, NOT_PUBLIC.format("127.0.0.1"))
    assert Feed.requests == []  # never reached


def test_a_host_name_that_resolves_to_the_loopback_is_refused(feed):
    source = http_source(feed.replace("127.0.0.1", "localhost") + "/flux.xml")
    services.wire_source_run(source=source)
    source.refresh_from_db()
    assert "n'est pas une adresse publique" in source.last_error
    assert Feed.requests == [] and not Dispatch.objects.exists()


def test_the_cloud_metadata_address_is_never_contacted(connections):
    source = http_source("http://169.254.169.254/latest/meta-data/")
    services.wire_source_run(source=source)
    assert_refused(source, NOT_PUBLIC.format("169.254.169.254"))
    assert connections == []


class Redirect(BaseHTTPRequestHandler):
    target = ""

    def do_GET(self):  # noqa: N802
        self.send_response(302)
        self.send_header("Location", Redirect.target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_redirect_to_the_loopback_is_refused(feed, settings):
    # The agency's server is on an allowed private link (127.0.0.2); it redirects to 127.0.0.1.
    settings.WIRE_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.2/32"]
    server = ThreadingHTTPServer(("127.0.0.2", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Redirect.target = feed + "/flux.xml"
    try:
        source = http_source(f"http://127.0.0.2:{server.server_port}/flux.xml")
        services.wire_source_run(source=source)
    finally:
        server.shutdown()
        server.server_close()
    assert_refused(source, NOT_PUBLIC.format("127.0.0.1"))
    assert Feed.requests == []


def test_an_allowed_private_network_is_reached(feed, settings):
    settings.WIRE_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.0/8"]
    source = http_source(feed + "/flux.xml")
    assert services.wire_source_run(source=source).items == 1
    source.refresh_from_db()
    assert source.last_error == ""


def test_an_agency_picture_on_an_internal_address_is_not_fetched(feed):
    picture = {"renditions": [{"href": feed + "/photo.jpg", "rendition": "rnd:highRes"}]}
    assert pictures.picture_import(picture, title="Digue") is None
    assert Feed.requests == []


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "2002:7f00:1::1",  # 6to4 around 127.0.0.1
    ],
)
def test_every_kind_of_internal_address_is_refused(address):
    with pytest.raises(guard.SourceRefused):
        guard.address_check(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address):
    guard.address_check(address)


# --- folders -------------------------------------------------------------------------------------


@pytest.fixture
def drop_root(settings, tmp_path):
    root = tmp_path / "wire-drop"
    (root / "afp").mkdir(parents=True)
    settings.WIRE_DROP_ROOT = root
    return root


@pytest.fixture
def outside(tmp_path):
    folder = tmp_path / "ailleurs"
    folder.mkdir()
    (folder / "secret.xml").write_bytes(g2_text())
    return folder


def add_folder_source(client, path: str):
    return client.post(
        reverse("wiresource:add"),
        {"name": "AFP", "kind": "folder", "path": path, "url": "", "poll_minutes": 2},
    )


def test_the_form_refuses_a_folder_outside_the_drop_root(client, editor, drop_root, outside):  # noqa: F811
    (drop_root / "lien").symlink_to(outside)
    for path in (str(outside), str(drop_root / "afp" / ".." / ".." / "ailleurs"), "lien", "/"):
        response = add_folder_source(client, path)
        assert response.status_code == 200
        assert "Dossier refusé" in response.content.decode()
        assert "n&#x27;est pas sous le dossier des dépôts d&#x27;agence" in (
            response.content.decode()
        )
    assert not WireSource.objects.exists()


def test_the_form_refuses_internal_and_non_http_addresses(client, editor):  # noqa: F811
    for url, reason in (
        ("http://127.0.0.1:8000/flux.xml", "n&#x27;est pas une adresse publique"),
        ("http://169.254.169.254/latest/", "n&#x27;est pas une adresse publique"),
        ("ftp://127.0.0.1/flux.xml", "seules les adresses http et https sont permises"),
    ):
        response = client.post(
            reverse("wiresource:add"),
            {"name": "AFP", "kind": "http", "path": "", "url": url, "poll_minutes": 2},
        )
        assert response.status_code == 200
        assert reason in response.content.decode()
    assert not WireSource.objects.exists()


def test_a_folder_source_outside_the_root_is_refused_at_poll_time(drop_root, outside):
    source = WireSource.objects.create(name="AFP", kind="folder", path=str(outside))
    services.wire_source_run(source=source)
    assert_refused(source, "Dossier refusé")
    assert [p.name for p in outside.iterdir()] == ["secret.xml"]  # not read, not moved


def test_a_folder_under_the_root_is_ingested_and_a_symlinked_file_is_not(
    client,
    editor,  # noqa: F811
    drop_root,
    outside,
):
    assert add_folder_source(client, "afp").status_code == 302
    source = WireSource.objects.get()
    (drop_root / "afp" / "depeche.xml").write_bytes(g2_text(guid="urn:x:ok"))
    (drop_root / "afp" / "piege.xml").symlink_to(outside / "secret.xml")

    report = services.wire_source_run(source=source)

    assert (report.items, report.failed) == (1, 1)
    assert list(Dispatch.objects.values_list("guid", flat=True)) == ["urn:x:ok"]
    source.refresh_from_db()
    assert "piege.xml : Fichier refusé : c'est un lien symbolique." in source.last_error
    assert (outside / "secret.xml").exists() and not QuarantinedFile.objects.exists()


def test_a_refused_source_does_not_stop_the_others_in_the_poll(drop_root, outside):
    from rotative.wire.tasks import wire_poll

    WireSource.objects.create(name="Ailleurs", kind="folder", path=str(outside))
    (drop_root / "afp" / "depeche.xml").write_bytes(g2_text(guid="urn:x:ok"))
    WireSource.objects.create(name="Zeta", kind="folder", path="afp")

    wire_poll.call()

    assert list(Dispatch.objects.values_list("guid", flat=True)) == ["urn:x:ok"]
    assert "Dossier refusé" in WireSource.objects.get(name="Ailleurs").last_error
    assert WireSource.objects.get(name="Zeta").last_error == ""
