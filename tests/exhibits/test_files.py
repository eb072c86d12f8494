"""What an exhibit may be: checked by content, within the limits, images re-encoded."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from exhibits.files import check_upload
from tests.exhibits import samples


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        check_upload(samples.upload(name, data))
    return caught.value.code


def test_it_accepts_png_jpeg_and_pdf_by_their_content_whatever_their_names():
    assert check_upload(samples.upload("photo.pdf", samples.png())).content_type == "image/png"
    assert check_upload(samples.upload("x.txt", samples.jpeg_with_exif())).content_type == (
        "image/jpeg"
    )
    checked = check_upload(samples.upload("minutes", samples.pdf(pages=2)))
    assert (checked.content_type, checked.pages) == ("application/pdf", 2)


@pytest.mark.parametrize(
    "name, data",
    [
        ("notes.txt", b"Just some text, not a picture"),
        ("tool.png", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),  # a Windows .exe renamed
        ("page.pdf", b"<html><body>%PDF-1.7</body></html>"),  # the magic not at the start
        ("drawing.gif", b"GIF89a" + b"\x00" * 50),
        ("vector.png", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"),
    ],
)
def test_it_refuses_what_is_not_pdf_png_or_jpeg(name, data):
    assert refusal(name, data) == "wrong_type"


def test_it_refuses_an_empty_file():
    assert refusal("empty.png", b"") == "empty"


def test_it_refuses_a_file_over_the_size_limit(settings):
    settings.EXHIBIT_MAX_BYTES = 1000
    assert refusal("big.png", samples.png(size=(400, 400)) + b"\x00" * 2000) == "too_large"


def test_it_refuses_an_image_over_the_pixel_limit_before_decoding_it(settings):
    settings.EXHIBIT_MAX_MEGAPIXELS = 1
    out = io.BytesIO()
    Image.new("L", (1100, 1000)).save(out, "PNG")
    assert len(out.getvalue()) < 50_000  # small on disk, large in memory
    assert refusal("bomb.png", out.getvalue()) == "too_many_pixels"


@pytest.mark.parametrize(
    "name, data",
    [
        ("cut.png", samples.png()[:40]),
        ("cut.jpg", samples.jpeg_with_exif()[:120]),
        ("cut.pdf", samples.pdf()[:400]),
        ("junk.pdf", b"%PDF-1.7\nthis is not really a PDF at all\n"),
    ],
)
def test_it_refuses_a_corrupt_or_truncated_file(name, data):
    assert refusal(name, data) == "corrupt"


def test_it_refuses_a_pdf_over_the_page_limit(settings):
    settings.EXHIBIT_MAX_PDF_PAGES = 2
    assert refusal("long.pdf", samples.pdf(pages=3)) == "too_many_pages"


def test_re_encoding_strips_exif_and_anything_appended():
    original = samples.jpeg_with_exif() + b"<?php system($_GET['c']); ?>"
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif()[0x010E] == samples.SECRET
    checked = check_upload(samples.upload("photo.jpg", original))
    assert samples.SECRET.encode() not in checked.data
    assert b"CameraApp" not in checked.data
    assert b"<?php" not in checked.data
    with Image.open(io.BytesIO(checked.data)) as after:
        assert not dict(after.getexif())
        assert after.size == (60, 40)
    assert checked.sha256 == hashlib.sha256(checked.data).hexdigest()


def test_a_png_keeps_its_pixels_and_loses_its_text_chunks():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", samples.SECRET)
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "green").save(out, "PNG", pnginfo=info)
    checked = check_upload(samples.upload("a.png", out.getvalue()))
    assert samples.SECRET.encode() not in checked.data
    with Image.open(io.BytesIO(checked.data)) as image:
        assert image.getpixel((5, 5)) == (0, 128, 0)
