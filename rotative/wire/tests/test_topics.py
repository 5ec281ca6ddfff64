"""Agency topics are shown by their French name, never as `subj:04011002`."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse

from rotative.testing import skip_unless_present
from rotative.wire import services
from rotative.wire.models import Dispatch, PublishingRule, TopicMapping
from rotative.wire.parsing import parse
from rotative.wire.topics import topic_names, topic_of, topics_of

from .test_parsing_support import SAMPLES


@pytest.fixture
def editor(db, client, home):
    user = get_user_model().objects.create_superuser("desk", "desk@example.org", "motdepasse")
    client.force_login(user)
    return user


def queue_topics(client) -> list[str]:
    html = client.get(reverse("wire_queue")).content.decode()
    return [td.text for td in BeautifulSoup(html, "html.parser").select(".wire-queue td.topics")]


@skip_unless_present(SAMPLES / "afp.xml")
def test_the_afp_story_shows_its_topics_in_french_in_the_queue_and_codes_only_in_preview(
    client, editor
):
    services.wire_ingest_bytes(data=(SAMPLES / "afp.xml").read_bytes(), filename="afp.xml")
    dispatch = Dispatch.objects.get()
    assert dispatch.subject_codes.split()[0] == "subj:04011002"
    (shown,) = queue_topics(client)
    assert shown == "automobile, faillite, économie, entreprises et finance"
    assert "subj:" not in shown
    preview = client.get(reverse("wire_preview", args=[dispatch.pk])).content.decode()
    topics = BeautifulSoup(preview, "html.parser").select_one(".dispatch-topics").text
    assert "automobile subj:04011002" in " ".join(topics.split())
    # The desk finds it by the name it reads.
    found = client.get(reverse("wire_queue"), {"topic": "automobile"}).content.decode()
    assert "Sweden court accepts receivership" in found


@skip_unless_present(SAMPLES / "LISTING_1_A_NewsML-G2_News_Item.xml")
def test_iptc_media_topics_named_in_english_by_the_agency_are_shown_in_french():
    (item,) = parse((SAMPLES / "LISTING_1_A_NewsML-G2_News_Item.xml").read_bytes())
    subjects = [{"qcode": s.qcode, "name": s.name, "lang": s.lang} for s in item.subjects]
    assert [s["name"] for s in subjects] == ["economy, business and finance", "labour market"]
    assert topic_names(subjects) == ["économie, entreprises et finance", "marché du travail"]


def test_a_french_name_from_the_agency_is_preferred_to_the_table():
    subject = {"qcode": "medtop:04000000", "name": "économie, affaires et finances", "lang": "fr"}
    assert topic_of(subject).name == "économie, affaires et finances"


def test_a_french_name_in_the_newsml_wins_over_the_item_language(tmp_path):
    xml = b"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:1" version="1" xml:lang="en">
 <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:AFP"/></itemMeta>
 <contentMeta><language tag="en"/>
  <subject qcode="medtop:20000523"><name>labour market</name>
   <name xml:lang="fr">emploi</name></subject>
  <headline>Jobs</headline></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml">
  <html xmlns="http://www.w3.org/1999/xhtml"><body><p>Text.</p></body></html>
 </inlineXML></contentSet></newsItem>"""
    (item,) = parse(xml)
    assert (item.subjects[0].name, item.subjects[0].lang) == ("emploi", "fr")


@pytest.mark.parametrize(
    ("subject", "name"),
    [
        ({"qcode": "subj:04016038"}, "résultats trimestriels ou semestriels"),
        ({"qcode": "subj:04016099"}, "vie des entreprises"),  # unknown: its family
        ({"qcode": "subj:15099099"}, "sport"),  # unknown family: the top level
        ({"qcode": "iptc:11000000"}, "politique"),
        ({"uri": "http://cv.iptc.org/newscodes/mediatopic/15000000"}, "sport"),
        ({"qcode": "N2:SOC", "name": "Soccer", "lang": "en"}, "Soccer"),
    ],
)
def test_names_from_the_table_or_the_nearest_broader_topic(subject, name):
    assert topic_of(subject).name == name


@pytest.mark.parametrize(
    "subject",
    [
        {"qcode": "MCC:a"},
        {"qcode": "medtop:20999999"},
        {"qcode": "sttlocationalias:20016", "name": ""},
        {"qcode": "x:1", "name": "int001"},
    ],
)
def test_an_unknown_topic_is_said_so_never_shown_as_its_code(subject):
    topic = topic_of(subject)
    assert topic.name == "Thème non répertorié" and not topic.known
    assert topic.qcode  # the admin still shows which code it was


def test_lists_show_known_names_once_and_unknown_ones_only_when_alone():
    assert topic_names([{"qcode": "MCC:a"}, {"qcode": "subj:15054000"}]) == ["football"]
    assert topic_names([{"qcode": "MCC:a"}, {"qcode": "MCC:i"}]) == ["Thème non répertorié"]
    both = [{"qcode": "subj:15054000"}, {"qcode": "medtop:20001065", "name": "Fußball"}]
    assert topic_names(both) == ["football"]
    assert len(topics_of([{"qcode": "MCC:a"}, {"qcode": "MCC:i"}])) == 2  # admin: each code
    dpa = [{"qcode": "dpacountry:1", "name": "Deutschland", "lang": "de"}, *both]
    assert topic_names(dpa) == ["football", "Deutschland"]


@pytest.mark.django_db
def test_a_topic_mapping_is_labelled_with_the_topics_name():
    assert TopicMapping.objects.create(qcode="subj:04011002").label == "automobile"
    assert TopicMapping.objects.create(qcode="x:nothing").label == ""


@pytest.mark.django_db
def test_publishing_rules_list_their_topic_by_name_then_code(client, editor):
    from rotative.wire.tests.factories import WireSourceFactory

    PublishingRule.objects.create(
        name="Automobile", source=WireSourceFactory(), subject_qcode="subj:04011002"
    )
    listing = client.get(reverse("publishingrule:index")).content.decode()
    assert "automobile (subj:04011002)" in listing
