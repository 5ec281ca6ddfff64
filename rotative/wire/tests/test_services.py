"""What the agency's items do to the site: queue, rules, updates, kills, embargoes."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from rotative.news.models import ArticlePage
from rotative.news.tests.factories import SectionPageFactory
from rotative.wire import services
from rotative.wire.models import Dispatch, PublishingRule, TopicMapping
from rotative.wire.tests.factories import WireSourceFactory, wire_item


@pytest.fixture
def international(home):
    return SectionPageFactory(parent=home, title="International", slug="international")


@pytest.fixture
def afp(db):
    return WireSourceFactory(name="AFP")


def receive(source, **overrides):
    dispatch = services.dispatch_store(item=wire_item(**overrides), source=source)
    assert dispatch is not None
    services.dispatch_apply(dispatch=dispatch)
    dispatch.refresh_from_db()
    return dispatch


@pytest.mark.django_db
class TestQueueAndRules:
    def test_item_waits_in_the_queue_without_a_rule(self, afp, international):
        dispatch = receive(afp)
        assert dispatch.status == Dispatch.Status.PENDING
        assert not ArticlePage.objects.exists()

    def test_same_guid_and_version_is_stored_once(self, afp):
        receive(afp)
        assert services.dispatch_store(item=wire_item(), source=afp) is None
        assert Dispatch.objects.count() == 1

    def test_rule_publishes_urgent_items_with_dateline_and_credit(self, client, afp, international):
        PublishingRule.objects.create(
            name="Urgent", source=afp, max_urgency=3, section=international
        )
        dispatch = receive(afp, urgency=2)
        assert dispatch.status == Dispatch.Status.PUBLISHED
        article = dispatch.article
        assert article.live and article.get_parent().specific == international
        page = BeautifulSoup(client.get(article.url).content.decode(), "html.parser")
        title = page.select_one("h1").get_text(" ", strip=True)
        assert title == "Moscou (AFP). Syrie : reprise des pourparlers à Genève"
        assert page.select_one(".article__chapo").text.startswith("Les délégations")
        assert page.select_one(".article__body h2").text == "Un calendrier serré"

    def test_rule_ignores_less_urgent_items(self, afp, international):
        PublishingRule.objects.create(
            name="Urgent", source=afp, max_urgency=3, section=international
        )
        assert receive(afp, urgency=5).status == Dispatch.Status.PENDING

    def test_topic_table_chooses_section_and_tags(self, afp, international):
        TopicMapping.objects.create(
            qcode="medtop:11000000", section=international, tags="Politique, Diplomatie"
        )
        dispatch = receive(afp, urgency=6)
        article = services.dispatch_publish(dispatch=dispatch)
        assert article.get_parent().specific == international
        assert sorted(t.name for t in article.tags.all()) == ["Diplomatie", "Politique"]

    def test_recurring_headlines_get_distinct_addresses(self, afp, international):
        urls = set()
        for n in range(3):
            dispatch = receive(afp, guid=f"meteo-{n}", headline="La météo du jour", urgency=7)
            urls.add(services.dispatch_publish(dispatch=dispatch, section=international).url)
        assert urls == {
            "/international/la-meteo-du-jour/",
            "/international/la-meteo-du-jour-2/",
            "/international/la-meteo-du-jour-3/",
        }

    def test_without_section_the_editor_must_choose(self, afp):
        dispatch = receive(afp)
        with pytest.raises(services.NoSectionError):
            services.dispatch_publish(dispatch=dispatch)


@pytest.mark.django_db
class TestAgencyChanges:
    @pytest.fixture
    def published(self, afp, international):
        PublishingRule.objects.create(name="Tout", source=afp, max_urgency=9, section=international)
        return receive(afp).article

    def test_new_version_updates_the_same_page(self, client, afp, published):
        url = published.url
        receive(afp, version=2, signals=("update",), headline="Syrie : les pourparlers suspendus")
        page = ArticlePage.objects.get(pk=published.pk)
        assert page.url == url and page.title == "Syrie : les pourparlers suspendus"
        assert page.revisions.count() >= 2
        assert "les pourparlers suspendus" in client.get(url).content.decode()
        assert Dispatch.objects.get(version=1).status == Dispatch.Status.SUPERSEDED

    def test_kill_unpublishes_the_article(self, client, afp, published):
        url = published.url
        dispatch = receive(afp, version=2, pub_status="canceled", signals=("kill",))
        assert dispatch.status == Dispatch.Status.KILLED
        assert not ArticlePage.objects.get(pk=published.pk).live
        assert client.get(url).status_code == 404

    def test_older_version_arriving_late_changes_nothing(self, afp, published):
        receive(afp, version=3, headline="Version trois")
        late = receive(afp, version=2, headline="Version deux")
        assert late.status == Dispatch.Status.SUPERSEDED
        assert ArticlePage.objects.get(pk=published.pk).title == "Version trois"

    def test_update_of_a_draft_in_the_editor_stays_a_draft(self, afp, international):
        dispatch = receive(afp, urgency=7)
        draft = services.dispatch_publish(dispatch=dispatch, section=international, live=False)
        update = receive(afp, version=2, headline="Syrie : nouvelle version")
        assert update.status == Dispatch.Status.PENDING
        page = ArticlePage.objects.get(pk=draft.pk)
        assert not page.live
        assert page.get_latest_revision_as_object().title == "Syrie : nouvelle version"

    def test_killed_story_is_not_put_back_online_by_a_later_version(self, afp, published):
        receive(afp, version=2, pub_status="canceled", signals=("kill",))
        receive(afp, version=3, headline="Syrie : version rétablie")
        assert not ArticlePage.objects.get(pk=published.pk).live

    def test_withheld_version_takes_the_story_offline(self, afp, published):
        dispatch = receive(afp, version=2, pub_status="withheld")
        assert dispatch.status == Dispatch.Status.WITHHELD
        assert not ArticlePage.objects.get(pk=published.pk).live


@pytest.mark.django_db
def test_embargo_schedules_publication_at_the_embargo_time(afp, international):
    PublishingRule.objects.create(name="Tout", source=afp, max_urgency=9, section=international)
    embargo = timezone.now() + timedelta(hours=2)
    dispatch = receive(afp, embargoed=embargo)
    assert dispatch.status == Dispatch.Status.SCHEDULED
    article = ArticlePage.objects.get(pk=dispatch.article_id)
    assert not article.live
    assert article.latest_revision.approved_go_live_at == embargo


@pytest.mark.django_db
def test_embargoed_item_in_a_committed_ingest_is_scheduled_not_an_error(
    afp, international, django_capture_on_commit_callbacks
):
    """The scheduling hooks run after the commit; a backend that cannot defer skips them."""
    PublishingRule.objects.create(name="Tout", source=afp, max_urgency=9, section=international)
    embargo = timezone.now() + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        dispatch = receive(afp, embargoed=embargo)
        later = receive(afp, guid="urn:x:suivante", headline="Rugby : le XV de France en tête")
    assert dispatch.status == Dispatch.Status.SCHEDULED
    assert later.status == Dispatch.Status.PUBLISHED
