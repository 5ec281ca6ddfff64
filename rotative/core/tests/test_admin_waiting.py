"""The admin's home page says what waits: each queue's count, with a link, to whom may act."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from rotative.accounts.tests.factories import ReaderFactory
from rotative.classifieds import services as classifieds
from rotative.classifieds.tests.factories import HOUSE
from rotative.comments.models import Comment
from rotative.geo.tests.factories import commune
from rotative.news.tests.factories import ArticlePageFactory
from rotative.wire import services as wire
from rotative.wire.tests.factories import wire_item

EVERYTHING = (
    "wagtailadmin.access_admin",
    "comments.change_comment",
    "classifieds.change_ad",
    "wire.change_dispatch",
    "wire.view_quarantinedfile",
)


def staff(name: str, *permissions: str):
    user = get_user_model().objects.create_user(name, f"{name}@redaction.example.fr", "x")
    group = Group.objects.create(name=f"Groupe {name}")
    for permission in permissions:
        app_label, codename = permission.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user.groups.add(group)
    return user


def waiting(client) -> dict[str, str]:
    """Each « what waits » line of the dashboard: its text → its link."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    items = BeautifulSoup(html, "html.parser").select("li.waiting-item a")
    return {" ".join(a.text.split()): a["href"] for a in items}


def one_of_each(section, *, times: int = 1, start: int = 0):
    reader = ReaderFactory()
    article = ArticlePageFactory(parent=section)
    for n in range(start, start + times):
        Comment.objects.create(article=article, author=reader, body=f"En attente {n}.")
        Comment.objects.create(
            article=article,
            author=reader,
            body=f"Signalé {n}.",
            status=Comment.Status.PUBLISHED,
            open_reports=1,
        )
        ad = classifieds.ad_draft_save(
            owner=reader, fields={**HOUSE, "commune": commune("carantilly")}
        )
        classifieds.ad_submit(ad=ad)
        dispatch = wire.dispatch_store(item=wire_item(guid=f"urn:test:{n}"), source=None)
        wire.dispatch_apply(dispatch=dispatch)
        wire.wire_ingest_bytes(data=b"<oops %d" % n, filename=f"casse-{n}.xml")


@pytest.mark.django_db
def test_an_editor_sees_one_of_each_waiting_thing_with_its_link(client, home, section):
    one_of_each(section)
    client.force_login(staff("chef", *EVERYTHING))
    assert waiting(client) == {
        "1 commentaire à modérer": reverse("comments_moderation") + "?onglet=pending",
        "1 commentaire signalé": reverse("comments_moderation") + "?onglet=reported",
        "1 annonce à valider": reverse("classifieds_moderation"),
        "1 dépêche en attente": reverse("wire_queue") + "?status=pending",
        "1 fichier en quarantaine": reverse("quarantinedfile:index"),
    }
    for link in waiting(client).values():
        assert client.get(link).status_code == 200


@pytest.mark.django_db
def test_counts_of_zero_say_so(client, home):
    client.force_login(staff("chef", *EVERYTHING))
    assert list(waiting(client)) == [
        "Aucun commentaire à modérer",
        "Aucun commentaire signalé",
        "Aucune annonce à valider",
        "Aucune dépêche en attente",
        "Aucun fichier en quarantaine",
    ]


@pytest.mark.django_db
def test_each_count_only_to_whom_may_act_on_it(client, home, section):
    one_of_each(section)
    client.force_login(staff("moderatrice", "wagtailadmin.access_admin", "comments.change_comment"))
    assert list(waiting(client)) == ["1 commentaire à modérer", "1 commentaire signalé"]
    client.force_login(staff("desk", "wagtailadmin.access_admin", "wire.change_dispatch"))
    assert list(waiting(client)) == ["1 dépêche en attente"]
    client.force_login(staff("stagiaire", "wagtailadmin.access_admin"))
    assert waiting(client) == {}


@pytest.mark.django_db
def test_the_counts_cost_the_same_queries_however_much_waits(
    client, home, section, django_assert_max_num_queries
):
    client.force_login(staff("chef", *EVERYTHING))
    one_of_each(section)
    client.get(reverse("wagtailadmin_home"))  # warm the session and the site caches
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("wagtailadmin_home"))
    queries_with_one_each = len(few.captured_queries)
    one_of_each(section, times=3, start=1)
    client.get(reverse("wagtailadmin_home"))  # the new pages: the site caches refill once
    with django_assert_max_num_queries(queries_with_one_each):
        assert waiting(client)["4 dépêches en attente"]
