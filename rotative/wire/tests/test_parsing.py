"""The wire parser on fixtures written for Rotative from the IPTC NewsML-G2 specification."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from rotative.wire.parsing import Concept, ItemLink, Rendition, WireParseError, parse

from .test_parsing_support import assert_safe_html, assert_valid_item, fixture


def one(name: str):
    items = parse(fixture(name))
    assert len(items) == 1
    assert_valid_item(items[0])
    return items[0]


# --- NewsML-G2 ---------------------------------------------------------------------------


def test_text_item_fields():
    item = one("g2_text.xml")
    assert item.format == "newsml-g2"
    assert item.kind == "text"
    assert item.guid == "urn:newsml:rotative.test:20240710:crue-moselle"
    assert item.version == 1
    assert item.pub_status == "usable"
    assert item.signals == ()
    assert item.version_created == datetime(
        2024, 7, 10, 10, 30, tzinfo=timezone(timedelta(hours=2))
    )
    assert item.first_created == datetime(2024, 7, 10, 10, 15, tzinfo=UTC)  # no zone: UTC
    assert item.embargoed is None
    assert item.headline == "La Moselle en crue, trois communes évacuées"
    assert item.extra["subheadline"] == "La décrue n'est pas attendue avant jeudi"
    assert item.slugline == "France-météo-crue"
    assert item.dateline == "Metz, 10 juil 2024 (AFP)"
    assert item.located == "Metz"  # the name in the item's language
    assert item.creditline == "AFP"
    assert item.byline == "Par Jeanne Martin"
    assert item.description == "La préfecture a ordonné l'évacuation de trois communes."
    assert item.urgency == 3
    assert item.language == "fr"
    assert item.keywords == ("crue", "Moselle")
    assert item.provider == "AFP"
    assert item.subjects == (
        Concept("medtop:06000000", "", "environnement", "cpnat:abstract"),
        Concept(
            "medtop:20000139",
            "http://cv.iptc.org/newscodes/mediatopic/20000139",
            "catastrophe naturelle",
            "cpnat:abstract",
        ),
        Concept("geo:metz", "", "Metz", "cpnat:geoArea"),
    )
    assert item.genres == (Concept("genre:Current", "", "Actualité", ""),)
    assert item.links == (
        ItemLink(
            rel="irel:seeAlso",
            href="https://www.example.org/vigicrues",
            content_type="text/html",
            title="Vigilance crues",
        ),
    )
    assert item.body_html == (
        "<p>La Moselle est sortie de son lit dans la nuit de mardi à mercredi.</p>"
        "<h3>Des routes coupées</h3>"
        "<p>Selon la préfecture, <strong>douze routes</strong> restent fermées ; le détail est "
        'sur le <a href="https://www.example.org/routes" rel="noopener noreferrer nofollow">'
        "site de la préfecture</a>.</p>"
        "<ul><li>Hauconcourt</li><li>Argancy</li></ul>"
    )
    assert "La Moselle en crue</p>" not in item.body_html  # the XHTML head/title is not body


def test_picture_item_with_renditions():
    item = one("g2_picture.xml")
    assert item.kind == "picture"
    assert item.version == 3
    assert item.provider == "AFP"  # literal "afp.com"
    assert item.description.startswith("Des habitants traversent")
    (picture,) = item.pictures
    assert picture.guid == item.guid
    assert picture.headline == "Une rue inondée à Hauconcourt"
    assert picture.caption == item.description
    assert picture.credit == "AFP / Pierre Durand"
    assert picture.renditions == (
        Rendition(
            href="https://medias.example.org/photos/crue-1-hd.jpg",
            rendition="rnd:highRes",
            content_type="image/jpeg",
            width=3000,
            height=2000,
            size=2456789,
        ),
        Rendition(
            href="https://medias.example.org/photos/crue-1-preview.jpg",
            rendition="rnd:preview",  # from renditionuri
            content_type="image/jpeg",
            width=1024,
            height=683,
            size=210334,
        ),
        Rendition(
            href="https://medias.example.org/photos/crue-1-vignette.jpg",
            rendition="rnd:thumbnail",
            content_type="image/jpeg",
            width=160,
            height=107,
        ),
    )


def test_package_item_links():
    item = one("g2_package.xml")
    assert item.kind == "package"
    assert item.headline == "Crue de la Moselle : l'essentiel"
    assert item.extra["item_class"] == "ninat:composite"
    assert item.links == (
        ItemLink(
            rel="group:main",
            residref="urn:newsml:rotative.test:20240710:crue-moselle",
            version=1,
            content_type="application/vnd.iptc.g2.newsitem+xml",
            title="La Moselle en crue, trois communes évacuées",
        ),
        ItemLink(
            rel="group:side",
            href="https://medias.example.org/items/photo-crue-1.xml",
            residref="urn:newsml:rotative.test:20240710:photo-crue-1",
            version=3,
            content_type="application/vnd.iptc.g2.newsitem+xml",
            title="Une rue inondée à Hauconcourt",
        ),
    )


def test_update_correction_kill_embargo():
    update = one("g2_update.xml")
    assert (update.version, update.signals) == (2, ("update",))
    assert update.version_created == datetime(
        2024, 7, 10, 14, 45, 0, 250000, tzinfo=timezone(timedelta(hours=2))
    )
    assert update.links[0].rel == "irel:previousVersion"
    assert update.links[0].version == 1

    correction = one("g2_correction.xml")
    assert correction.kind == "text"  # itemClass given as a URI
    assert (correction.version, correction.signals) == (3, ("correction",))

    kill = one("g2_kill.xml")  # no headline, no body: still accepted, it is a kill
    assert (kill.pub_status, kill.signals, kill.version) == ("canceled", ("kill",), 4)

    embargoed = one("g2_embargoed.xml")
    assert embargoed.embargoed == datetime(2024, 7, 5, 6, 0, tzinfo=UTC)
    assert embargoed.pub_status == "usable"


def test_news_message_returns_every_item_whatever_the_prefix():
    items = parse(fixture("g2_newsmessage.xml"))
    assert [i.guid for i in items] == [
        "urn:newsml:rotative.test:20240710:tour-etape-10",
        "urn:newsml:rotative.test:20240710:canicule-alsace",
    ]  # the conceptItem between them is not news: skipped
    first, second = items
    assert first.body_html == "<p>Le sprint massif a tenu ses promesses.</p>"
    assert first.located == "Saint-Amand-Montrond"  # from the dateline
    assert second.pub_status == "withheld"
    for item in items:
        assert_valid_item(item)


def test_news_message_is_refused_whole_when_one_item_is_broken():
    data = fixture("g2_newsmessage.xml").replace(
        b'guid="urn:newsml:rotative.test:20240710:canicule-alsace"', b""
    )
    with pytest.raises(WireParseError) as refused:
        parse(data)
    assert "élément 2 sur 2" in refused.value.reason
    assert "guid" in refused.value.reason


def test_inline_data_plain_text_is_split_and_escaped():
    item = one("g2_inlinedata.xml")
    assert item.pub_status == "usable"  # pubStatus absent: the NewsML-G2 default
    assert item.body_html == (
        "<p>Le CAC 40 a gagné 0,8 % mercredi, porté par le luxe &amp; l'automobile.</p>"
        "<p>Les volumes sont restés &lt;faibles&gt; : "
        '&lt;script&gt;alert("non")&lt;/script&gt;</p>'
        "<p>Prochaine séance jeudi.</p>"
    )


def test_inline_data_html():
    data = fixture("g2_inlinedata.xml").replace(
        b'contenttype="text/plain"', b'contenttype="text/html"'
    )
    data = data.replace(
        b"Prochaine s\xc3\xa9ance jeudi.", b"&lt;h1 onclick='x'&gt;Prochaine&lt;/h1&gt;"
    )
    body = parse(data)[0].body_html
    assert "<h2>Prochaine</h2>" in body
    assert "<script" not in body and "alert" not in body
    assert_safe_html(body)


def test_nitf_body_mapping():
    item = one("g2_nitf.xml")
    assert item.byline == "Par Paul Lefèvre"  # from NITF body.head when contentMeta has no by
    assert item.description == "Le festival accueille cette année quarante spectacles."
    assert item.body_html == (
        "<p>Le rideau s'est levé samedi dans la Cour d'honneur du <em>Palais des papes</em>.</p>"
        "<h2>Une programmation internationale</h2>"
        "<p>La directrice a cité un texte et renvoyé au "
        '<a href="https://festival.example.org/programme" rel="noopener noreferrer nofollow">'
        "programme</a>.</p>"
        "<blockquote><p>« Le théâtre est une fête »</p><p>La directrice</p></blockquote>"
    )
    assert "Légende" not in item.body_html and "pl/ab" not in item.body_html


def test_hostile_body_is_sanitised():
    item = one("script_body.xml")
    body = item.body_html
    assert_safe_html(body)
    active = body.replace('<p>Fin &lt;script&gt;alert("texte")&lt;/script&gt;.</p>', "")
    for bad in ("alert", "cookie", "display", "onclick", "onerror", "iframe", "evil", "/relatif"):
        assert bad not in active, bad
    assert body.startswith("<p>Premier paragraphe.</p>")
    assert "<p>Texte nu dans une div</p><h2>Intertitre de niveau 1</h2>" in body
    assert '<a href="mailto:redaction@example.org" rel="noopener noreferrer nofollow">' in body
    # text that merely shows markup stays text
    assert '<p>Fin &lt;script&gt;alert("texte")&lt;/script&gt;.</p>' in body


# --- NewsML 1.2 --------------------------------------------------------------------------


def test_newsml12_latin1_afp_story():
    data = fixture("afp_newsml12_latin1.xml")
    assert b"\xe9" in data and "é".encode() not in data  # really ISO-8859-1 bytes
    item = one("afp_newsml12_latin1.xml")
    assert item.format == "newsml-1.2"
    assert item.kind == "text"
    assert item.guid == "urn:newsml:afp.com:20240710:240710103000.rotatif"
    assert item.extra["public_identifier"].endswith(":2")
    assert item.version == 2
    assert item.signals == ("update",)
    assert item.first_created == datetime(2024, 7, 10, 8, 30, tzinfo=UTC)
    assert item.version_created == datetime(2024, 7, 10, 8, 34, tzinfo=UTC)
    assert item.headline == "Strasbourg : le tramway de nouveau à l'arrêt, grève des conducteurs"
    assert item.dateline == "Strasbourg, 10 juil 2024 (AFP)"
    assert item.located == "Strasbourg"
    assert item.slugline == "société-transports-grève"
    assert item.creditline == "AFP" and item.provider == "AFP"
    assert item.extra["copyright"] == "© 2024 AFP"
    assert item.language == "fr"
    assert item.urgency == 3
    assert item.keywords == ("grève", "tramway")
    assert [s.qcode for s in item.subjects] == ["subj:09000000", "subj:09002000"]
    assert item.genres == (Concept(name="Actualité"),)
    assert item.extra["of_interest_to"] == ["ext--francais--regions--basrhin"]
    assert item.links == (
        ItemLink(
            rel="associatedWith", residref="urn:newsml:afp.com:20240709:240709170000.precedent"
        ),
    )
    assert item.body_html == (
        "<p>Le réseau de tramway de Strasbourg était à l'arrêt mercredi matin, à l'appel des "
        "syndicats de conducteurs.</p><p>La direction évoque « un mouvement très suivi » et "
        "promet un service réduit à partir de 14h00.</p>"
    )
    (picture,) = item.pictures
    assert picture.guid == "photo-tram-1"
    assert picture.caption.startswith("Une rame immobilisée place de l'Homme-de-Fer")
    assert picture.credit == "AFP / Frédéric Muller"
    assert [(r.rendition, r.width, r.height) for r in picture.renditions] == [
        ("HighDef", 2048, 1365),
        ("Quicklook", 512, 341),
    ]
    assert picture.renditions[0].size == 1843200
    assert "rame" not in item.body_html  # the caption is not part of the story


def test_newsml12_kill_and_embargo():
    data = fixture("afp_newsml12_latin1.xml")
    killed = parse(
        data.replace(b'<Status FormalName="Usable"/>', b'<Status FormalName="Canceled"/>')
    )
    assert killed[0].pub_status == "canceled" and "kill" in killed[0].signals

    embargo = (
        b'<Status FormalName="Embargoed"/><StatusWillChange><FutureStatus FormalName="Usable"/>'
        b"<DateAndTime>20240711T060000+0200</DateAndTime></StatusWillChange>"
    )
    item = parse(data.replace(b'<Status FormalName="Usable"/>', embargo))[0]
    assert item.pub_status == "usable"
    assert item.embargoed == datetime(2024, 7, 11, 4, 0, tzinfo=UTC)


def test_newsml12_headline_only_flash_is_accepted_but_empty_item_is_not():
    data = fixture("afp_newsml12_latin1.xml")
    start = data.index(b'<NewsComponent>\n        <Role FormalName="Main"/>')
    end = data.rindex(b"</NewsComponent>\n  </NewsItem>")
    flash = parse(data[:start] + data[end:])[0]
    assert (flash.kind, flash.body_html, flash.pictures) == ("text", "", ())
    assert flash.headline.startswith("Strasbourg")
    headline = "<HeadLine>Strasbourg : le tramway de nouveau à l'arrêt, grève des conducteurs"
    empty = (data[:start] + data[end:]).replace(headline.encode("iso-8859-1"), b"<HeadLine>")
    with pytest.raises(WireParseError, match="ni titre"):
        parse(empty)

    photo_only = data.replace(headline.encode("iso-8859-1"), b"<HeadLine>")
    start_main = photo_only.index(b'<NewsComponent>\n        <Role FormalName="Main"/>')
    end_main = photo_only.index(b'<NewsComponent Duid="photo-tram-1">')
    picture = parse(photo_only[:start_main] + photo_only[end_main:])[0]
    assert picture.kind == "picture"
    assert picture.headline == "Une rame de tramway à l'arrêt place de l'Homme-de-Fer"


# --- Refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("malformed.xml", "n'est pas du XML bien formé (ligne 7 : Opening and ending tag"),
        ("billion_laughs.xml", "entités XML"),
        ("xxe.xml", "entités XML"),
        ("wrong_root.xml", "Ni NewsML-G2 ni NewsML 1.2 : élément racine « rss »."),
        ("missing_guid.xml", "guid"),
    ],
)
def test_refused_fixtures(name, expected):
    with pytest.raises(WireParseError) as refused:
        parse(fixture(name))
    assert expected in refused.value.reason
    assert "root:" not in refused.value.reason  # never a line of /etc/passwd


def test_huge_input_is_refused_before_parsing():
    from rotative.wire.parsing.parse import MAX_BYTES

    data = b"<newsItem>" + b"x" * MAX_BYTES + b"</newsItem>"
    with pytest.raises(WireParseError, match="trop volumineux"):
        parse(data)


@pytest.mark.parametrize("data", [b"", b"   \n", "<newsItem/>"])
def test_empty_or_not_bytes(data):
    with pytest.raises(WireParseError):
        parse(data)
