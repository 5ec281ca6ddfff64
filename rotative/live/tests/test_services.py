"""En direct without push: writing entries, the page, the side column, the polling fallback."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import timezone

from rotative.live import services
from rotative.live.models import LiveEntry, LiveEvent

pytestmark = pytest.mark.django_db


def entries_shown(response) -> list[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return [" ".join(li.get_text(" ").split()) for li in page.select("main .live-entry")]


def test_entries_show_newest_first_with_french_times_and_labels(client, editor, labels):
    paris = ZoneInfo("Europe/Paris")
    first = services.live_entry_publish(
        author=editor, body="<p>Bouchon sur la RN13.</p>", label=labels["trafic"]
    )
    second = services.live_entry_publish(
        author=editor,
        body="<p>Vigilance <b>orange</b>.</p>",
        label=labels["meteo"],
        is_breaking=True,
    )
    now = timezone.now().astimezone(paris)
    later, earlier = now - timedelta(minutes=1), now - timedelta(minutes=4)
    if earlier.date() != now.date():
        pytest.skip("just after midnight: the entries would be yesterday's")
    LiveEntry.objects.filter(pk=first.pk).update(published_at=earlier)
    LiveEntry.objects.filter(pk=second.pk).update(published_at=later)
    shown = entries_shown(client.get("/en-direct/"))
    assert shown == [
        f"{later:%H}h{later:%M} Météo Alerte Vigilance orange .",
        f"{earlier:%H}h{earlier:%M} Trafic Bouchon sur la RN13.",
    ]
    assert entries_shown(client.get("/en-direct/?etiquette=trafic")) == [
        f"{earlier:%H}h{earlier:%M} Trafic Bouchon sur la RN13."
    ]
    assert client.get("/en-direct/?etiquette=inconnue").status_code == 404


def test_older_entries_carry_their_day(client, editor):
    entry = services.live_entry_publish(author=editor, body="<p>Marée haute à 6h12.</p>")
    moment = datetime(2026, 11, 23, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
    LiveEntry.objects.filter(pk=entry.pk).update(published_at=moment)
    assert entries_shown(client.get("/en-direct/")) == ["lun. 23 nov., 09h30 Marée haute à 6h12."]


def test_empty_or_too_long_entries_are_refused(editor):
    with pytest.raises(services.LiveEntryError, match="vide"):
        services.live_entry_publish(author=editor, body="<p> </p>")
    with pytest.raises(services.LiveEntryError, match="600 caractères"):
        services.live_entry_publish(author=editor, body="<p>" + "a" * 601 + "</p>")
    assert not LiveEntry.objects.exists()


def test_edit_and_delete_reach_readers_and_leave_events(client, editor):
    entry = services.live_entry_publish(author=editor, body="<p>Collision à Vire.</p>")
    services.live_entry_edit(entry=entry, body="<p>Collision à Vire : deux blessés légers.</p>")
    assert "deux blessés légers" in entries_shown(client.get("/en-direct/"))[0]
    services.live_entry_delete(entry=entry)
    assert entries_shown(client.get("/en-direct/")) == []
    assert list(LiveEvent.objects.values_list("action", flat=True).order_by("id")) == [
        "created",
        "updated",
        "deleted",
    ]


def test_pages_are_paginated(client, editor, settings):
    for n in range(25):
        services.live_entry_publish(author=editor, body=f"<p>Entrée {n}.</p>")
    page = BeautifulSoup(client.get("/en-direct/").content, "html.parser")
    assert len(page.select("main .live-entry")) == 20
    older = page.select_one(".live-more a")["href"]
    rest = entries_shown(client.get("/en-direct/" + older))
    assert len(rest) == 5 and rest[-1].endswith("Entrée 0.")


def test_every_article_shows_the_latest_entries_in_its_side_column(client, editor, section):
    from rotative.news.tests.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=section)
    services.live_entry_publish(author=editor, body="<p>Le pont de Brotonne rouvert.</p>")
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    side = page.select_one(".layout__side .live-side")
    assert "Le pont de Brotonne rouvert." in side.get_text()
    assert side.select_one("[data-live-stream]")["data-live-last"] == str(
        LiveEvent.objects.get().id
    )


def test_the_side_column_kept_rendered_shows_a_new_entry_at_once(
    client, editor, section, django_capture_on_commit_callbacks
):
    from rotative.news.tests.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=section)
    services.live_entry_publish(author=editor, body="<p>Le pont de Brotonne rouvert.</p>")
    # The clock stands still: only dropping the kept column can show the new entry.
    with time_machine.travel(timezone.now(), tick=False):
        client.get(article.url)  # the column is now kept rendered for a few seconds
        with django_capture_on_commit_callbacks(execute=True):
            services.live_entry_publish(author=editor, body="<p>La digue tient.</p>")
        page = client.get(article.url)
    side = BeautifulSoup(page.content, "html.parser").select_one(".live-side")
    assert "La digue tient." in side.get_text()
    assert side.select_one("[data-live-stream]")["data-live-last"] == str(
        LiveEvent.objects.latest("id").id
    )


def test_polling_fallback_answers_304_when_nothing_changed(client, editor):
    first = services.live_entry_publish(author=editor, body="<p>Un.</p>")
    response = client.get("/en-direct/evenements.json?canal=site&depuis=0")
    etag = response["ETag"]
    data = response.json()
    assert [e["entry"] for e in data["events"]] == [first.pk]
    assert "Un." in data["events"][0]["html"]
    unchanged = client.get(
        "/en-direct/evenements.json?canal=site&depuis=0", HTTP_IF_NONE_MATCH=etag
    )
    assert unchanged.status_code == 304 and unchanged.content == b""
    services.live_entry_publish(author=editor, body="<p>Deux.</p>")
    changed = client.get(
        f"/en-direct/evenements.json?canal=site&depuis={data['last']}", HTTP_IF_NONE_MATCH=etag
    )
    assert changed.status_code == 200
    assert ["Deux." in e["html"] for e in changed.json()["events"]] == [True]


def test_admin_desk_posts_edits_and_deletes(client, editor, labels):
    client.force_login(editor)
    page = client.get("/admin/en-direct/")
    assert page.status_code == 200
    response = client.post(
        "/admin/en-direct/",
        {
            "body": '{"blocks":[{"key":"a","text":"Coupure de courant à Lessay.","type":"unstyled",'
            '"depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
            "label": labels["trafic"].pk,
        },
    )
    assert response.status_code == 302
    entry = LiveEntry.objects.get()
    assert "Coupure de courant à Lessay." in entry.body and entry.author == editor
    client.post(f"/admin/en-direct/{entry.pk}/supprimer/")
    entry.refresh_from_db()
    assert entry.deleted_at is not None


def test_the_desk_reads_a_body_that_is_not_the_editors_json_as_empty(client, editor):
    client.force_login(editor)
    response = client.post("/admin/en-direct/", {"body": "pas du JSON", "label": "1e400"})
    assert response.status_code == 200
    assert not LiveEntry.objects.exists()


def test_entry_links_its_article_and_shows_its_image(client, editor, section):
    from rotative.news.tests.factories import ArticlePageFactory, ImageFactory

    article = ArticlePageFactory(parent=section, title="Tempête : le bilan", slug="bilan")
    services.live_entry_publish(
        author=editor,
        body='<p>Le bilan <a href="https://www.example.fr/carte">sur la carte</a>.</p>',
        article=article,
        image=ImageFactory(title="La digue"),
    )
    entry = BeautifulSoup(client.get("/en-direct/").content, "html.parser").select_one(
        "main .live-entry"
    )
    assert entry.select_one(".live-entry__more a")["href"] == "/manche/bilan/"
    assert entry.select_one(".live-entry__text a")["href"] == "https://www.example.fr/carte"
    assert entry.select_one("img.live-entry__image")["alt"] == "La digue"
