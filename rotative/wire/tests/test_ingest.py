"""Deliveries end to end: drop folder, HTTP polling, the command, quarantine, pictures."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.core.management import call_command
from PIL import Image as PILImage

from rotative.news.models import ArticlePage
from rotative.news.tests.factories import SectionPageFactory
from rotative.wire import services
from rotative.wire.models import Dispatch, PublishingRule, QuarantinedFile, WireSource
from rotative.wire.parsing import Picture, Rendition
from rotative.wire.tests.factories import wire_item

G2 = "http://iptc.org/std/nar/2006-10-01/"


def g2_text(
    guid="urn:newsml:rotative.test:2026:depeche-1",
    version=1,
    headline="Tempête sur le Cotentin",
    urgency=2,
    extra_meta="",
    picture_href=None,
):
    """A NewsML-G2 text item written for these tests."""
    link = (
        f'<link rel="irel:seeAlso" residref="{guid}-photo" contenttype="image/jpeg"/>'
        if picture_href
        else ""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="{G2}" guid="{guid}" version="{version}"
          standard="NewsML-G2" standardversion="2.33">
  <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml"/>
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider literal="AFP"/>
    <versionCreated>2026-11-25T09:30:00Z</versionCreated>
    <firstCreated>2026-11-25T09:00:00Z</firstCreated>
    <pubStatus qcode="stat:usable"/>{extra_meta}
    {link}
  </itemMeta>
  <contentMeta>
    <urgency>{urgency}</urgency>
    <located><name>Cherbourg</name></located>
    <dateline>Cherbourg, 25 nov 2026 (AFP)</dateline>
    <creditline>AFP</creditline>
    <subject type="cpnat:abstract" qcode="medtop:06000000">
      <name xml:lang="fr">environnement</name>
    </subject>
    <language tag="fr"/>
    <headline>{headline}</headline>
    <description role="drol:summary">Des rafales à 130 km/h ont balayé la côte.</description>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>
      <body><p>Les pompiers sont intervenus à 200 reprises.</p><h2>Des routes coupées</h2>
      <p>La préfecture appelle à la prudence.</p></body></html>
    </inlineXML>
  </contentSet>
</newsItem>""".encode()


def article_build_failing(monkeypatch, *, guid: str):
    """The article of `guid`'s story cannot be made (a database error), whether it is written
    alone or with the batch's other new stories (services.batch); returns what puts it back."""
    from django.db import DatabaseError

    from rotative.wire.services import dispatches

    real_build = dispatches.article_build

    def build_failing(*, dispatch, slug):
        if dispatch.guid == guid:
            raise DatabaseError("connexion perdue")
        return real_build(dispatch=dispatch, slug=slug)

    monkeypatch.setattr(dispatches, "article_build", build_failing)
    return lambda: monkeypatch.setattr(dispatches, "article_build", real_build)


@pytest.fixture
def desk(home, tmp_path, settings):
    settings.WIRE_DROP_ROOT = tmp_path  # for this test only: the default root is var/wire-drop
    section = SectionPageFactory(parent=home, title="Manche", slug="manche")
    source = WireSource.objects.create(
        name="AFP", kind="folder", path=str(tmp_path), default_section=section
    )
    PublishingRule.objects.create(name="Urgent", source=source, max_urgency=3, section=section)
    return source


@pytest.mark.django_db
class TestDropFolder:
    def test_folder_is_ingested_bad_files_quarantined_others_continue(self, client, desk, tmp_path):
        (tmp_path / "01-bon.xml").write_bytes(g2_text())
        (tmp_path / "02-casse.xml").write_bytes(b"<newsItem><oops>")
        (tmp_path / "03-autre.xml").write_bytes(
            g2_text(guid="urn:x:2", headline="Le port rouvre", urgency=6)
        )
        report = services.wire_source_run(source=desk)
        assert (report.items, report.published, report.quarantined) == (2, 1, 1)
        desk.refresh_from_db()
        assert desk.last_run_at is not None and desk.last_items == 2
        assert "02-casse.xml" in desk.last_error
        quarantined = QuarantinedFile.objects.get()
        assert quarantined.reason and quarantined.original.read() == b"<newsItem><oops>"
        article = ArticlePage.objects.get()
        html = client.get(article.url).content.decode()
        assert "Cherbourg (AFP)." in html and "Des routes coupées" in html
        assert Dispatch.objects.get(guid="urn:x:2").status == Dispatch.Status.PENDING
        # Taken in, quarantined or not, files leave the drop folder: the next poll reads nothing.
        assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == []
        done = tmp_path / ".ingested"
        assert sorted(p.name for p in done.iterdir()) == [
            "01-bon.xml",
            "02-casse.xml",
            "03-autre.xml",
        ]
        assert services.wire_source_run(source=desk).files == 0
        # The agency delivers the same files again: recognised, nothing changes, all kept.
        for path in done.iterdir():
            (tmp_path / path.name).write_bytes(path.read_bytes())
        again = services.wire_source_run(source=desk)
        assert (again.items, again.quarantined, again.duplicates) == (0, 0, 3)
        assert QuarantinedFile.objects.count() == 1
        assert len(list(done.iterdir())) == 6

    def test_same_file_twice_changes_nothing(self, desk, tmp_path):
        (tmp_path / "depeche.xml").write_bytes(g2_text())
        services.wire_source_run(source=desk)
        before = (Dispatch.objects.count(), ArticlePage.objects.get().revisions.count())
        (tmp_path / "depeche.xml").write_bytes(g2_text())  # delivered once more
        report = services.wire_source_run(source=desk)
        assert report.items == 0 and report.duplicates == 1
        assert (Dispatch.objects.count(), ArticlePage.objects.get().revisions.count()) == before

    def test_a_file_that_fails_is_rolled_back_kept_and_retried(self, desk, tmp_path, monkeypatch):
        """A database error on one delivery: the others go through, that one waits in place."""
        database_back = article_build_failing(monkeypatch, guid="urn:x:panne")
        (tmp_path / "01.xml").write_bytes(g2_text(guid="urn:x:1", headline="Le port rouvre"))
        (tmp_path / "02.xml").write_bytes(g2_text(guid="urn:x:panne", headline="Digue rompue"))
        (tmp_path / "03.xml").write_bytes(g2_text(guid="urn:x:3", headline="Le bac repart"))
        report = services.wire_source_run(source=desk)
        assert (report.items, report.failed) == (2, 1)
        assert not Dispatch.objects.filter(guid="urn:x:panne").exists()  # rolled back whole
        assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["02.xml"]
        desk.refresh_from_db()
        assert "02.xml : DatabaseError : connexion perdue" in desk.last_error

        database_back()
        retry = services.wire_source_run(source=desk)
        assert (retry.items, retry.failed) == (1, 0)
        assert ArticlePage.objects.filter(title="Digue rompue", live=True).exists()

    def test_update_then_kill_from_the_agency(self, client, desk, tmp_path):
        services.wire_ingest_bytes(data=g2_text(), source=desk)
        article = ArticlePage.objects.get()
        url = article.url
        update = g2_text(
            version=2,
            headline="Tempête : le bilan s'alourdit",
            extra_meta='<signal qcode="sig:update"/>',
        )
        services.wire_ingest_bytes(data=update, source=desk)
        assert "le bilan s&#x27;alourdit" in client.get(url).content.decode()
        kill = g2_text(version=3).replace(b"stat:usable", b"stat:canceled")
        services.wire_ingest_bytes(data=kill, source=desk)
        assert client.get(url).status_code == 404

    def test_command_ingests_paths_and_named_sources(self, desk, tmp_path, capsys):
        (tmp_path / "a.xml").write_bytes(g2_text())
        call_command("wire_ingest", "AFP")
        assert "1 dépêche(s) nouvelle(s), 1 publiée(s)" in capsys.readouterr().out
        other = tmp_path / "autre"
        other.mkdir()
        (other / "b.xml").write_bytes(b"pas du xml")
        call_command("wire_ingest", str(other))
        captured = capsys.readouterr()
        assert "1 en quarantaine" in captured.out and "Quarantaine : b.xml" in captured.err


