"""En direct in the app: the feed newest first, polling for what is new, the push's address,
and live blogs only while readers may follow them."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import PageViewRestriction

from rotative.live import services
from rotative.live.models import LiveBlogPage, LiveLabel
from rotative.news.tests.factories import ArticlePageFactory, ImageFactory

pytestmark = pytest.mark.django_db

START = timezone.datetime(2026, 3, 10, 20, 0, tzinfo=timezone.get_fixed_timezone(60))


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        username="anne", first_name="Anne", last_name="Leroux", is_staff=True
    )


def post(editor, text, clock, **kwargs):
    clock.shift(timedelta(minutes=1))
    return services.live_entry_publish(author=editor, body=f"<p>{text}</p>", **kwargs)


def texts(response):
    assert response.status_code == 200, response.content
    return [entry["html"] for entry in response.json()["results"]]


def test_the_feed_shows_visible_entries_newest_first(client, editor, clock, section):
    post(editor, "Premier", clock)
    gone = post(editor, "Retiré", clock)
    services.live_entry_delete(entry=gone)
    article = ArticlePageFactory(parent=section, title="Le récit")
    label = LiveLabel.objects.create(name="Trafic", slug="trafic", colour="#b36200")
    post(editor, "Bouchon sur l'A84", clock, label=label, article=article, is_breaking=True)
    response = client.get("/api/v1/direct")
    assert texts(response) == ["<p>Bouchon sur l'A84</p>", "<p>Premier</p>"]
    newest = response.json()["results"][0]
    assert newest["label"] == {"name": "Trafic", "slug": "trafic", "colour": "#b36200"}
    assert newest["is_breaking"] is True
    assert newest["article"]["id"] == article.pk
    assert newest["published_at"] == "2026-03-10T20:03:00+01:00"
    assert newest["author"] == ""  # the site's feed is signed by the paper
    assert response.json()["last_event"] > 0


def test_pages_follow_by_cursor_and_filter_by_label(client, editor, clock):
    label = LiveLabel.objects.create(name="Météo", slug="meteo")
    for n in range(5):
        post(editor, f"Entrée {n}", clock, label=label if n % 2 else None)
    seen, url = [], "/api/v1/direct?page_size=2"
    while url:
        page = client.get(url).json()
        seen += [entry["html"] for entry in page["results"]]
        url = page["next"]
    assert seen == [f"<p>Entrée {n}</p>" for n in (4, 3, 2, 1, 0)]
    assert texts(client.get("/api/v1/direct?etiquette=meteo")) == [
        "<p>Entrée 3</p>",
        "<p>Entrée 1</p>",
    ]
    assert client.get("/api/v1/direct?etiquette=inconnue").status_code == 404


def test_polling_after_an_entry_or_a_time_returns_only_newer_ones(client, editor, clock):
    first = post(editor, "Avant", clock)
    post(editor, "Après", clock)
    post(editor, "Encore après", clock)
    assert texts(client.get(f"/api/v1/direct?apres={first.pk}")) == [
        "<p>Encore après</p>",
        "<p>Après</p>",
    ]
    assert texts(client.get("/api/v1/direct?apres=2026-03-10T20:02:30%2B01:00")) == [
        "<p>Encore après</p>"
    ]
    assert texts(client.get("/api/v1/direct?apres=2026-03-10T20:02:30")) == [
        "<p>Encore après</p>"
    ]  # Paris time without an offset
    for bad in ("hier", "999999", "2026-13-45T99:00"):
        response = client.get(f"/api/v1/direct?apres={bad}")
        assert response.status_code == 422, bad
        assert response.json()["errors"][0]["field"] == "apres"


def test_polling_is_a_304_until_something_changes(
    client, editor, clock, django_assert_max_num_queries
):
    first = post(editor, "Avant", clock)
    url = f"/api/v1/direct?apres={first.pk}"
    response = client.get(url)
    assert texts(response) == []
    with django_assert_max_num_queries(2):
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    post(editor, "Nouveau", clock)
    changed = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert texts(changed) == ["<p>Nouveau</p>"]


def test_an_edit_or_a_deletion_changes_the_answer_too(client, editor, clock):
    entry = post(editor, "Avant", clock)
    etag = client.get("/api/v1/direct")["ETag"]
    services.live_entry_edit(entry=entry, body="<p>Corrigé</p>")
    response = client.get("/api/v1/direct", HTTP_IF_NONE_MATCH=etag)
    assert texts(response) == ["<p>Corrigé</p>"]
    assert response.json()["results"][0]["updated_at"] is not None


def test_the_push_stream_is_described(client, db, settings):
    settings.SITE_URL = "https://www.lephare.example"
    data = client.get("/api/v1/direct/flux").json()
    assert data["stream_url"] == "https://www.lephare.example/en-direct/flux/?canal=site"
    assert data["poll_url"] == "https://www.lephare.example/en-direct/evenements.json?canal=site"
    assert data["channel"] == "site" and data["last_event"] == 0
    schema = client.get("/api/v1/openapi.json").json()
    assert "/en-direct/flux/" in schema["paths"]["/api/v1/direct"]["get"]["description"]


@pytest.fixture
def blog(section):
    blog = section.add_child(
        instance=LiveBlogPage(
            title="Municipales : la soirée électorale",
            slug="soiree",
            chapo="Résultats.",
            state=LiveBlogPage.State.LIVE,
            summary="<ul><li>Participation en hausse.</li></ul>",
        )
    )
    blog.save_revision().publish()
    return blog


def test_a_live_blog_and_its_posts_signed_by_their_authors(client, editor, clock, blog):
    post(editor, "Premiers résultats", clock, channel=blog.channel)
    post(editor, "Pour le site", clock)
    data = client.get(f"/api/v1/direct/blogs/{blog.pk}").json()
    assert data["state"] == "live"
    assert "Participation en hausse" in data["summary_html"]
    assert data["channel"] == f"blog-{blog.pk}"
    posts = client.get(data["entries"]).json()["results"]
    assert [(p["html"], p["author"]) for p in posts] == [
        ("<p>Premiers résultats</p>", "Anne Leroux")
    ]
    assert client.get(f"/api/v1/direct/flux?blog={blog.pk}").json()["channel"] == blog.channel
    # Listed with the articles, marked as a live blog.
    item = client.get("/api/v1/articles").json()["results"][0]
    assert item["id"] == blog.pk and item["is_live_blog"] is True


@pytest.mark.parametrize("state", ["draft", "unpublished", "private"])
def test_a_blog_readers_may_not_follow_is_a_404(client, editor, clock, section, state):
    blog = section.add_child(
        instance=LiveBlogPage(
            title="Zqx soirée", slug="zqx", chapo="Bientôt.", live=state != "draft"
        )
    )
    blog.save_revision()
    if state == "unpublished":
        blog.save_revision().publish()
        blog.unpublish()
    elif state == "private":
        blog.save_revision().publish()
        PageViewRestriction.objects.create(page=blog, restriction_type="login")
    post(editor, "Zqx message secret", clock, channel=blog.channel)
    for url in (
        f"/api/v1/direct/blogs/{blog.pk}",
        f"/api/v1/direct/blogs/{blog.pk}/entrees",
        f"/api/v1/direct/flux?blog={blog.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "secret" not in response.content.decode()
    article = ArticlePageFactory(parent=section)
    assert client.get(f"/api/v1/direct/blogs/{article.pk}").status_code == 404  # not a blog


def test_the_feed_costs_a_fixed_number_of_queries(
    client, editor, clock, section, django_assert_max_num_queries
):
    article = ArticlePageFactory(parent=section)
    label = LiveLabel.objects.create(name="Trafic", slug="trafic")

    def fill(n):
        for i in range(n):
            post(editor, f"Entrée {i}", clock, label=label, article=article, image=ImageFactory())
        client.get("/api/v1/direct")  # renditions made once

    fill(2)
    with django_assert_max_num_queries(5):
        assert len(texts(client.get("/api/v1/direct"))) == 2
    fill(10)
    with django_assert_max_num_queries(5):
        assert len(texts(client.get("/api/v1/direct"))) == 12
