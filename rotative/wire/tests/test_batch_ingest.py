"""Deliveries by batch (one transaction, a savepoint per file, issue 20): every story comes
out as Wagtail's own add_child / save_revision / publish would make it, fresh at once."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, ReferenceIndex, Revision

from rotative.news.models import ArticlePage
from rotative.news.tests.factories import SectionPageFactory
from rotative.newsletter.models import Alert
from rotative.wire import services
from rotative.wire.models import Dispatch, PublishingRule, QuarantinedFile, TopicMapping, WireSource
from rotative.wire.parsing import parse
from rotative.wire.tests.test_ingest import g2_text

BODY_WORDS = ("Les pompiers sont intervenus à 200 reprises.", "Des routes coupées")


@pytest.fixture
def desk(home, tmp_path, settings):
    settings.WIRE_DROP_ROOT = tmp_path
    section = SectionPageFactory(parent=home, title="Manche", slug="manche")
    source = WireSource.objects.create(
        name="AFP", kind="folder", path=str(tmp_path), default_section=section
    )
    PublishingRule.objects.create(name="Tout", source=source, max_urgency=9, section=section)
    TopicMapping.objects.create(
        qcode="medtop:06000000", label="environnement", tags="Environnement"
    )
    return source


def deliver(folder, *names_and_bodies):
    for name, body in names_and_bodies:
        (folder / name).write_bytes(body)


@pytest.mark.django_db(transaction=True)  # the search index is written after the commit
def test_each_story_of_a_batch_is_online_in_its_history_tagged_and_found(
    client, admin_client, desk, tmp_path
):
    deliver(
        tmp_path,
        ("01.xml", g2_text(guid="urn:x:1", headline="Tempête sur le Cotentin")),
        ("02.xml", g2_text(guid="urn:x:2", headline="Le port de Granville rouvre")),
    )
    report = services.wire_source_run(source=desk)
    assert (report.items, report.published, report.failed) == (2, 2, 0)

    for title in ("Tempête sur le Cotentin", "Le port de Granville rouvre"):
        article = ArticlePage.objects.get(title=title)
        html = client.get(article.url).content.decode()
        assert title in html and "Cherbourg (AFP)." in html
        assert all(words in html for words in BODY_WORDS)
        assert [tag.name for tag in article.tags.all()] == ["Environnement"]
        # Live, with one revision that is both the latest and the live one.
        assert article.live and not article.has_unpublished_changes
        assert article.first_published_at == article.last_published_at is not None
        assert article.live_revision_id == article.latest_revision_id
        revision = Revision.page_revisions.get(object_id=str(article.pk))
        assert revision.pk == article.live_revision_id
        assert revision.as_object().title == title
        # The editor's history: created and published, that revision, in the admin.
        actions = PageLogEntry.objects.filter(page=article).values_list("action", "revision")
        assert sorted(actions) == [("wagtail.create", None), ("wagtail.publish", revision.pk)]
        history = admin_client.get(reverse("wagtailadmin_pages:history", args=[article.pk]))
        assert history.status_code == 200
        # "Usage" of the tag (the reference index) and the site search know it.
        assert ReferenceIndex.get_references_for_object(article).exists()
        found = client.get(reverse("search"), {"q": title}).content.decode()
        assert article.url in found
        # The topic alert of a first publication, once.
        assert Alert.objects.filter(article=article, kind=Alert.Kind.TOPIC).count() == 1


@pytest.mark.django_db
def test_a_story_made_by_the_batch_holds_what_wagtails_own_publish_makes(desk):
    """The same dispatch published by Wagtail's three saves and by the batch: same page."""
    services.wire_ingest_bytes(data=g2_text(guid="urn:x:fast"), source=desk)
    fast = ArticlePage.objects.get()
    item = parse(g2_text(guid="urn:x:slow"))[0]
    dispatch = services.dispatch_store(item=item, source=desk)
    slow = services.dispatch_publish(dispatch=dispatch, section=desk.default_section, live=False)
    slow.get_latest_revision().publish()
    slow = ArticlePage.objects.get(pk=slow.pk)

    def page_fields(page):
        return {
            "title": page.title,
            "draft_title": page.draft_title,
            "chapo": page.chapo,
            "body": [(b.block_type, str(b.value)) for b in page.body],
            "dateline": page.dateline,
            "agency": page.agency,
            "live": page.live,
            "has_unpublished_changes": page.has_unpublished_changes,
            "depth": page.depth,
            "locale": page.locale_id,
            "content_type": page.content_type_id,
            "tags": sorted(t.name for t in page.tags.all()),
            "revisions": page.revisions.count(),
            "live_is_latest": page.live_revision_id == page.latest_revision_id,
            "url_path_parent": page.url_path.rsplit("/", 2)[0],
            "parent": page.get_parent().pk,
        }

    assert page_fields(fast) == page_fields(slow)
    section = desk.default_section
    section.refresh_from_db()
    assert section.numchild == 2 == section.get_children().count()
    assert not ArticlePage.find_problems()[0]  # treebeard: no orphan, no bad path
    ignored = {"pk", "path", "slug", "url_path", "translation_key", "latest_revision"}
    ignored |= {"live_revision", "first_published_at", "last_published_at"}
    ignored |= {"latest_revision_created_at", "tagged_items", "body"}
    # Wagtail snapshots its draft before publishing it; a page born live is live in its one.
    ignored |= {"live", "has_unpublished_changes"}
    fast_content = {k: v for k, v in fast.live_revision.content.items() if k not in ignored}
    slow_content = {k: v for k, v in slow.live_revision.content.items() if k not in ignored}
    assert fast_content == slow_content


