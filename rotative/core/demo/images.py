"""Illustrations drawn by the project for the demo: abstract Norman landscapes."""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = {
    "manche": ((120, 170, 210), (40, 90, 140), (220, 200, 150)),
    "calvados": ((170, 200, 230), (90, 140, 70), (200, 60, 50)),
    "faits-divers": ((60, 60, 80), (30, 30, 40), (230, 120, 40)),
    "politique": ((200, 210, 230), (30, 60, 120), (200, 30, 50)),
    "economie": ((230, 220, 200), (60, 110, 90), (240, 180, 40)),
    "sports": ((150, 200, 240), (40, 140, 70), (250, 250, 250)),
    "culture-loisirs": ((250, 200, 160), (120, 50, 110), (250, 220, 90)),
    "france-monde": ((180, 200, 220), (50, 70, 100), (240, 240, 240)),
}


def _mix(a, b, t):
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))


def illustration(seed: int, theme: str, size=(1600, 900)) -> bytes:
    """A JPEG of a sky, hills or sea bands, a sun and a few houses; same seed, same picture."""
    rng = random.Random(seed)
    sky, ground, accent = PALETTES.get(theme, PALETTES["france-monde"])
    width, height = size
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    horizon = int(height * rng.uniform(0.45, 0.65))
    top = _mix(sky, (255, 255, 255), 0.4)
    for y in range(horizon):
        draw.line([(0, y), (width, y)], fill=_mix(top, sky, y / horizon))
    sun_x, sun_y, radius = (
        rng.randint(100, width - 100),
        rng.randint(60, horizon - 80),
        rng.randint(40, 110),
    )
    draw.ellipse(
        [sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius],
        fill=_mix(accent, (255, 255, 255), 0.3),
    )
    for band in range(4):
        base = horizon + band * (height - horizon) // 4
        amplitude, wavelength, phase = (
            rng.randint(10, 50),
            rng.randint(200, 700),
            rng.random() * math.tau,
        )
        colour = _mix(ground, (0, 0, 0), band * 0.12)
        points = [
            (x, base + amplitude * math.sin(x / wavelength * math.tau + phase))
            for x in range(0, width + 40, 40)
        ]
        draw.polygon([*points, (width, height), (0, height)], fill=colour)
    for _ in range(rng.randint(3, 7)):
        x, y = rng.randint(0, width), rng.randint(horizon - 120, height - 40)
        w, h = rng.randint(30, 120), rng.randint(60, 220)
        draw.rectangle([x, y - h, x + w, y], fill=_mix(accent, ground, rng.random() * 0.6))
        draw.polygon(
            [(x - 8, y - h), (x + w // 2, y - h - rng.randint(20, 70)), (x + w + 8, y - h)],
            fill=_mix(ground, (0, 0, 0), 0.4),
        )
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()
