"""Publishing a new article in bulk: the same outcome as Wagtail's own publish, cheaper."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.signals import page_published

from rotative.news import services
from rotative.news.models import ArticlePage
from rotative.news.tests.factories import SectionPageFactory


def new_article(**fields):
    defaults = {
        "title": "Les marais du Cotentin sous les eaux",
        "slug": "les-marais-du-cotentin-sous-les-eaux",
        "chapo": "La crue a gagné les prairies entre Carentan et Périers.",
    }
    return ArticlePage(**defaults | fields)


@pytest.mark.django_db(transaction=True)
def test_published_new_article_is_online_found_and_in_its_history(client, home):
    section = SectionPageFactory(parent=home, title="Manche", slug="manche")
    published = []

    def listener(instance, **kwargs):
        published.append(instance.pk)

    page_published.connect(listener)
    try:
        article = services.article_publish_new(section=section, article=new_article())
    finally:
        page_published.disconnect(listener)

    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live and not article.has_unpublished_changes
    assert article.first_published_at and article.last_published_at
    assert article.live_revision_id == article.latest_revision_id
    assert article.revisions.count() == 1
    actions = set(PageLogEntry.objects.filter(page=article).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.publish"} <= actions
    assert published == [article.pk]  # cache purge and alerts listen to this signal
    assert "Les marais du Cotentin" in client.get("/manche/").content.decode()
    found = client.get(reverse("search"), {"q": "marais Cotentin"}).content.decode()
    assert article.url in found


@pytest.mark.django_db(transaction=True)
def test_an_editor_can_edit_and_republish_it_in_the_admin(admin_client, home):
    section = SectionPageFactory(parent=home, title="Manche", slug="manche")
    article = services.article_publish_new(section=section, article=new_article())
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert edit.status_code == 200
    article.title = "Les marais du Cotentin inondés"
    article.save_revision().publish()
    assert ArticlePage.objects.get(pk=article.pk).revisions.count() == 2
    assert "inondés" in admin_client.get("/manche/").content.decode()
