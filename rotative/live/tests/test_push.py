"""The push itself, on a real ASGI server: new, edited and deleted entries, and reconnection."""

import pytest

from rotative.live import services
from rotative.live.models import LiveEvent

pytestmark = pytest.mark.django_db(transaction=True)


def test_changes_reach_an_open_stream_at_once(asgi_server, sse, editor):
    stream = sse(asgi_server)
    entry = services.live_entry_publish(author=editor, body="<p>Le bac de Jersey annulé.</p>")
    created = stream.next_event(timeout=3)
    assert created["data"]["action"] == "created" and created["data"]["entry"] == entry.pk
    assert "Le bac de Jersey annulé." in created["data"]["html"]
    services.live_entry_edit(entry=entry, body="<p>Le bac de Jersey reporté à demain.</p>")
    updated = stream.next_event(timeout=3)
    assert updated["data"]["action"] == "updated" and "reporté" in updated["data"]["html"]
    services.live_entry_delete(entry=entry)
    deleted = stream.next_event(timeout=3)
    assert deleted["data"] == {
        "id": deleted["id"],
        "action": "deleted",
        "entry": entry.pk,
        "label": "",
        "html": "",
    }


def test_a_reconnecting_reader_gets_what_was_published_meanwhile(asgi_server, sse, editor):
    first = services.live_entry_publish(author=editor, body="<p>Avant la coupure.</p>")
    seen = LiveEvent.objects.get(entry=first).id
    services.live_entry_publish(author=editor, body="<p>Pendant la coupure.</p>")
    gone = services.live_entry_publish(author=editor, body="<p>Publiée puis retirée.</p>")
    services.live_entry_delete(entry=gone)
    stream = sse(asgi_server, last_event_id=seen)
    replay = [stream.next_event(timeout=3) for _ in range(3)]
    # The withdrawn entry's words are never sent again, even as the replay of its creation.
    assert [e["data"]["action"] for e in replay] == ["created", "deleted", "deleted"]
    assert "Pendant la coupure." in replay[0]["data"]["html"]
    assert [e["id"] for e in replay] == sorted(e["id"] for e in replay)
    later = services.live_entry_publish(author=editor, body="<p>Après.</p>")
    assert stream.next_event(timeout=3)["data"]["entry"] == later.pk


def test_streams_of_other_channels_do_not_get_the_sites_entries(asgi_server, sse, editor, section):
    from rotative.live.models import LiveBlogPage

    page = section.add_child(
        instance=LiveBlogPage(title="Soirée", slug="soiree", chapo="Résultats.")
    )
    page.save_revision().publish()
    blog = sse(asgi_server, f"/en-direct/flux/?canal={page.channel}")
    site = sse(asgi_server)
    services.live_entry_publish(author=editor, body="<p>Pour le direct du site.</p>")
    assert site.next_event(timeout=3)["data"]["action"] == "created"
    with pytest.raises(AssertionError, match="no event"):
        blog.next_event(timeout=1)


def test_unknown_channel_is_refused(asgi_server):
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(asgi_server + "/en-direct/flux/?canal=../../etc")  # noqa: S310 (local)
    assert refused.value.code == 404


def test_streams_arriving_together_on_a_fresh_server_start_one_hub(settings):
    """Browsers reconnecting after a restart must not open a broker connection each."""
    import asyncio

    from rotative.live.hub import Hub

    settings.LIVE_BROKER = "inprocess"
    hub = Hub()

    async def arrive_together():
        subscriptions = await asyncio.gather(*(hub.subscribe("site") for _ in range(50)))
        tasks = [
            task for task in asyncio.all_tasks() if task.get_coro().__qualname__.startswith("Hub.")
        ]
        for task in tasks:
            task.cancel()
        return subscriptions, tasks

    subscriptions, tasks = asyncio.run(arrive_together())
    assert len(subscriptions) == 50 and hub.connections() == 50
    assert len(tasks) == 2  # one delivery loop and one heartbeat (and one broker listener)


def test_a_wsgi_server_refuses_the_stream_so_pages_poll_instead(client, home):
    # runserver and the test server speak WSGI: an endless stream would tie up a thread per
    # open page and keep the process from exiting.
    response = client.get("/en-direct/flux/?canal=site")
    assert response.status_code == 503
    assert client.get("/en-direct/evenements.json?canal=site&depuis=0").status_code == 200
