"""Small files made on the fly for exhibit tests (deterministic bytes)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

SECRET = "Priya's phone, 51.5072 N 0.1276 W"


def png(size=(60, 40), colour="orange") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def jpeg_with_exif(size=(60, 40)) -> bytes:
    exif = Image.Exif()
    exif[0x010E] = SECRET  # ImageDescription
    exif[0x0131] = "CameraApp 1.0"  # Software
    out = io.BytesIO()
    Image.new("RGB", size, "blue").save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def pdf(pages: int = 1) -> bytes:
    from weasyprint import HTML

    body = "".join(
        f"<section style='page-break-after: always'>Minutes page {n}</section>"
        for n in range(1, pages + 1)
    )
    return HTML(string=body).write_pdf()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)
