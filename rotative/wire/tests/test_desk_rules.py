"""The desk decides for copy in another language and for stories no topic places in a section."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse

from rotative.news.models import ArticlePage
from rotative.news.tests.factories import SectionPageFactory
from rotative.testing import skip_unless_present
from rotative.wire import services
from rotative.wire.models import Dispatch, PublishingRule, TopicMapping
from rotative.wire.tests.factories import WireSourceFactory, wire_item

from .test_parsing_support import SAMPLES


@pytest.fixture
def editor(db, client, home):
    user = get_user_model().objects.create_superuser("desk", "desk@example.org", "motdepasse")
    client.force_login(user)
    return user


@pytest.fixture
def afp(db):
    source = WireSourceFactory(name="AFP")
    PublishingRule.objects.create(name="Tout l'AFP", source=source, max_urgency=9)
    return source


def ingest(name: str, source) -> Dispatch:
    services.wire_ingest_bytes(data=(SAMPLES / name).read_bytes(), filename=name, source=source)
    return Dispatch.objects.get(source=source)


def queue_row(client, dispatch) -> str:
    html = client.get(reverse("wire_queue")).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    link = soup.select_one(f'.wire-queue a[href="{reverse("wire_preview", args=[dispatch.pk])}"]')
    return " ".join(link.find_parent("tr").text.split())


@skip_unless_present(SAMPLES / "afp.xml")
def test_an_english_afp_story_is_flagged_and_never_published_by_a_rule(client, editor, afp, home):
    TopicMapping.objects.create(qcode="subj:04011002", section=SectionPageFactory(parent=home))
    dispatch = ingest("afp.xml", afp)
    assert dispatch.status == Dispatch.Status.PENDING and dispatch.article_id is None
    assert "Langue : anglais" in queue_row(client, dispatch)
    preview = client.get(reverse("wire_preview", args=[dispatch.pk])).content.decode()
    assert "n’est pas en français : elle n’est jamais publiée automatiquement" in preview


def test_the_same_rule_publishes_a_french_story(afp, home):
    TopicMapping.objects.create(qcode="medtop:11000000", section=SectionPageFactory(parent=home))
    dispatch = services.dispatch_store(item=wire_item(), source=afp)
    services.dispatch_apply(dispatch=dispatch)
    assert dispatch.status == Dispatch.Status.PUBLISHED
    english = services.dispatch_store(item=wire_item(guid="b", language="en-GB"), source=afp)
    services.dispatch_apply(dispatch=english)
    assert english.status == Dispatch.Status.PENDING
    assert english.language_name == "anglais"
    assert Dispatch(language="xx-YY").language_name == "xx-YY"  # unknown: as the agency wrote it


@pytest.mark.parametrize(
    ("name", "flag"),
    [("ansa_culture.xml", "Langue : italien"), ("dpa.xml", "Langue : allemand")],
)
def test_other_agencies_languages_are_named_in_french(client, editor, name, flag):
    if not (SAMPLES / name).exists():
        pytest.skip(f"{name} not in the shared data")
    source = WireSourceFactory()
    services.wire_ingest_bytes(data=(SAMPLES / name).read_bytes(), filename=name, source=source)
    for dispatch in Dispatch.objects.filter(source=source):
        assert flag in queue_row(client, dispatch)


@skip_unless_present(SAMPLES / "afp20.xml")
def test_a_french_story_without_a_mapped_topic_waits_for_the_editor_to_pick_a_section(
    client, editor, afp, home
):
    first = SectionPageFactory(parent=home, title="À la une", slug="a-la-une")
    faits_divers = SectionPageFactory(parent=home, title="Faits divers", slug="faits-divers")
    dispatch = ingest("afp20.xml", afp)
    assert dispatch.language == "fr" and dispatch.status == Dispatch.Status.PENDING
    row = queue_row(client, dispatch)
    assert "rubrique à choisir" in row and "Langue" not in row

    preview = client.get(reverse("wire_preview", args=[dispatch.pk])).content.decode()
    select = BeautifulSoup(preview, "html.parser").select_one("select#wire-section")
    assert select.has_attr("required")
    chosen = select.select_one("option[selected]")
    assert chosen["value"] == "" and chosen.text == "— Choisir une rubrique —"
    assert str(first.pk) != chosen["value"]  # never the first section by default

    refused = client.post(
        reverse("wire_publish", args=[dispatch.pk]),
        {"section": "", "action": "publish"},
        follow=True,
    )
    assert "Choisissez une rubrique pour cette dépêche." in refused.content.decode()
    assert not ArticlePage.objects.exists()

    client.post(
        reverse("wire_publish", args=[dispatch.pk]),
        {"section": faits_divers.pk, "action": "publish"},
    )
    dispatch.refresh_from_db()
    assert dispatch.article.get_parent().pk == faits_divers.pk
    assert "rubrique à choisir" not in queue_row(client, dispatch)


def test_a_rule_skips_a_story_no_topic_places_and_the_queue_says_why(client, editor, afp, home):
    SectionPageFactory(parent=home, title="À la une", slug="a-la-une")
    dispatch = services.dispatch_store(item=wire_item(), source=afp)  # medtop:11000000, unmapped
    services.dispatch_apply(dispatch=dispatch)
    assert dispatch.status == Dispatch.Status.PENDING and not ArticlePage.objects.exists()
    assert "rubrique à choisir" in queue_row(client, dispatch)

    politique = SectionPageFactory(parent=home, title="Politique", slug="politique")
    TopicMapping.objects.create(qcode="medtop:11000000", section=politique)
    assert "rubrique à choisir" not in queue_row(client, dispatch)
    preview = client.get(reverse("wire_preview", args=[dispatch.pk])).content.decode()
    chosen = BeautifulSoup(preview, "html.parser").select_one("#wire-section option[selected]")
    assert chosen.text == "Politique"


def test_the_queue_finds_the_sections_of_a_whole_page_in_bounded_queries(
    client, editor, afp, home, django_assert_max_num_queries
):
    for n in range(30):
        services.dispatch_store(item=wire_item(guid=f"g{n}", language="en"), source=afp)
    client.get(reverse("wire_queue"))  # warm the session and the site caches
    with django_assert_max_num_queries(15):
        html = client.get(reverse("wire_queue")).content.decode()
    assert html.count("rubrique à choisir") == 30 and html.count("Langue : anglais") == 30
