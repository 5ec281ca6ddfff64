"""The plain new stories of a batch written together (services.batch): the same pages,
revisions, history, reference index, alerts and dispatches as one by one, in a number of
statements that hardly grows with the batch, and a failure that undoes only its own file."""

import json
import os

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageLogEntry, ReferenceIndex

from rotative.news.models import ArticlePage
from rotative.newsletter.models import Alert
from rotative.wire import services
from rotative.wire.models import Dispatch, ReceivedFile
from rotative.wire.services import batch
from rotative.wire.tests import test_batch_ingest
from rotative.wire.tests.test_batch_ingest import deliver
from rotative.wire.tests.test_ingest import article_build_failing, g2_text

desk = test_batch_ingest.desk  # the same desk: a section, a source, a rule, a topic's tag


@pytest.fixture
def bulk_runs(monkeypatch):
    """The sizes of the runs written together: proof that a test went the bulk way."""
    sizes = []
    real = batch.new_stories_write

    def counted(deliveries, *, source):
        sizes.append(len(deliveries))
        return real(deliveries, source=source)

    monkeypatch.setattr(batch, "new_stories_write", counted)
    return sizes


def deliver_in_order(folder, *names_and_bodies):
    """Files whose modification times follow their order (the batch reads oldest first)."""
    deliver(folder, *names_and_bodies)
    for n, (name, _body) in enumerate(names_and_bodies):
        os.utime(folder / name, (1_700_000_000 + n, 1_700_000_000 + n))


def page_state(article: ArticlePage) -> dict:
    """What a reader, an editor and the desk see of a story, ids and timestamps aside."""
    article = ArticlePage.objects.get(pk=article.pk)
    revision = article.live_revision
    ignored = {"pk", "path", "slug", "url_path", "translation_key", "latest_revision"}
    ignored |= {"live_revision", "first_published_at", "last_published_at", "title"}
    ignored |= {"latest_revision_created_at", "tagged_items", "draft_title"}
    ignored |= {"body"}  # its blocks' ids are random: compared without them below
    dispatch = Dispatch.objects.get(article=article)
    return {
        "fields": {
            "chapo": article.chapo,
            "body": [(b.block_type, str(b.value)) for b in article.body],
            "revision_body": [
                (b["type"], b["value"]) for b in json.loads(article.live_revision.content["body"])
            ],
            "dateline": article.dateline,
            "agency": article.agency,
            "live": article.live,
            "has_unpublished_changes": article.has_unpublished_changes,
            "depth": article.depth,
            "numchild": article.numchild,
            "locale": article.locale_id,
            "content_type": article.content_type_id,
            "owner": article.owner_id,
            "is_breaking": article.is_breaking,
            "breaking_until": article.breaking_until,
            "first_is_last_published": article.first_published_at == article.last_published_at,
            "url_path_parent": article.url_path.rsplit("/", 2)[0],
            "url_path_is_slug": article.url_path.rsplit("/", 2)[1] == article.slug,
            "parent": article.get_parent().pk,
        },
        "tags": sorted(tag.name for tag in article.tags.all()),
        "revisions": article.revisions.count(),
        "live_is_latest": article.live_revision_id == article.latest_revision_id,
        "revision_at": revision.created_at == article.latest_revision_created_at,
        "revision_str": revision.object_str == article.title,
        "revision_type": (revision.content_type_id, revision.base_content_type_id),
        "revision_content": {k: v for k, v in revision.content.items() if k not in ignored},
        "revision_title": revision.content["title"] == article.title,
        "history": sorted(
            (entry.action, entry.revision_id == revision.pk, entry.label == article.title)
            for entry in PageLogEntry.objects.filter(page=article)
        ),
        "references": sorted(
            (r.content_type_id, r.base_content_type_id, r.to_content_type_id, r.model_path)
            for r in ReferenceIndex.objects.filter(object_id=str(article.pk))
        ),
        "alerts": sorted(Alert.objects.filter(article=article).values_list("kind", flat=True)),
        "dispatch": (dispatch.status, dispatch.version, dispatch.source_id),
    }


