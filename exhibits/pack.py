"""The exhibits of a register for the evidence pack: an index and print copies of images.

``exhibit_section(register, text=...)`` reads the register's exhibits in one query (two
when some support actions: which risks those cover) and gives the pack's ``Exhibits``
index and, for every risk and review, the exhibits to show where it is printed: a risk
shows those of the risk and of its actions, consultations and awareness records. Images
are embedded as small inline copies (the PDF renderer loads nothing else), scaled down
until they fit its inline-data budget; PDFs are listed, with their pages.
"""

from __future__ import annotations

import base64
import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat
from PIL import Image

from assessments.models import Action
from exhibits.models import TARGET_LABELS, Exhibit, describe_record
from registers.models import Register

#: Largest inline image, in base64 characters: under the renderer's DATA_URL_MAX_CHARS.
PRINT_MAX_CHARS = 60_000
#: Long edges tried for the print copy, largest first (about 150 dpi across a page at 1000).
PRINT_EDGES = (1000, 820, 680, 560, 460, 380, 300)


@dataclass(frozen=True)
class ExhibitEntry:
    number: str  # "E1"
    title: str
    supports: str  # the record, as a reader names it
    supports_kind: str
    type: str
    size: str
    pages: int | None
    sha256: str
    image: str = ""  # a data: URL of the print copy, for images
    #: Where it is printed in full: (pack section, anchor of the record's section).
    shown_in: tuple[tuple[str, str], ...] = ()

    @property
    def anchor(self) -> str:
        return f"exhibit-{self.number.lower()}"


@dataclass(frozen=True)
class ExhibitsSection:
    entries: tuple[ExhibitEntry, ...] = ()
    #: Exhibit numbers shown with each printed record, by the record's anchor.
    shown_at: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def at(self, anchor: str) -> tuple[ExhibitEntry, ...]:
        numbers = self.shown_at.get(anchor, ())
        return tuple(entry for entry in self.entries if entry.number in numbers)


def exhibit_section(register: Register, *, text: Callable[[str], str] = str) -> ExhibitsSection:
    """The exhibits of ``register``; ``text`` redacts user text as the rest of the pack."""
    exhibits = list(Exhibit.objects.filter(register=register).with_targets().order_by("number"))
    action_ids = [exhibit.action_id for exhibit in exhibits if exhibit.action_id]
    action_risks: dict[int, list[str]] = defaultdict(list)
    if action_ids:
        links = Action.risks.through.objects.filter(action_id__in=action_ids).select_related("risk")
        for link in links.order_by("risk__number"):
            action_risks[link.action_id].append(link.risk.reference)
    entries, shown_at = [], defaultdict(list)
    for exhibit in exhibits:
        printed_with = _printed_with(exhibit, action_risks)
        entry = ExhibitEntry(
            number=exhibit.label,
            title=text(exhibit.title),
            supports=text(describe_record(exhibit.kind, exhibit.target)),
            supports_kind=TARGET_LABELS[exhibit.kind],
            type=exhibit.get_content_type_display(),
            size=filesizeformat(exhibit.size).replace("\xa0", " "),
            pages=exhibit.pages,
            sha256=exhibit.sha256,
            image=print_copy(exhibit) if exhibit.is_image else "",
            shown_in=tuple(
                ("reviews" if anchor.startswith("review-") else "risks", anchor)
                for anchor in printed_with
            ),
        )
        entries.append(entry)
        # Shown in full in risk and review sections; cited in the logs' rows of its record.
        for anchor in [*printed_with, f"{exhibit.kind}-{exhibit.target.pk}"]:
            shown_at[anchor].append(entry.number)
    return ExhibitsSection(tuple(entries), {key: tuple(value) for key, value in shown_at.items()})


def _printed_with(exhibit: Exhibit, action_risks) -> list[str]:
    """The anchors of the pack's risk and review sections where the exhibit is shown."""
    kind = exhibit.kind
    if kind == "risk":
        return [f"risk-{exhibit.risk.reference}"]
    if kind == "awareness":
        return [f"risk-{exhibit.awareness.risk.reference}"]
    if kind == "consultation":
        risk = exhibit.consultation.risk
        return [f"risk-{risk.reference}"] if risk else []
    if kind == "action":
        return [f"risk-{reference}" for reference in action_risks[exhibit.action_id]]
    return [f"review-{exhibit.review_id}"]


def print_copy(exhibit: Exhibit) -> str:
    """A data: URL of the image scaled to fit the page and the inline budget ('' if the
    file cannot be read)."""
    try:
        with exhibit.file.open("rb") as stored:
            data = stored.read()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            return _fit(image)
    except (OSError, ValueError):
        return ""


def _fit(image: Image.Image) -> str:
    has_alpha = image.mode in ("RGBA", "LA", "P")
    for edge in PRINT_EDGES:
        copy = image.copy()
        copy.thumbnail((edge, edge))
        for encoded in _encodings(copy, has_alpha):
            if len(encoded) <= PRINT_MAX_CHARS:
                return encoded
    return ""


def _encodings(image: Image.Image, has_alpha: bool):
    """PNG first (sharp for signs and screenshots), then JPEG (small for photos)."""
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    yield "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
    if has_alpha:
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = flat
    for quality in (82, 70):
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=quality, optimize=True)
        yield "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")
