"""Live blogs: an article with a pinned summary and posts by several authors, live then kept."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from rotative.live import services
from rotative.live.models import LiveBlogPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def election_night(section):
    blog = section.add_child(
        instance=LiveBlogPage(
            title="Municipales : suivez la soirée électorale en direct",
            slug="soiree-electorale",
            chapo="Résultats, réactions et ambiance dans les mairies de la Manche.",
            state=LiveBlogPage.State.LIVE,
            summary="<ul><li>Participation en hausse à 17 heures.</li></ul>",
        )
    )
    blog.save_revision().publish()
    return blog


def journalist(name, first, last):
    return get_user_model().objects.create_user(
        username=name, first_name=first, last_name=last, is_staff=True
    )


def test_live_blog_shows_its_summary_and_posts_by_several_authors(client, election_night):
    anne, marc = journalist("anne", "Anne", "Leroux"), journalist("marc", "Marc", "Hamel")
    services.live_entry_publish(
        author=anne,
        body="<p>Premiers bureaux dépouillés à Saint-Lô.</p>",
        channel=election_night.channel,
    )
    services.live_entry_publish(
        author=marc,
        body="<p>Le maire sortant arrive en tête à Carentan.</p>",
        channel=election_night.channel,
    )
    services.live_entry_publish(author=anne, body="<p>Pour le direct du site.</p>")
    page = BeautifulSoup(client.get(election_night.url).content, "html.parser")
    assert "En cours" in page.select_one(".live-blog__state").get_text()
    assert "Participation en hausse" in page.select_one(".live-blog__summary").get_text()
    posts = [
        " ".join(li.get_text(" ").split()) for li in page.select(".live-blog__posts .live-entry")
    ]
    assert len(posts) == 2
    assert "Marc Hamel Le maire sortant arrive en tête à Carentan." in posts[0]
    assert "Anne Leroux Premiers bureaux dépouillés à Saint-Lô." in posts[1]
    stream = page.select_one(".live-blog__posts [data-live-stream]")
    assert stream["data-live-channel"] == f"blog-{election_night.pk}"


def test_an_ended_live_blog_stays_as_an_article_listed_and_found(client, section, election_night):
    services.live_entry_publish(
        author=None,
        body="<p>Taux de participation final : 61 %.</p>",
        channel=election_night.channel,
    )
    election_night.state = LiveBlogPage.State.ENDED
    election_night.save_revision().publish()
    page = BeautifulSoup(client.get(election_night.url).content, "html.parser")
    assert "Terminé" in page.select_one(".live-blog__state").get_text()
    assert page.select_one(".live-blog__posts [data-live-stream]") is None  # no push once ended
    assert "Taux de participation final" in page.select_one(".live-blog__posts").get_text()
    assert election_night.title in client.get(section.url).content.decode()
    assert page.select_one("#commentaires") is not None  # comments like any article
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    found = client.get("/recherche/", {"q": "participation"}).content.decode()
    assert election_night.url in found


def test_editors_choose_the_live_blog_in_the_desk(client, election_night):
    editor = get_user_model().objects.create_superuser("chef", "chef@example.fr", "x")
    client.force_login(editor)
    desk = client.get("/admin/en-direct/").content.decode()
    assert "Municipales : suivez la soirée électorale en direct" in desk
    client.post(
        "/admin/en-direct/",
        {
            "channel": election_night.channel,
            "body": '{"blocks":[{"key":"a","text":"Résultats à Coutances.","type":"unstyled",'
            '"depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        },
    )
    page = client.get(election_night.url).content.decode()
    assert "Résultats à Coutances." in page