@pytest.mark.django_db
def test_an_agency_update_is_a_second_revision_shown_at_once(client, desk):
    services.wire_ingest_bytes(data=g2_text(), source=desk)
    article = ArticlePage.objects.get()
    assert "Tempête sur le Cotentin" in client.get(article.url).content.decode()
    update = g2_text(version=2, headline="Tempête : deux blessés à Cherbourg")
    services.wire_ingest_bytes(data=update, source=desk)
    article = ArticlePage.objects.get()
    assert article.revisions.count() == 2
    assert article.live_revision_id == article.latest_revision_id
    html = client.get(article.url).content.decode()
    assert "Tempête : deux blessés à Cherbourg" in html
    assert Dispatch.objects.get(version=2).article_id == article.pk


@pytest.mark.django_db
def test_a_malformed_file_in_the_middle_of_a_batch_quarantines_only_itself(desk, tmp_path):
    deliver(
        tmp_path,
        ("01.xml", g2_text(guid="urn:x:1", headline="Le bac repart")),
        ("02.xml", b"<newsItem><pas-fini>"),
        ("03.xml", g2_text(guid="urn:x:3", headline="La digue tient bon")),
    )
    report = services.wire_source_run(source=desk)
    assert (report.items, report.published, report.quarantined) == (2, 2, 1)
    assert QuarantinedFile.objects.get().filename == "02.xml"
    assert set(ArticlePage.objects.live().values_list("title", flat=True)) == {
        "Le bac repart",
        "La digue tient bon",
    }
    assert not any(p.is_file() for p in tmp_path.iterdir())  # all three taken in


@pytest.mark.django_db
def test_a_batch_whose_commit_fails_leaves_every_file_for_the_next_poll(
    desk, tmp_path, monkeypatch
):
    """The database gone at the end of a batch: nothing is half-kept, nothing is moved."""
    from rotative.wire.services import ingest

    deliver(
        tmp_path,
        ("01.xml", g2_text(guid="urn:x:1", headline="Le bac repart")),
        ("02.xml", g2_text(guid="urn:x:2", headline="La digue tient bon")),
    )
    monkeypatch.setattr(ingest.transaction, "get_rollback", lambda: True)
    report = services.wire_source_run(source=desk)
    assert (report.items, report.failed) == (0, 2)
    assert not ArticlePage.objects.exists() and not Dispatch.objects.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["01.xml", "02.xml"]
    monkeypatch.undo()
    assert services.wire_source_run(source=desk).published == 2


@pytest.mark.django_db
def test_a_new_story_costs_a_bounded_number_of_statements(desk, django_assert_max_num_queries):
    """The speed-up of issue 20, locked: a new delivery to a live article (dispatch, page,
    revision, history, reference index, alert row) in at most 31 statements, savepoints
    included, rules and mappings read (86 with Wagtail's three saves and inline tasks)."""
    services.wire_ingest_bytes(data=g2_text(guid="urn:x:premier"), source=desk)
    with django_assert_max_num_queries(31):
        services.wire_ingest_bytes(
            data=g2_text(guid="urn:x:second", headline="Le port rouvre"), source=desk
        )
    assert ArticlePage.objects.live().count() == 2


@pytest.mark.django_db(transaction=True)  # the alerts go out after the batch's commit
def test_a_batch_alerts_the_sections_followers_of_each_story_in_one_task(
    desk, tmp_path, smtp_server, monkeypatch
):
    """A batch's stories (fifty a transaction): their topic alerts go in one task, not one
    each, every follower gets each story's alert, a malformed file among them changes
    nothing (core.tests.test_batching: what a file undone in its savepoint had queued is
    left out)."""
    from rotative.newsletter import services as newsletter
    from rotative.newsletter import tasks
    from rotative.newsletter.tests.factories import SubscriberFactory

    newsletter.subscriber_preferences_update(
        subscriber=SubscriberFactory(email="manche@example.fr"),
        morning=True,
        breaking=False,
        sections=[PublishingRule.objects.get().section],
        tags=[],
        communes=[],
    )
    queued = []
    task = tasks.send_alerts

    class Counted:  # the real task, its calls counted
        def enqueue(self, ids):
            queued.append(ids)
            return task.enqueue(ids)

    monkeypatch.setattr(tasks, "send_alerts", Counted())
    deliver(
        tmp_path,
        ("01.xml", g2_text(guid="urn:x:1", headline="Le bac repart")),
        ("02.xml", b"<newsItem><pas-fini>"),
        ("03.xml", g2_text(guid="urn:x:3", headline="La digue tient bon")),
        ("04.xml", g2_text(guid="urn:x:4", headline="Le marché rouvre")),
    )
    assert services.wire_source_run(source=desk).published == 3

    assert len(queued) == 1 and len(queued[0]) == 3
    received = [  # after the confirmation of the subscription
        m for m in smtp_server.wait_for(4) if str(m["Subject"]).strip().startswith("Manche")
    ]
    assert sorted(str(m["Subject"]).strip() for m in received) == [
        "Manche : La digue tient bon",
        "Manche : Le bac repart",
        "Manche : Le marché rouvre",
    ]
    assert {m["To"] for m in received} == {"manche@example.fr"}
