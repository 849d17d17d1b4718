"""Uploaded images: real images of an allowed format and a sane size.

Django's ImageField already checks that Pillow can read the file; this adds
the rules for what the site publishes: JPEG, PNG or WebP only (never SVG,
which can carry script, nor formats browsers do not show), at most
MAX_UPLOAD_BYTES and MAX_PIXELS (a decompression bomb is refused before it
is decoded)."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000


def validate_image(file):
    try:
        size = file.size
    except OSError as error:  # a stored file deleted from the media storage
        raise ValidationError(
            "The file %(name)s is missing from the media storage: upload it again or clear it.",
            code="missing",
            params={"name": file.name},
        ) from error
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "The file is %(size)s; the largest allowed is %(limit)s.",
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            "This is not an image we can read. Upload a JPEG, PNG or WebP file.",
            code="not_an_image",
        ) from error
    finally:
        file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            "%(format)s images are not allowed. Upload a JPEG, PNG or WebP file.",
            code="format",
            params={"format": image_format or "This kind of"},
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            "The image is %(width)s by %(height)s pixels; the most allowed is "
            "%(limit)s megapixels.",
            code="too_many_pixels",
            params={"width": width, "height": height, "limit": MAX_PIXELS // 1_000_000},
        )
