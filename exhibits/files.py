"""Checking an uploaded exhibit by what it contains, never by its name.

A file is accepted only if its first bytes say PDF, PNG or JPEG *and* it opens as that:
images are fully decoded by Pillow and then re-encoded, so EXIF (location, camera,
author), comments and anything appended after the image are dropped and what is stored is
exactly what was checked; PDFs are opened with pypdf and their pages counted. Limits come
from settings: ``EXHIBIT_MAX_BYTES``, ``EXHIBIT_MAX_MEGAPIXELS`` (a small file can decode
to gigabytes of pixels) and ``EXHIBIT_MAX_PDF_PAGES``.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
MAGIC = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
PILLOW_FORMATS = {PNG: "PNG", JPEG: "JPEG"}
ACCEPTED = "PDF, PNG or JPEG"
#: What the browser's file picker offers (a hint only: the content decides).
ACCEPT_ATTRIBUTE = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


@dataclass(frozen=True)
class CheckedFile:
    """An accepted file as it will be stored."""

    data: bytes
    content_type: str
    sha256: str
    pages: int | None = None
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> int:
        return len(self.data)


def sniff(head: bytes) -> str | None:
    """The type the first bytes announce, or None."""
    return next((kind for magic, kind in MAGIC if head.startswith(magic)), None)


def check_upload(upload) -> CheckedFile:
    """Read ``upload`` (a Django ``UploadedFile`` or any file object with ``size``) and
    return it checked and normalised; ``ValidationError`` with a message for the learner
    otherwise. Nothing is stored here."""
    limit = settings.EXHIBIT_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _too_large(size, limit)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(len(data), limit)
    if not data:
        raise ValidationError("The file is empty.", code="empty")
    kind = sniff(data[:16])
    if kind is None:
        raise ValidationError(
            f"This file is not a {ACCEPTED} file (its content says so, whatever its name). "
            f"Save or scan it as PDF, PNG or JPEG and try again.",
            code="wrong_type",
        )
    return check_pdf(data) if kind == PDF else check_image(data, kind)


def check_image(data: bytes, kind: str) -> CheckedFile:
    """Decode the whole image within the pixel limit and re-encode it without metadata."""
    max_pixels = int(settings.EXHIBIT_MAX_MEGAPIXELS * 1_000_000)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != PILLOW_FORMATS[kind]:
                    raise _corrupt("an image")
                width, height = probe.size
                if width * height > max_pixels:
                    raise ValidationError(
                        f"The image is {width} × {height} pixels "
                        f"({width * height / 1_000_000:.0f} megapixels); at most "
                        f"{settings.EXHIBIT_MAX_MEGAPIXELS:g} megapixels are accepted. "
                        f"Resize it and try again.",
                        code="too_many_pixels",
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                clean = _reencode(image, kind)
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ):
        raise _corrupt("an image") from None
    with Image.open(io.BytesIO(clean)) as stored:
        width, height = stored.size
    return CheckedFile(clean, kind, _sha256(clean), width=width, height=height)


def _reencode(image: Image.Image, kind: str) -> bytes:
    """The pixels only: upright (the EXIF orientation applied), no EXIF, ICC profile,
    comments or trailing bytes; PNG stays PNG, JPEG stays JPEG."""
    image = ImageOps.exif_transpose(image)
    out = io.BytesIO()
    if kind == PNG:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, format="PNG", optimize=True)
    else:
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=90, optimize=True)
    return out.getvalue()


def check_pdf(data: bytes) -> CheckedFile:
    """Open the PDF, refuse it encrypted, empty or over the page limit."""
    max_pages = settings.EXHIBIT_MAX_PDF_PAGES
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted:
            raise ValidationError(
                "The PDF is password-protected; save a copy without a password and try again.",
                code="encrypted",
            )
        pages = len(reader.pages)
        if pages > max_pages:
            raise ValidationError(
                f"The PDF has {pages} pages; at most {max_pages} are accepted. "
                f"Attach only the pages that show the evidence.",
                code="too_many_pages",
            )
        for page in reader.pages:
            page.mediabox  # noqa: B018 - reading each page's box parses its dictionary
    except ValidationError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise _corrupt("a PDF") from None
    if pages == 0:
        raise _corrupt("a PDF")
    return CheckedFile(data, PDF, _sha256(data), pages=pages)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _too_large(size: int, limit: int) -> ValidationError:
    return ValidationError(
        f"The file is {filesizeformat(size)}; at most {filesizeformat(limit)} is accepted.",
        code="too_large",
    )


def _corrupt(what: str) -> ValidationError:
    return ValidationError(
        f"The file starts like {what} but cannot be opened: it may be damaged or only "
        f"partly saved. Save it again and try again.",
        code="corrupt",
    )