class Feed(BaseHTTPRequestHandler):
    body = b""
    picture = b""
    requests: list[dict] = []

    def do_GET(self):  # noqa: N802
        Feed.requests.append(dict(self.headers))
        if self.path.endswith(".jpg"):
            payload, kind = Feed.picture, "image/jpeg"
        elif self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        else:
            payload, kind = Feed.body, "application/xml"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("ETag", '"v1"')
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server(settings):
    # Loopback is refused to sources by default; this test's server is allowed, as an
    # agency's private link would be, for this test only.
    settings.WIRE_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Feed.requests = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.django_db
def test_http_source_is_polled_with_conditional_requests(desk, feed_server):
    Feed.body = g2_text()
    source = WireSource.objects.create(
        name="AFP HTTP",
        kind="http",
        url=feed_server + "/flux.xml",
        default_section=desk.default_section,
    )
    first = services.wire_source_run(source=source)
    second = services.wire_source_run(source=WireSource.objects.get(pk=source.pk))
    assert first.items == 1 and second.items == 0
    assert Feed.requests[-1].get("If-None-Match") == '"v1"'  # answered 304 Not Modified


@pytest.mark.django_db
def test_agency_picture_becomes_the_lead_image_with_caption_and_credit(desk, feed_server):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), (20, 60, 120)).save(buffer, "JPEG")
    Feed.picture = buffer.getvalue()
    picture = Picture(
        guid="p1",
        caption="La digue de Cherbourg battue par les vagues",
        credit="AFP",
        renditions=(Rendition(href=feed_server + "/photo.jpg", rendition="rnd:highRes"),),
    )
    item = services.dispatch_store(item=wire_item(pictures=(picture,)), source=desk)
    article = services.dispatch_publish(dispatch=item, section=desk.default_section)
    assert article.lead_image.caption == "La digue de Cherbourg battue par les vagues"
    assert article.lead_image.credit == "AFP"
    assert article.lead_image.width == 1200


@pytest.mark.django_db
def test_an_agency_story_with_a_picture_shows_it_to_search_engines_and_networks(
    desk, feed_server, client
):
    """The picture the wire brought is the page's og:image and its JSON-LD images."""
    import json

    from bs4 import BeautifulSoup

    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 1200), (20, 60, 120)).save(buffer, "JPEG")
    Feed.picture = buffer.getvalue()
    picture = Picture(
        guid="p1",
        caption="La digue de Cherbourg battue par les vagues",
        credit="AFP",
        renditions=(Rendition(href=feed_server + "/photo.jpg", rendition="rnd:highRes"),),
    )
    item = services.dispatch_store(item=wire_item(pictures=(picture,)), source=desk)
    article = services.dispatch_publish(dispatch=item, section=desk.default_section)
    page = BeautifulSoup(client.get(article.url).content.decode(), "html.parser")
    og_image = page.select_one("meta[property='og:image']")["content"]
    assert og_image.startswith(settings.SITE_URL + "/") and og_image.endswith(".jpg")
    assert page.select_one("meta[property='og:image:alt']")["content"]
    data = json.loads(page.select_one("script[type='application/ld+json']").string)
    assert len(data["image"]) == 3
    assert all(url.startswith(settings.SITE_URL + "/") for url in data["image"])
    assert data["author"] == {"@type": "Organization", "name": "AFP"}
