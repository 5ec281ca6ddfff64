"""Colours an editor picks for text stay readable: WCAG's contrast ratio, and the live labels'
admin form refusing a colour below 4.5:1 with a shade that passes."""

from django.contrib.auth import get_user_model
from hypothesis import given
from hypothesis import strategies as st

from rotative.core.colours import contrast_ratio, readable_on
from rotative.live.models import LiveLabel

colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


def test_contrast_ratios_are_wcag_s():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#e07b00", "#ffffff"), 2) == 3.0  # 2.99: the old « Trafic » orange
    assert contrast_ratio("#c8102e", "#ffffff") > 4.5  # the alerts' red stays as it is


@given(colours)
def test_a_readable_shade_always_reads_on_white_and_keeps_a_readable_colour(colour):
    shade = readable_on(colour)
    assert contrast_ratio(shade, "#ffffff") >= 4.5
    if contrast_ratio(colour, "#ffffff") >= 4.5:
        assert shade == colour


def test_the_label_form_refuses_an_unreadable_colour_and_suggests_one(client, db):
    editor = get_user_model().objects.create_superuser("redac", "redac@example.fr", "x")
    client.force_login(editor)
    data = {"name": "Trafic", "slug": "trafic", "colour": "#e07b00", "sort_order": 1}
    page = client.post("/admin/etiquettes_direct/new/", data).content.decode()
    assert "Cette couleur se lit mal sur fond blanc (contraste de 2,99:1" in page
    assert "essayez #b36200" in page
    assert not LiveLabel.objects.exists()

    client.post("/admin/etiquettes_direct/new/", {**data, "colour": "#b36200"})
    assert LiveLabel.objects.get().colour == "#b36200"