@pytest.mark.django_db
def test_stories_written_together_are_those_written_one_by_one(desk, tmp_path, bulk_runs):
    """The same story by wire_ingest_bytes (article_publish_new, itself checked against
    Wagtail's own three saves in test_batch_ingest) and by a batch: the same rows; a headline
    already taken, then met twice in the batch, numbered -2 and -3."""
    services.wire_ingest_bytes(
        data=g2_text(guid="urn:x:seul", headline="Météo du jour"), source=desk
    )
    alone = ArticlePage.objects.get()
    assert bulk_runs == []
    deliver_in_order(
        tmp_path,
        ("01.xml", g2_text(guid="urn:x:1", headline="Météo du jour")),
        ("02.xml", g2_text(guid="urn:x:2", headline="Le port rouvre")),
        ("03.xml", g2_text(guid="urn:x:3", headline="Météo du jour")),
    )
    report = services.wire_source_run(source=desk)
    assert (report.files, report.items, report.published, report.failed) == (3, 3, 3, 0)
    assert bulk_runs == [3]

    together = [
        ArticlePage.objects.get(pk=Dispatch.objects.get(guid=f"urn:x:{n}").article_id)
        for n in (1, 2, 3)
    ]
    assert [a.slug for a in together] == ["meteo-du-jour-2", "le-port-rouvre", "meteo-du-jour-3"]
    assert alone.slug == "meteo-du-jour"
    for article in together:
        assert page_state(article) == page_state(alone)
        assert article.url_path == f"{alone.url_path.rsplit('/', 2)[0]}/{article.slug}/"
    section = desk.default_section
    section.refresh_from_db()
    assert section.numchild == 4 == section.get_children().count()
    assert not ArticlePage.find_problems()[0]  # treebeard: no orphan, no bad path
    assert sorted(a.path for a in together) == [a.path for a in together]  # in file order
    assert ReceivedFile.objects.filter(items=1).count() == 4


@pytest.mark.django_db
def test_a_batch_of_new_stories_costs_statements_that_hardly_grow_with_it(desk, tmp_path):
    """Per batch, not per story: 5 stories or 40 cost nearly the same number of statements
    (about 28 each one by one)."""

    def statements(first, count):
        folder = tmp_path / f"lot-{first}"
        folder.mkdir()
        deliver_in_order(
            folder,
            *[
                (f"{n:03}.xml", g2_text(guid=f"urn:x:{n}", headline=f"Dépêche numéro {n}"))
                for n in range(first, first + count)
            ],
        )
        with CaptureQueriesContext(connection) as queries:
            report = services.wire_ingest_path(path=folder, source=desk)
        assert report.published == count
        return len(queries)

    statements(0, 1)  # rules, mappings and tags read once
    five, forty = statements(100, 5), statements(200, 40)
    assert forty <= 30, forty
    assert forty - five <= 6, (five, forty)
    assert ArticlePage.objects.live().count() == 46


@pytest.mark.django_db
def test_a_story_that_fails_in_a_run_undoes_only_its_own_file(desk, tmp_path, monkeypatch):
    """The run's savepoint rolled back, its files taken one by one: the bad one fails and
    stays in place, the others are published once."""
    database_back = article_build_failing(monkeypatch, guid="urn:x:2")
    deliver_in_order(
        tmp_path,
        ("01.xml", g2_text(guid="urn:x:1", headline="Le port rouvre")),
        ("02.xml", g2_text(guid="urn:x:2", headline="Digue rompue")),
        ("03.xml", g2_text(guid="urn:x:3", headline="Le bac repart")),
    )
    report = services.wire_source_run(source=desk)
    assert (report.items, report.published, report.failed) == (2, 2, 1)
    assert "02.xml : DatabaseError : connexion perdue" in report.errors[0]
    assert sorted(ArticlePage.objects.values_list("title", flat=True)) == [
        "Le bac repart",
        "Le port rouvre",
    ]
    assert not Dispatch.objects.filter(guid="urn:x:2").exists()
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["02.xml"]
    assert Alert.objects.count() == 2

    database_back()
    assert services.wire_source_run(source=desk).published == 1
    assert ArticlePage.objects.filter(title="Digue rompue", live=True).count() == 1


