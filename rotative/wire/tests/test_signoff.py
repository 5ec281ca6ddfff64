"""AFP's closing initials (« hh/ph/ts/hd ») never reach readers; the copy before them stays."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rotative.testing import skip_unless_present
from rotative.wire import conversion
from rotative.wire.parsing import parse, signoff
from rotative.wire.parsing.html import from_plain_text

from .test_parsing_support import SAMPLES


@skip_unless_present(SAMPLES / "afp.xml")
def test_the_real_afp_story_loses_its_initials_and_keeps_its_last_sentence():
    (item,) = parse((SAMPLES / "afp.xml").read_bytes())
    assert "hh/ph/ts/hd" not in item.body_html
    assert item.body_html.endswith(
        "the company has targeted the Chinese market with a line of electric cars.</p>"
    )
    assert item.extra["signoff"] == "hh/ph/ts/hd"


@skip_unless_present(SAMPLES / "dpa.xml")
def test_an_empty_last_paragraph_of_a_non_breaking_space_is_dropped():
    items = parse((SAMPLES / "dpa.xml").read_bytes())
    assert all(not item.body_html.endswith("<p>&nbsp;</p>") for item in items)


@pytest.mark.parametrize(
    ("body", "expected", "initials"),
    [
        ("<p>Le texte.</p><p>hh/ph/ts/hd</p>", "<p>Le texte.</p>", "hh/ph/ts/hd"),
        ("<p>Le texte.</p><p>jlb/ber</p>", "<p>Le texte.</p>", "jlb/ber"),
        ("<p>Le texte.</p><p>pa-mra/</p>", "<p>Le texte.</p>", "pa-mra/"),
        ("<p>Le texte.</p><p>pa-mra/ial</p>", "<p>Le texte.</p>", "pa-mra/ial"),
        ("<p>Le texte.</p><p>cor-bur-pab/lbx/ial</p>", "<p>Le texte.</p>", "cor-bur-pab/lbx/ial"),
        ("<p>Le texte.<br>jlb/ber</p>", "<p>Le texte.</p>", "jlb/ber"),
        ("<p>Le texte.<br><br>jlb/ber<br></p>", "<p>Le texte.</p>", "jlb/ber"),
        ("<p>Il a dit « non ». jlb/ber</p>", "<p>Il a dit « non ».</p>", "jlb/ber"),
        ("<p>Le texte.&nbsp;jlb/ber</p>", "<p>Le texte.</p>", "jlb/ber"),
    ],
)
def test_every_form_of_the_sign_off_is_dropped(body, expected, initials):
    assert signoff.strip_html(body) == (expected, initials)


@pytest.mark.parametrize(
    "body",
    [
        "<p>Le service est ouvert 24/7</p>",
        "<p>La réunion est fixée au 12/05</p>",
        "<p>Le match aura lieu le 12/05.</p><p>12/05</p>",
        "<p>Il roulait à 130 km/h</p>",
        "<p>La grève touche la SNCF/RATP</p>",
        "<p>Les collections été/hiver</p>",
        "<p>Choisissez le thé et/ou le café</p>",  # glued to the sentence: a word, not initials
        "<p>hh/ph/ts/hd a été vu en premier.</p><p>Puis le reste.</p>",  # not at the end
        "<p>Voir www.afp.com/fr</p>",
    ],
)
def test_real_text_that_looks_like_initials_stays(body):
    assert signoff.strip_html(body) == (body, "")


def test_plain_text_drops_the_initials_on_their_own_last_line():
    text = "Le texte se termine ici\net continue.\nIl est 12/05\njlb/ber\n"
    assert from_plain_text(text) == "<p>Le texte se termine ici et continue. Il est 12/05</p>"
    assert from_plain_text("Ouvert 24/7\n") == "<p>Ouvert 24/7</p>"


def test_a_dispatch_stored_with_its_initials_is_published_without_them():
    chapo, body = conversion.chapo_and_body("Résumé.", "<p>Le texte.</p><p>hh/ph/ts/hd</p>")
    assert "hh/ph" not in body and "Le texte." in body


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéàç0123456789 ,;:'-/", min_size=1)
ends = st.sampled_from([".", "!", "?", " »", "", " 24/7", " 12/05", " km/h"])
initials = st.from_regex(r"\A[a-z]{2,4}(-[a-z]{2,4})?(/[a-z]{2,4}){0,3}/?\Z").filter(
    lambda s: "/" in s
)


@given(text=words, end=ends, initials=initials, lead=st.sampled_from(["</p><p>", "<br>", " "]))
def test_initials_after_any_last_sentence_are_dropped_and_the_sentence_kept(
    text, end, initials, lead
):
    sentence = f"{text.strip()}{end}".strip() or "Fin"
    if lead == " ":
        sentence = sentence.rstrip(".!?»") + "."  # glued only after the end of a sentence
    body = f"<p>Début.</p><p>{sentence}{lead}{initials}</p>"
    cleaned, found = signoff.strip_html(body)
    assert found == initials
    assert cleaned == f"<p>Début.</p><p>{sentence}</p>"


@given(text=words, end=ends)
def test_text_without_initials_is_never_changed(text, end):
    body = f"<p>Début.</p><p>{text.strip()}{end}</p>"
    assert signoff.strip_html(body) == (body, "") or signoff.is_signoff(
        body.rsplit("<p>", 1)[-1].removesuffix("</p>").split()[-1]
    )
