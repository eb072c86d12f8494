"""The demo's exhibits: a photo-like image of a wet-floor sign (drawn with Pillow) and the
minutes of the team workshop (a one-page PDF made with WeasyPrint), attached through the
same checks and numbering as an upload. The bytes are the same on every run."""

from __future__ import annotations

import io
import math

from django.template.loader import render_to_string
from PIL import Image, ImageDraw, ImageFont

from exhibits.files import check_upload
from exhibits.services import attach_exhibit

#: (register title, record kind, record key, title, maker) for the demo learner's register.
EXHIBITS = (
    (
        "Front desk customer journey",
        "risk",
        "changing-village",
        "Wet-floor sign placed at the changing-village entrance during the busy period",
        "wet_floor_sign",
    ),
    (
        "Front desk customer journey",
        "consultation",
        "team-workshop",
        "Minutes of the front desk team risk workshop",
        "workshop_minutes",
    ),
)


def add_exhibits(builder) -> None:
    """Attach the demo exhibits of ``builder``'s register (a ``demo.loader.RegisterBuilder``)."""
    for title, kind, key, caption, maker in EXHIBITS:
        if builder.spec.title != title:
            continue
        records = builder.risks if kind == "risk" else builder.consultations
        if key not in records:
            continue
        data = MAKERS[maker](builder)
        checked = check_upload(_Upload(data))
        attach_exhibit(
            record=records[key],
            checked=checked,
            title=caption,
            uploaded_by=builder.user(builder.spec.owner),
        )


class _Upload(io.BytesIO):
    @property
    def size(self) -> int:
        return len(self.getvalue())


def _font(size: int) -> ImageFont.ImageFont:
    for name in ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def wet_floor_sign(builder=None) -> bytes:
    """A yellow A-frame "Caution: wet floor" sign on tiles, 900 x 1200 px."""
    width, height = 900, 1200
    image = Image.new("RGB", (width, height), (214, 222, 226))
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 100):  # wall tiles
        draw.line([(x, 0), (x, 760)], fill=(190, 200, 205), width=3)
    for y in range(0, 760, 100):
        draw.line([(0, y), (width, y)], fill=(190, 200, 205), width=3)
    draw.rectangle([0, 760, width, height], fill=(120, 132, 140))  # floor
    for n in range(7):  # a puddle's sheen
        draw.ellipse(
            [120 + n * 8, 1050 + n * 4, 780 - n * 8, 1140 - n * 4], outline=(150, 170, 185)
        )
    board = [(250, 140), (650, 140), (720, 1080), (180, 1080)]
    draw.polygon(board, fill=(255, 204, 0), outline=(40, 40, 40))
    draw.line([(180, 1080), (250, 140), (650, 140), (720, 1080)], fill=(40, 40, 40), width=10)
    cx, top = 450, 260  # the warning triangle
    side = 300
    tri = [
        (cx, top),
        (cx + side / 2, top + side * math.sqrt(3) / 2),
        (cx - side / 2, top + side * math.sqrt(3) / 2),
    ]
    draw.polygon(tri, fill=(255, 204, 0), outline=(20, 20, 20))
    draw.line([*tri, tri[0]], fill=(20, 20, 20), width=14)
    # A figure slipping, in simple strokes.
    draw.ellipse([470, 350, 510, 390], fill=(20, 20, 20))
    draw.line([(485, 395), (440, 470)], fill=(20, 20, 20), width=14)
    draw.line([(440, 470), (480, 515)], fill=(20, 20, 20), width=12)
    draw.line([(440, 470), (390, 500)], fill=(20, 20, 20), width=12)
    draw.line([(470, 420), (520, 440)], fill=(20, 20, 20), width=10)
    draw.line([(465, 425), (410, 410)], fill=(20, 20, 20), width=10)
    for label, y, size in (
        ("CAUTION", 620, 84),
        ("WET FLOOR", 730, 72),
        ("Riverside Leisure", 900, 34),
    ):
        font = _font(size)
        box = draw.textbbox((0, 0), label, font=font)
        draw.text((cx - (box[2] - box[0]) / 2, y), label, fill=(20, 20, 20), font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def workshop_minutes(builder) -> bytes:
    """The minutes of the team workshop consultation, one A4 page."""
    from weasyprint import HTML

    consultation = builder.consultations["team-workshop"]
    html = render_to_string(
        "demo/workshop_minutes.html",
        {"consultation": consultation, "register": builder.register},
    )
    return HTML(string=html).write_pdf()


MAKERS = {"wet_floor_sign": wet_floor_sign, "workshop_minutes": workshop_minutes}