@pytest.mark.django_db
def test_a_run_that_fails_after_its_pages_are_written_is_redone_without_a_trace(
    desk, tmp_path, monkeypatch
):
    """A failure late in the bulk write (pages, revisions written): nothing of it is kept,
    every story is then written by itself, once, and the tree is sound."""
    from rotative.news import page_writes

    def broken(**kwargs):
        raise DatabaseError("disque plein")

    monkeypatch.setattr(page_writes, "histories_log", broken)  # the bulk write's alone
    deliver_in_order(
        tmp_path,
        *[(f"{n}.xml", g2_text(guid=f"urn:x:{n}", headline="Météo du jour")) for n in range(3)],
    )
    report = services.wire_source_run(source=desk)
    assert (report.items, report.published, report.failed) == (3, 3, 0)
    slugs = sorted(ArticlePage.objects.values_list("slug", flat=True))
    assert slugs == ["meteo-du-jour", "meteo-du-jour-2", "meteo-du-jour-3"]
    assert Dispatch.objects.filter(status=Dispatch.Status.PUBLISHED).count() == 3
    published = PageLogEntry.objects.filter(
        action="wagtail.publish", page__in=ArticlePage.objects.all()
    )
    assert published.count() == 3
    assert Alert.objects.count() == ReceivedFile.objects.count() == 3
    section = desk.default_section
    section.refresh_from_db()
    assert section.numchild == 3 and not ArticlePage.find_problems()[0]


@pytest.mark.django_db
def test_an_update_in_the_batch_of_its_first_version(desk, tmp_path, bulk_runs):
    """Version 1 and 2 of a story in one batch go one by one, in their order, around the
    run of another new story: one article, its second revision live."""
    deliver_in_order(
        tmp_path,
        ("01.xml", g2_text(guid="urn:x:1", headline="Tempête sur le Cotentin")),
        ("02.xml", g2_text(guid="urn:x:2", headline="Le port rouvre")),
        ("03.xml", g2_text(guid="urn:x:1", version=2, headline="Tempête : deux blessés")),
        ("04.xml", g2_text(guid="urn:x:4", headline="Le bac repart")),
    )
    report = services.wire_source_run(source=desk)
    assert (report.items, report.published, report.failed) == (4, 4, 0)
    assert bulk_runs == [1, 1]
    article = ArticlePage.objects.get(slug="tempete-sur-le-cotentin")
    assert article.title == "Tempête : deux blessés"
    assert article.revisions.count() == 2 and article.live_revision_id == article.latest_revision_id
    statuses = dict(Dispatch.objects.filter(guid="urn:x:1").values_list("version", "status"))
    assert statuses == {1: Dispatch.Status.SUPERSEDED, 2: Dispatch.Status.PUBLISHED}
    assert Dispatch.objects.get(guid="urn:x:1", version=2).article_id == article.pk
    assert ArticlePage.objects.count() == 3
    assert Alert.objects.filter(article=article).count() == 1  # its first publication only


@pytest.mark.django_db
def test_a_file_delivered_twice_in_a_batch_and_a_story_held_by_the_desk(desk, tmp_path):
    """The same bytes twice: the second is a duplicate. A story no rule publishes (another
    language) waits, written with the run."""
    english = g2_text(guid="urn:x:en", headline="Storm").replace(
        b'<language tag="fr"/>', b'<language tag="en"/>'
    )
    deliver_in_order(
        tmp_path,
        ("01.xml", g2_text(guid="urn:x:1", headline="Le port rouvre")),
        ("02.xml", english),
        ("03.xml", g2_text(guid="urn:x:1", headline="Le port rouvre")),
    )
    report = services.wire_source_run(source=desk)
    assert (report.items, report.published, report.duplicates) == (2, 1, 1)
    assert Dispatch.objects.get(guid="urn:x:en").status == Dispatch.Status.PENDING
    assert ArticlePage.objects.count() == 1
    assert services.wire_source_run(source=desk).files == 0  # all three taken in


@pytest.mark.django_db
def test_alerts_once_per_story_and_kind_in_one_statement(desk, tmp_path):
    from rotative.newsletter import services as newsletter

    deliver_in_order(
        tmp_path,
        *[(f"{n}.xml", g2_text(guid=f"urn:x:{n}", headline=f"Dépêche {n}")) for n in range(3)],
    )
    services.wire_source_run(source=desk)
    assert Alert.objects.filter(kind=Alert.Kind.TOPIC).count() == 3
    article = ArticlePage.objects.first()
    with CaptureQueriesContext(connection) as queries:
        assert newsletter.article_published(article=article) == []  # already alerted
    assert len(queries) == 1
    assert Alert.objects.count() == 3
