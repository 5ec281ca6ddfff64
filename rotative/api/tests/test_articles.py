"""What the app reads of the news: the articles the site shows, and only those."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import PageViewRestriction

from rotative.api.schemas.articles import BODY_BLOCK_TYPES
from rotative.news.blocks import ArticleBodyBlock
from rotative.news.models import ArticleCorrection
from rotative.news.tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    ImageFactory,
    SectionPageFactory,
    body,
)

pytestmark = pytest.mark.django_db

NOW = timezone.datetime(2026, 3, 10, 9, 0, tzinfo=timezone.get_fixed_timezone(60))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def story(section, title, hours_ago, **kwargs):
    return ArticlePageFactory(
        parent=section,
        title=title,
        published_at=timezone.now() - timedelta(hours=hours_ago),
        **kwargs,
    )


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


def test_sections_in_the_menu_order(client, home, settings):
    settings.SITE_URL = "https://www.lephare.example"
    SectionPageFactory(parent=home, title="Sport", slug="sport", nav_order=20)
    SectionPageFactory(parent=home, title="Manche", slug="manche", nav_order=10)
    SectionPageFactory(parent=home, title="Brouillon", slug="brouillon", publish=False, live=False)
    sections = client.get("/api/v1/rubriques").json()
    assert [(s["title"], s["slug"]) for s in sections] == [("Manche", "manche"), ("Sport", "sport")]
    assert sections[0]["url"] == "https://www.lephare.example/manche/"


def test_the_list_shows_published_articles_newest_first(client, section):
    story(section, "Hier", 24)
    story(section, "Ce matin", 2)
    story(section, "Brouillon", 1, publish=False, live=False)
    private = story(section, "Réservé", 1)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    expired = story(section, "Périmé", 1)
    type(expired).objects.filter(pk=expired.pk).update(expire_at=timezone.now() - timedelta(1))
    assert titles(client.get("/api/v1/articles")) == ["Ce matin", "Hier"]


def test_each_item_says_what_a_teaser_shows(client, section, settings):
    settings.SITE_URL = "https://www.lephare.example"
    author = AuthorFactory(name="Marc Lemonnier", slug="marc-lemonnier")
    image = ImageFactory(caption="La digue", credit="Photo Marc L.", description="Vagues")
    article = story(
        section,
        "Syrie : la trêve tient",
        1,
        agency="AFP",
        dateline="Moscou",
        lead_image=image,
        authors=[author],
        chapo="La trêve est respectée.",
    )
    item = client.get("/api/v1/articles").json()["results"][0]
    assert item["id"] == article.pk
    assert item["dateline"] == "Moscou (AFP)"
    assert item["is_wire"] is True and item["agency"] == "AFP"
    assert item["chapo"] == "La trêve est respectée."
    assert item["section"] == {
        "id": section.pk,
        "title": "Manche",
        "slug": "manche",
        "url": "https://www.lephare.example/manche/",
    }
    assert item["url"] == f"https://www.lephare.example{article.url}"
    assert item["published_at"] == "2026-03-10T08:00:00+01:00"  # Paris time
    assert item["updated_at"] is None
    assert item["authors"] == [
        {
            "name": "Marc Lemonnier",
            "role": "Journaliste",
            "url": "https://www.lephare.example/auteurs/marc-lemonnier/",
        }
    ]
    picture = item["image"]
    assert picture["caption"] == "La digue" and picture["credit"] == "Photo Marc L."
    assert picture["alt"] == "Vagues"
    assert [(r["width"], r["height"]) for r in picture["renditions"]] == [
        (480, 270),
        (800, 450),
    ]  # never enlarged
    assert all(
        r["url"].startswith("https://www.lephare.example/media/") for r in picture["renditions"]
    )


def test_the_next_cursor_gives_the_following_page_without_repeats(client, section):
    for n in range(5):
        story(section, f"Article {n}", n)
    # Two stories published the same second: the cursor still tells them apart.
    story(section, "Jumeau A", 10)
    story(section, "Jumeau B", 10)
    seen = []
    url = "/api/v1/articles?page_size=2"
    while url:
        page = client.get(url).json()
        seen += [item["title"] for item in page["results"]]
        url = page["next"]
    assert seen[:5] == [f"Article {n}" for n in range(5)]
    assert sorted(seen[5:]) == ["Jumeau A", "Jumeau B"]
    assert len(seen) == 7


def test_a_cursor_not_made_by_the_api_is_refused_with_its_code(client, section):
    response = client.get("/api/v1/articles?cursor=bm9wZQ%3D%3D%3D")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cursor"
    response = client.get("/api/v1/articles?cursor=cD1wYXMtdW5lLWRhdGU%3D")  # p=pas-une-date
    assert response.status_code == 422


def test_filters_by_section_and_topic(client, home, section):
    sport = SectionPageFactory(parent=home, title="Sport", slug="sport")
    story(section, "La digue", 1, tags=["Tempête"])
    story(sport, "Le match", 2, tags=["Tempête"])
    story(sport, "La course", 3)
    assert titles(client.get("/api/v1/articles?rubrique=sport")) == ["Le match", "La course"]
    assert titles(client.get("/api/v1/articles?sujet=tempete")) == ["La digue", "Le match"]
    assert titles(client.get("/api/v1/articles?sujet=tempete&rubrique=sport")) == ["Le match"]
    for query in ("rubrique=inconnue", "sujet=inconnu"):
        response = client.get(f"/api/v1/articles?{query}")
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_topic_by_its_slug(client, section, settings):
    settings.SITE_URL = "https://www.lephare.example"
    story(section, "La digue", 1, tags=["Tempête"])
    assert client.get("/api/v1/sujets/tempete").json() == {
        "name": "Tempête",
        "slug": "tempete",
        "url": "https://www.lephare.example/sujets/tempete/",
    }
    assert client.get("/api/v1/sujets/inconnu").status_code == 404


def test_search_finds_by_words_best_match_first_by_page_number(client, section):
    story(section, "Le port de Granville", 3, chapo="Les chalutiers rentrent.", tags=["Port"])
    story(section, "Marée basse", 1, chapo="On parle du port de Granville aussi.")
    story(section, "Rien à voir", 2)
    story(section, "Port caché", 1, publish=False, live=False)
    page = client.get("/api/v1/articles?q=port+granville&page_size=1").json()
    assert [item["title"] for item in page["results"]] == ["Le port de Granville"]
    assert "page=2" in page["next"] and page["previous"] is None
    second = client.get(page["next"]).json()
    assert [item["title"] for item in second["results"]] == ["Marée basse"]
    assert second["next"] is None and "page=1" in second["previous"]
    in_section = client.get("/api/v1/articles?q=granville&rubrique=manche").json()
    assert len(in_section["results"]) == 2
    tagged = client.get("/api/v1/articles?q=granville&sujet=port").json()
    assert [item["title"] for item in tagged["results"]] == ["Le port de Granville"]


def test_a_search_of_no_words_or_too_long_is_refused(client, section):
    assert client.get('/api/v1/articles?q="""').status_code == 422
    assert client.get("/api/v1/articles?q=" + "a" * 201).status_code == 422


