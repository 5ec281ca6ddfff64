"""The paper's logo for search engines (schema.org publisher.logo), drawn from its name.

No logo is uploaded anywhere yet: the name, set in the brand's blue in a bold serif on white,
makes a PNG within Google's 600×60 box. It follows the name the editors set (SiteIdentity),
so every installation gets its own, and is drawn once per name and process.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

LOGO_HEIGHT = 60
LOGO_MAX_WIDTH = 600
BRAND = (0x0B, 0x3D, 0x6E)  # --brand of site.css
PADDING = 8
# A bold serif as in the masthead where the system has one; Pillow's own font otherwise.
FONT_FILES = ("DejaVuSerif-Bold.ttf", "LiberationSerif-Bold.ttf")


@lru_cache(maxsize=8)
def brand_font(size: int):
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


@lru_cache(maxsize=16)
def _layout(name: str) -> tuple[int, int]:
    """(font size, image width): the largest size up to 40 px that fits 600 px."""
    size = 40
    while size > 12:
        width = int(brand_font(size).getlength(name)) + 2 * PADDING
        if width <= LOGO_MAX_WIDTH:
            return size, max(width, LOGO_HEIGHT)
        size -= 2
    return size, LOGO_MAX_WIDTH


def logo_width(name: str) -> int:
    return _layout(name)[1]


@lru_cache(maxsize=16)
def logo_png(name: str) -> bytes:
    size, width = _layout(name)
    image = Image.new("RGB", (width, LOGO_HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.text((width / 2, LOGO_HEIGHT / 2), name, font=brand_font(size), fill=BRAND, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
