"""The wire parser on the real agency samples and IPTC examples of shared/data/wire/.

They are read where they are (never copied into the project); skipped when the folder is absent.
"""

import pytest

from rotative.testing import skip_unless_present
from rotative.wire.parsing import WireParseError, parse

from .test_parsing_support import SAMPLES, assert_valid_item

pytestmark = skip_unless_present(SAMPLES)

# Samples that are refused, with the reason, and why that is right.
REFUSED = {
    # The specification's skeleton: a packageItem without guid and newsItems whose content is
    # "....." (no metadata at all). A newsMessage is taken whole or not at all.
    "LISTING_24_News_Message_conveying_a_complete_News_Package.xml": (
        "(élément 1 sur 5, sans guid) : Identifiant de l'élément (attribut guid) manquant"
    ),
    # Fragments of the specification, not documents: a bare NITF contentSet and a bare
    # contentMeta, outside any item and outside the NewsML-G2 namespace.
    "LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml": (
        "Ni NewsML-G2 ni NewsML 1.2 : élément racine « contentSet »."
    ),
    "LISTING_28_Illustrating_Located_Subject_and_Dateline.xml": (
        "Ni NewsML-G2 ni NewsML 1.2 : élément racine « contentMeta »."
    ),
    # The hop-history example replaces contentMeta and contentSet by comments: a text item
    # with neither headline nor body, nothing to publish.
    "LISTING_29_Hop_History.xml": "n'a ni titre (headline) ni texte (body)",
}
# Parsed, but with an empty headline as delivered: STT sent the story without a title
# (<headline/>, no slugline, no itemMeta/title); the body is there, so it is accepted.
NO_HEADLINE = {"stt_newsml_subject_test.xml"}


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def test_the_real_samples_are_there():
    assert len(list(SAMPLES.glob("*.xml"))) >= 20


@pytest.mark.parametrize(
    "path", sorted(SAMPLES.glob("*.xml")) if SAMPLES.is_dir() else [], ids=lambda p: p.name
)
def test_every_sample_parses_or_is_refused_in_french(path):
    if path.name in REFUSED:
        with pytest.raises(WireParseError) as refused:
            parse(path.read_bytes())
        reason = refused.value.reason
        assert REFUSED[path.name] in reason
        assert reason[0].isupper() and reason.endswith(".")
        assert not reason.startswith("Document illisible")  # an explicit, handled refusal
        return
    items = parse(path.read_bytes())
    assert items
    for item in items:
        assert_valid_item(item)
        if path.name in NO_HEADLINE:
            assert not item.headline and item.body_html
        else:
            assert item.headline
        for value in (item.headline, item.body_html, item.description, item.dateline):
            assert "Ã" not in value  # no mojibake anywhere


def test_afp20_declared_latin1_but_utf8_keeps_its_accents():
    (item,) = parse(sample("afp20.xml"))
    assert item.format == "newsml-1.2"
    assert item.headline == (
        "Décès de Naomi Musenga: l'opératrice du Samu définitivement condamnée"
    )
    assert item.extra["encoding"] == {"declared": "iso-8859-1", "used": "utf-8"}
    fields = [item.headline, item.slugline, item.dateline, item.body_html, item.creditline]
    assert not any("Ã" in field or "Â" in field for field in fields)
    assert "L'opératrice du Samu condamnée pour non-assistance à personne" in item.body_html
    assert item.slugline == "procès-santé-secours"
    assert item.extra["copyright"] == "© 2024 AFP"
    assert item.dateline == "Strasbourg, 10 juil 2024 (AFP)"
    assert item.located == "Strasbourg"
    assert item.language == "fr"
    assert item.provider == "AFP"
    assert item.guid == "urn:newsml:afp.com:20240710:240710125902.qpsp2jzk"
    assert item.version == 1
    assert item.body_html.count("<p>") == 2


def test_afp_english_nitf():
    (item,) = parse(sample("afp.xml"))
    assert item.headline == "Sweden court accepts receivership for Saab carmaker"
    assert item.located == "Stockholm"  # Location/Property City, better than "STOCKHOLM"
    assert item.urgency == 4
    assert item.language == "en"
    assert item.keywords[:2] == ("Sweden", "China")
    assert item.body_html.startswith("<p>A Chinese-owned company set up to take over Saab")
    assert item.body_html.count("<p>") == 9  # the tenth was the sign-off « hh/ph/ts/hd »
    assert item.links[0].residref.startswith("urn:newsml:afp.com:20140829:")


