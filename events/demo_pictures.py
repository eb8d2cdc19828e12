"""Pictures for the demo data, drawn with Pillow: a motif per category, no text in them.

Placeholders that look like a festival of Japan (sun, waves, fans, lanterns) and tell the
categories apart at a glance; real events bring their own photographs.
"""

import io
import math
import textwrap

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from quinzaine.text import strip_accents

INDIGO, VERMILION, PAPER = (31, 42, 90), (179, 38, 30), (247, 243, 234)
PALETTE = [(31, 45, 90), (188, 45, 41), (46, 92, 74), (204, 140, 44), (92, 62, 120)]
# Background and ink of each category's picture.
COLOURS = {
    "exposition": ((236, 228, 212), INDIGO),
    "atelier-culinaire": ((246, 226, 200), VERMILION),
    "projection": ((34, 38, 58), (240, 200, 90)),
    "meditation": ((232, 238, 230), (46, 92, 74)),
    "conference": ((228, 232, 244), INDIGO),
    "spectacle": ((120, 24, 20), (240, 200, 90)),
    "sport": ((222, 236, 242), (11, 92, 128)),
    "rencontre-economique": ((240, 236, 226), (92, 62, 120)),
    "atelier": ((244, 236, 240), VERMILION),
    "visite": ((236, 242, 232), VERMILION),
}
SIZE = (1200, 675)


def _waves(draw, top, colour, size=SIZE):
    """Draw rows of seigaiha (overlapping wave arcs) from `top` to the bottom."""
    width, height = size
    radius = 60
    for row, y in enumerate(range(top, height + radius, radius // 2)):
        shift = radius if row % 2 else 0
        for x in range(-radius + shift, width + radius, radius * 2):
            for ring in (radius, radius * 2 // 3, radius // 3):
                draw.pieslice([x - ring, y - ring, x + ring, y + ring], 180, 360, fill=colour)
                colour = _lighter(colour) if ring == radius else colour
            colour = _darker(colour)


def _lighter(colour):
    return tuple(min(255, c + 40) for c in colour)


def _darker(colour):
    return tuple(max(0, c - 40) for c in colour)


def _motif(draw, slug, ink, centre):
    cx, cy = centre
    if slug == "exposition":  # A hanging scroll.
        draw.rectangle(
            [cx - 110, cy - 200, cx + 110, cy + 170], fill=(250, 247, 240), outline=ink, width=10
        )
        draw.ellipse([cx - 60, cy - 120, cx + 60, cy], fill=VERMILION)
        draw.rectangle([cx - 135, cy - 215, cx + 135, cy - 195], fill=ink)
    elif slug == "atelier-culinaire":  # A bowl and chopsticks.
        draw.pieslice([cx - 170, cy - 150, cx + 170, cy + 150], 0, 180, fill=ink)
        draw.line([cx - 40, cy - 200, cx + 160, cy - 20], fill=INDIGO, width=14)
        draw.line([cx + 10, cy - 210, cx + 200, cy - 40], fill=INDIGO, width=14)
    elif slug == "projection":  # A film strip.
        draw.rectangle([cx - 260, cy - 90, cx + 260, cy + 90], fill=(20, 20, 24))
        for x in range(cx - 240, cx + 240, 48):
            draw.rectangle([x, cy - 80, x + 24, cy - 62], fill=ink)
            draw.rectangle([x, cy + 62, x + 24, cy + 80], fill=ink)
        for x in (cx - 230, cx - 60, cx + 110):
            draw.rectangle([x, cy - 50, x + 120, cy + 50], fill=ink)
    elif slug == "meditation":  # An ensō, the open circle of the brush.
        draw.arc([cx - 170, cy - 170, cx + 170, cy + 170], 20, 330, fill=ink, width=34)
    elif slug == "conference":  # Paper lanterns.
        for x in (cx - 170, cx, cx + 170):
            draw.ellipse([x - 60, cy - 100, x + 60, cy + 90], fill=VERMILION)
            draw.rectangle([x - 40, cy - 112, x + 40, cy - 96], fill=ink)
            draw.rectangle([x - 40, cy + 86, x + 40, cy + 102], fill=ink)
    elif slug == "spectacle":  # A folding fan.
        for n, start in enumerate(range(200, 340, 14)):
            fill = ink if n % 2 else (250, 230, 170)
            draw.pieslice([cx - 230, cy - 170, cx + 230, cy + 290], start, start + 14, fill=fill)
        draw.pieslice([cx - 70, cy - 10, cx + 70, cy + 130], 180, 360, fill=(120, 24, 20))
    elif slug == "sport":  # A rising sun with its rays.
        for angle in range(0, 360, 20):
            x = cx + 400 * math.cos(math.radians(angle))
            y = cy + 400 * math.sin(math.radians(angle))
            draw.polygon([(cx, cy), (x, y), (x + 60, y + 60)], fill=_lighter(ink))
        draw.ellipse([cx - 110, cy - 110, cx + 110, cy + 110], fill=VERMILION)
    elif slug == "rencontre-economique":  # Two circles meeting.
        draw.ellipse([cx - 230, cy - 130, cx + 30, cy + 130], outline=ink, width=26)
        draw.ellipse([cx - 30, cy - 130, cx + 230, cy + 130], outline=VERMILION, width=26)
    elif slug == "atelier":  # An origami crane, in triangles.
        draw.polygon([(cx - 220, cy + 40), (cx, cy - 40), (cx + 40, cy + 80)], fill=ink)
        draw.polygon([(cx, cy - 40), (cx + 230, cy - 120), (cx + 40, cy + 80)], fill=_darker(ink))
        draw.polygon([(cx - 60, cy + 10), (cx - 20, cy - 200), (cx + 20, cy)], fill=_lighter(ink))
    elif slug == "visite":  # A torii gate.
        draw.rectangle([cx - 230, cy - 170, cx + 230, cy - 140], fill=ink)
        draw.rectangle([cx - 190, cy - 110, cx + 190, cy - 90], fill=ink)
        for x in (cx - 150, cx + 120):
            draw.rectangle([x, cy - 140, x + 30, cy + 200], fill=ink)
    else:  # The sun.
        draw.ellipse([cx - 140, cy - 140, cx + 140, cy + 140], fill=VERMILION)


def category_picture(slug):
    """Return a JPEG telling the category at a glance: its motif over a band of waves."""
    background, ink = COLOURS.get(slug, (PAPER, VERMILION))
    image = Image.new("RGB", SIZE, background)
    draw = ImageDraw.Draw(image)
    _waves(draw, int(SIZE[1] * 0.78), _darker(background))
    _motif(draw, slug, ink, (SIZE[0] // 2, int(SIZE[1] * 0.42)))
    return _jpeg(image)


def edition_picture():
    """Return the editions' JPEG: a red sun over indigo waves."""
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.ellipse([700, 90, 1000, 390], fill=VERMILION)
    _waves(draw, int(SIZE[1] * 0.62), INDIGO)
    return _jpeg(image)


def logo(text, colour):
    """Return a placeholder logo: the partner's name on a coloured tile."""
    image = Image.new("RGB", (480, 240), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([8, 8, 472, 232], radius=24, fill=colour)
    try:
        font, clean = ImageFont.truetype("DejaVuSans-Bold.ttf", 32), str
    except OSError:
        # Pillow's built-in font has no accented letters: draw them without accents.
        font, clean = ImageFont.load_default(size=32), strip_accents
    lines = textwrap.wrap(clean(text), width=20)[:3]
    draw.multiline_text(
        (240, 120), "\n".join(lines), font=font, fill="white", anchor="mm", align="center"
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue())


def _jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue())