def test_an_article_has_its_body_block_by_block(client, section, settings):
    settings.SITE_URL = "https://www.lephare.example"
    image = ImageFactory(caption="Le port", credit="Photo Rotative", description="Bateaux")
    other = story(section, "L'autre article", 3)
    article = story(
        section,
        "La digue tient bon",
        1,
        tags=["Tempête", "Granville"],
        body=body(
            {
                "type": "paragraph",
                "value": f'<p>La <b>digue</b> <a linktype="page" id="{other.pk}">tient</a>.</p>',
            },
            {"type": "intertitle", "value": "Les pompiers mobilisés"},
            {"type": "quote", "value": {"text": "Jamais vu ça", "attribution": "Le maire"}},
            {"type": "picture", "value": {"image": image.pk, "caption": ""}},
        ),
    )
    ArticleCorrection.objects.create(page=article, text="Le maire s'appelle Jean.")
    response = client.get(f"/api/v1/articles/{article.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "La digue tient bon"
    blocks = data["body"]
    assert blocks[0] == {
        "type": "paragraph",
        "html": f'<p>La <b>digue</b> <a href="https://www.lephare.example{other.url}">tient</a>.</p>',
    }
    assert blocks[1] == {"type": "intertitle", "text": "Les pompiers mobilisés", "level": 2}
    assert blocks[2] == {"type": "quote", "text": "Jamais vu ça", "source": "Le maire"}
    assert blocks[3]["type"] == "picture"
    assert blocks[3]["image"]["caption"] == "Le port"  # the image's own, by default
    assert blocks[3]["image"]["credit"] == "Photo Rotative"
    assert [r["width"] for r in blocks[3]["image"]["renditions"]] == [800, 800]  # no upscaling
    assert [t["slug"] for t in data["tags"]] == ["granville", "tempete"]
    assert [c["text"] for c in data["corrections"]] == ["Le maire s'appelle Jean."]
    assert data["comments"] == {"count": 0, "open": True}


def test_every_block_type_of_the_article_body_is_described():
    assert set(ArticleBodyBlock().child_blocks) == BODY_BLOCK_TYPES


@pytest.mark.parametrize("state", ["draft", "unpublished", "private", "expired", "section"])
def test_what_the_site_does_not_show_is_a_404(client, section, state):
    article = story(section, "Secret", 1, publish=state != "draft", live=state != "draft")
    if state == "unpublished":
        article.unpublish()
    elif state == "private":
        PageViewRestriction.objects.create(page=article, restriction_type="password", password="x")
    elif state == "expired":
        type(article).objects.filter(pk=article.pk).update(
            expire_at=timezone.now() - timedelta(minutes=1)
        )
    page_id = section.pk if state == "section" else article.pk
    response = client.get(f"/api/v1/articles/{page_id}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "Secret" not in response.content.decode()


def test_an_id_too_large_for_the_database_is_refused_not_crashed(client, db):
    assert client.get(f"/api/v1/articles/{2**64}").status_code == 422
    assert client.get("/api/v1/articles/0").status_code == 422


def test_a_republished_correction_shows_at_once(client, section):
    article = story(section, "La digue cède", 1)
    assert client.get(f"/api/v1/articles/{article.pk}").json()["title"] == "La digue cède"
    article.title = "La digue tient"
    article.save_revision().publish()
    data = client.get(f"/api/v1/articles/{article.pk}").json()
    assert data["title"] == "La digue tient"
    assert titles(client.get("/api/v1/articles")) == ["La digue tient"]


def test_the_list_costs_a_fixed_number_of_queries(client, section, django_assert_max_num_queries):
    def fill(n):
        for i in range(n):
            story(
                section,
                f"Article {i}",
                i,
                lead_image=ImageFactory(),
                authors=[AuthorFactory()],
            )

    fill(3)
    client.get("/api/v1/articles")  # renditions made once, as the site does on first view
    with django_assert_max_num_queries(8):
        assert len(titles(client.get("/api/v1/articles"))) == 3
    fill(6)
    client.get("/api/v1/articles")
    with django_assert_max_num_queries(8):
        assert len(titles(client.get("/api/v1/articles"))) == 9


def test_the_article_costs_a_fixed_number_of_queries(
    client, section, django_assert_max_num_queries
):
    images = [ImageFactory() for _ in range(4)]
    article = story(
        section,
        "Illustré",
        1,
        lead_image=images[0],
        authors=[AuthorFactory(), AuthorFactory()],
        tags=["Un", "Deux"],
        body=body(*[{"type": "picture", "value": {"image": i.pk, "caption": ""}} for i in images]),
    )
    client.get(f"/api/v1/articles/{article.pk}")
    with django_assert_max_num_queries(16):
        response = client.get(f"/api/v1/articles/{article.pk}")
    assert len(response.json()["body"]) == 4


def test_answers_carry_an_etag_and_a_304_when_unchanged(client, section):
    story(section, "La digue", 1)
    response = client.get("/api/v1/articles")
    again = client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert json.loads(response.content)["results"]


def test_the_topics_of_the_moment_as_the_bar_shows_them(client, section, settings):
    from taggit.models import Tag

    from rotative.home.models import PinnedTopic
    from rotative.news.models import ArticleViewCount

    settings.SITE_URL = "https://www.lephare.example"
    read = story(section, "Le plus lu", 1, tags=["Tempête"])
    ArticleViewCount.objects.create(article=read, hour=timezone.now(), count=40)
    pinned = story(section, "Épinglé", 2)
    PinnedTopic.objects.create(label="Élections", tag=Tag.objects.create(name="Élections"))
    PinnedTopic.objects.create(label="Notre dossier", page=pinned)
    topics = client.get("/api/v1/sujets").json()
    assert [(t["label"], t["slug"], t["pinned"]) for t in topics] == [
        ("Élections", "elections", True),
        ("Notre dossier", None, True),
        ("Tempête", "tempete", False),
    ]
    assert topics[1]["url"] == f"https://www.lephare.example{pinned.url}"