def test_news_messages():
    # Each of these newsMessage envelopes carries exactly one item (checked with grep):
    # dpa and Reuters send one item per message here; LISTING_24 shows several, but is refused.
    (dpa,) = parse(sample("dpa.xml"))
    assert dpa.provider == "dpa" and dpa.language == "de" and dpa.located == "London"
    assert dpa.headline.startswith("Eintracht in London")
    assert dpa.body_html.startswith("<p>London (dpa) - 2019 gab es bittere Tränen")
    assert "Notizblock" not in dpa.body_html and "slugline" not in dpa.body_html
    assert len(dpa.links) == 5 and dpa.links[0].title == "Champions-League-Homepage"
    assert dpa.keywords == ("Champions League", "Frankfurt", "London")

    (package,) = parse(sample("reuters_KBN0FL0NM_v10.xml"))
    assert (package.kind, package.version, package.provider) == ("package", 10, "Reuters")
    assert package.byline == "By Marwan Makdisi"
    assert [(link.rel, link.version) for link in package.links][:2] == [
        ("grpRole:Main", 5),
        ("grpRole:Main", 1),
    ]
    assert len(package.links) == 5
    assert package.links[0].title == "Confident Assad launches new term in stronger position"
    assert package.located == "Bangalore"

    (results,) = parse(sample("reuters_MTZXEE13ZXCZES_2.xml"))
    assert results.headline == "UPDATE 2-Primeira Liga Results"
    assert "Marítimo" in results.body_html and results.located == ""  # dateline is a timestamp


def test_listing_3_photo_renditions():
    for name in (
        "LISTING_3_Photo_in_NewsML-G2.xml",
        "LISTING_3A_Photo_in_NewsML-G2_(URI_sibling_attributes).xml",
    ):
        (item,) = parse(sample(name))
        assert item.kind == "picture"
        (picture,) = item.pictures
        assert picture.credit == "Getty Images"
        assert picture.caption.startswith("A general view of part of downtown")
        assert [(r.rendition, r.width, r.height, r.size) for r in picture.renditions] == [
            ("rnd:highRes", 1500, 1001, 346071),
            ("rnd:web", 480, 320, 28972),
            ("rnd:thumb", 80, 53, 6381),
        ]
        assert {k for k in item.keywords} >= {"business", "poverty"}


def test_listing_6_package_links():
    (item,) = parse(sample("LISTING_6_Simple_NewsML-G2_Package.xml"))
    assert item.kind == "package" and item.headline == "UK" and item.signals == ("update",)
    assert [(link.residref, link.title) for link in item.links] == [
        ("urn:newsml:iptc.org:20081007:tutorial-item-A", "Obama annonce son équipe"),
        ("urn:newsml:iptc.org:20081007:tutorial—item-B", "Barack Obama arrive à Washington"),
    ]


def test_listing_28_located_and_dateline_inside_an_item():
    # The listing is a bare contentMeta (refused alone); wrapped in an item, it gives its values.
    fragment = sample("LISTING_28_Illustrating_Located_Subject_and_Dateline.xml")
    data = (
        b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="test:listing-28" '
        b'version="1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>'
        + fragment
        + b'<contentSet><inlineData contenttype="text/plain">Texte.</inlineData></contentSet>'
        + b"</newsItem>"
    )
    (item,) = parse(data)
    assert item.dateline == "MOSCOW, Monday (Reuters)"
    assert item.located == "MOSCOW"  # located has a qcode but no name: the dateline's place
    assert item.language == "en-US"
    assert [s.qcode for s in item.subjects] == ["city:Tskhinvali", "city:Tblisi"]


def test_listing_1_and_2_text_items():
    (first,) = parse(sample("LISTING_1_A_NewsML-G2_News_Item.xml"))
    assert first.headline == 'Fed to halt QE to avert "bubble"'
    assert first.located == "Berlin" and first.signals == ("update",)
    assert (
        first.embargoed is not None and first.embargoed.isoformat() == "2018-10-23T12:00:00+00:00"
    )
    assert first.subjects[1].name == "labour market"  # the item's language, en-GB

    (second,) = parse(sample("LISTING_2_NewsML-G2_Text_Document.xml"))
    assert second.byline == "By Meredith Jameson, Staff Reporter"  # from the NITF body.head
    assert second.body_html.startswith("<p>(New York, NY - October 21) Et, sent luptat")
    assert second.provider == "acmenews.com"


def test_ansa_plain_text_labelled_html():
    (item,) = parse(sample("ansa-newsmlg2-text.xml"))
    assert item.extra["subheadline"] == "Foreign minister expresses faith in Spanish government"
    assert item.body_html.startswith("<p>(ANSA) - Rome, October 11 - Italian Foreign Minister")
    assert "&lt;p&gt;" not in item.body_html
    assert item.pictures[0].renditions[0].content_type == "image/jpeg"
