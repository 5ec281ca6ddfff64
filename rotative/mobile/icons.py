"""The installed app's icons, drawn from the paper's name (no logo is uploaded anywhere yet).

The paper's initials in a bold serif, white on the brand's blue (as core/logo.py draws the
publisher logo): « Le Phare normand » gives « PN ». A maskable icon is cropped by the phone
to a circle, a squircle or a rounded square that may keep only the central 80 %: its letters
stay inside that circle. Each icon is drawn once per name, size and kind, per process.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw

from rotative.core.identity import article_guess, name_rest
from rotative.core.logo import brand_font

WHITE = (0xFF, 0xFF, 0xFF)
# What the manifest lists (`name` in the URL: /icones/<name>.png) and the home-screen icon iOS
# asks for at the site's root: (size in pixels, maskable).
ICONS = {"192": (192, False), "512": (512, False), "masquable-512": (512, True)}
APPLE_TOUCH_SIZE = 180


def initials(name: str) -> str:
    """Up to two capitals from the words of the name after its article: « Le Phare normand »
    → « PN », « L'Écho de la Manche » → « EM », « Ouest-Info » → « OI ». Short words (de, la,
    du…) are left out unless the name has nothing else."""
    rest = name_rest(name, article_guess(name)) or name
    words = [word for part in rest.split() for word in part.split("-") if word]
    long_words = [word for word in words if len(word) > 3 or word[:1].isupper()]
    # « de », « la », « du », « des »: articles and prepositions inside the name.
    long_words = [word for word in long_words if word.lower() not in {"de", "la", "du", "des"}]
    chosen = long_words or words or ["?"]
    letters = "".join(word[0] for word in chosen[:2]).upper()
    return letters


def _fit(text: str, box: float, size_hint: int):
    """The largest font whose rendering of `text` fits a `box`×`box` square."""
    size = size_hint
    while size > 8:
        font = brand_font(size)
        left, top, right, bottom = font.getbbox(text)
        if right - left <= box and bottom - top <= box:
            return font
        size -= max(1, size // 20)
    return brand_font(8)


@lru_cache(maxsize=32)
def icon_png(name: str, size: int, *, maskable: bool = False) -> bytes:
    from rotative.mobile.selectors import theme_colours

    brand = theme_colours()["theme"]
    image = Image.new("RGB", (size, size), brand)
    draw = ImageDraw.Draw(image)
    text = initials(name)
    # The maskable safe zone is the circle of 40 % radius: its inscribed square is 0.57 of
    # the side; an ordinary icon may use more of it.
    box = size * (0.5 if maskable else 0.66)
    font = _fit(text, box, size_hint=int(size * 0.7))
    # Centred on the letters' ink, not on the font's line: capitals sit in the middle.
    left, top, right, bottom = font.getbbox(text)
    origin = ((size - (right - left)) / 2 - left, (size - (bottom - top)) / 2 - top)
    draw.text(origin, text, font=font, fill=WHITE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
