"""A live blog that is not public (a draft, unpublished, or in a private section) keeps its
posts to itself: no JSON, no stream, no alert; the desk does not offer it."""

import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from rotative.live import services
from rotative.live.models import LiveBlogPage, LiveEntry

SECRET = "Le maire démissionne ce soir"


def poll(client, blog, since=0):
    return client.get(f"/en-direct/evenements.json?canal={blog.channel}&depuis={since}")


def texts(response) -> str:
    return " ".join(event["html"] for event in response.json()["events"])


@pytest.fixture
def draft_blog(section):
    """Prepared by the newsroom, not yet published."""
    blog = section.add_child(
        instance=LiveBlogPage(
            title="Conseil municipal extraordinaire",
            slug="conseil",
            chapo="Séance à huis clos.",
            live=False,
            state="upcoming",
        )
    )
    blog.save_revision()
    return blog


@pytest.fixture
def public_blog(section):
    blog = section.add_child(
        instance=LiveBlogPage(
            title="Soirée électorale", slug="soiree", chapo="Les résultats.", state="live"
        )
    )
    blog.save_revision().publish()
    return blog


@pytest.mark.django_db
class TestPolling:
    def test_a_draft_blogs_posts_are_not_served(self, client, editor, draft_blog):
        services.live_entry_publish(
            author=editor, body=f"<p>{SECRET}.</p>", channel=draft_blog.channel
        )
        response = poll(client, draft_blog)
        assert response.status_code == 404
        assert SECRET not in response.content.decode()
        assert SECRET not in client.get("/en-direct/evenements.json?depuis=0").content.decode()

    def test_posts_appear_when_the_blog_is_published_and_go_when_unpublished(
        self, client, editor, draft_blog
    ):
        services.live_entry_publish(
            author=editor, body=f"<p>{SECRET}.</p>", channel=draft_blog.channel
        )
        draft_blog.save_revision().publish()
        published = poll(client, draft_blog)
        assert published.status_code == 200 and SECRET in texts(published)
        draft_blog.refresh_from_db()
        draft_blog.unpublish()
        gone = poll(client, draft_blog)
        assert gone.status_code == 404 and SECRET not in gone.content.decode()

    def test_a_blog_in_a_private_section_is_not_served(self, client, editor, public_blog):
        services.live_entry_publish(
            author=editor, body=f"<p>{SECRET}.</p>", channel=public_blog.channel
        )
        PageViewRestriction.objects.create(
            page=public_blog.get_parent(), restriction_type="password", password="abonnes"
        )
        response = poll(client, public_blog)
        assert response.status_code == 404 and SECRET not in response.content.decode()

    def test_a_public_blogs_posts_are_served(self, client, editor, public_blog):
        services.live_entry_publish(
            author=editor, body=f"<p>{SECRET}.</p>", channel=public_blog.channel
        )
        response = poll(client, public_blog)
        assert response.status_code == 200 and SECRET in texts(response)

    def test_a_breaking_post_in_a_draft_blog_alerts_nobody(self, editor, draft_blog):
        from rotative.newsletter.models import Alert

        services.live_entry_publish(
            author=editor, body=f"<p>{SECRET}.</p>", channel=draft_blog.channel, is_breaking=True
        )
        assert not Alert.objects.exists()


@pytest.mark.django_db
class TestDesk:
    def test_publier_dans_offers_published_blogs_only(
        self, client, editor, draft_blog, public_blog
    ):
        client.force_login(editor)
        page = BeautifulSoup(client.get("/admin/en-direct/").content, "html.parser")
        offered = [option.get_text() for option in page.select("select[name=channel] option")]
        assert offered == ["Le direct du site", "Soirée électorale"]

    def test_posting_into_a_draft_blog_is_refused(self, client, editor, draft_blog):
        client.force_login(editor)
        response = client.post(
            "/admin/en-direct/",
            {
                "channel": draft_blog.channel,
                "body": '{"blocks":[{"key":"a","text":"Le maire démissionne.","type":"unstyled",'
                '"depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
            },
        )
        assert response.status_code == 200
        page = BeautifulSoup(response.content, "html.parser")
        error = page.select_one("[data-contentpath=channel] .error-message").get_text()
        assert "Sélectionnez un choix valide." in error
        assert not LiveEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
class TestStream:
    def test_a_draft_blog_has_no_stream(self, asgi_server, editor, draft_blog):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(  # noqa: S310
                f"{asgi_server}/en-direct/flux/?canal={draft_blog.channel}", timeout=5
            )
        assert refused.value.code == 404

    def test_a_published_blogs_stream_ends_when_it_is_unpublished(
        self, asgi_server, sse, editor, public_blog
    ):
        stream = sse(asgi_server, f"/en-direct/flux/?canal={public_blog.channel}")
        entry = services.live_entry_publish(
            author=editor, body="<p>Premiers résultats.</p>", channel=public_blog.channel
        )
        assert stream.next_event(timeout=3)["data"]["entry"] == entry.pk
        public_blog.refresh_from_db()
        public_blog.unpublish()
        services.live_entry_edit(entry=entry, body=f"<p>{SECRET}.</p>")
        stream.connection.sock.settimeout(5)
        rest = stream.response.read()  # returns once the server ends the stream
        assert SECRET.encode() not in rest

    def test_a_reconnection_to_a_blog_unpublished_since_is_refused(
        self, asgi_server, editor, public_blog
    ):
        services.live_entry_publish(
            author=editor, body=f"<p>{SECRET}.</p>", channel=public_blog.channel
        )
        public_blog.refresh_from_db()
        public_blog.unpublish()
        request = urllib.request.Request(  # noqa: S310
            f"{asgi_server}/en-direct/flux/?canal={public_blog.channel}",
            headers={"Last-Event-ID": "0", "Accept": "text/event-stream"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)  # noqa: S310
        assert refused.value.code == 404
