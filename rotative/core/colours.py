"""Colour contrast as WCAG 2.1 defines it (RGAA 3.2): the ratio of two colours' relative
luminances, and the darkest shade of an editor's colour that still reads on white."""

import re

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
TEXT_MINIMUM = 4.5  # normal text, WCAG 1.4.3 AA


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_on(colour: str, background: str = "#ffffff", minimum: float = TEXT_MINIMUM) -> str:
    """The colour itself if it reads on the background, else the same hue darkened step by
    step until it does (black at worst): « #e07b00 » becomes « #b36200 »."""
    if contrast_ratio(colour, background) >= minimum:
        return colour.lower()
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    for step in range(100, -1, -1):
        shade = "#{:02x}{:02x}{:02x}".format(*(round(v * step / 100) for v in (r, g, b)))
        if contrast_ratio(shade, background) >= minimum:
            return shade
    return "#000000"


def validate_readable_on_white(colour: str) -> None:
    """For a colour an editor picks for text on the page (a live label): refused below 4.5:1,
    with the nearest shade that passes."""
    if not HEX.match(colour or ""):
        return  # the format's own validator says so
    ratio = contrast_ratio(colour, "#ffffff")
    if ratio < TEXT_MINIMUM:
        raise ValidationError(
            _(
                "Cette couleur se lit mal sur fond blanc (contraste de %(ratio)s:1, il en faut "
                "4,5:1) : essayez %(shade)s, la même teinte plus foncée."
            )
            % {"ratio": number_format(ratio, 2), "shade": readable_on(colour)},
            code="contrast",
        )
