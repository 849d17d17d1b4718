"""Resized renditions of uploaded posters and photos, made once and reused.

An uploaded poster can be a 4000-pixel print scan; a film card shows it 150
pixels wide. Pages therefore never link the upload itself: they link
renditions made from it at a few widths, and the browser picks one from a
`srcset` (see templates/includes/picture.html and the `picture` tag).

Design:

* Every rendition is cropped to 2:3, the shape of a one-sheet poster and of
  a portrait photo. The crop is centred on the image's focal point (set by an
  editor, percent across and down; the middle unless moved), shifted only as
  far as it must to stay inside the image. Cards and pages reserve a 2:3 box before
  the image arrives (width/height attributes, `.poster { aspect-ratio: 2/3 }`),
  so a rendition of any other shape would be letterboxed or distorted and
  the layout would shift.
* Each width is written as WebP and as JPEG. WebP is about a third smaller at
  the same quality and every current browser reads it; JPEG is the fallback
  in `<img src>` for everything else (old Safari, mail clients, crawlers,
  link previews), so no visitor sees a broken image.
* Renditions are never wider than the cropped source: upscaling adds bytes,
  not detail. A source narrower than the largest width also gets a
  rendition at its own width, so high-density screens get all it has.
* Output is plain sRGB with no metadata: colour profiles are applied (CMYK
  and wide-gamut uploads would look wrong once the profile is stripped),
  EXIF orientation is applied to the pixels, transparency is flattened onto
  the site's poster background, and EXIF (camera, GPS...) never leaves the
  server.

Storage layout, in the default storage::

    renditions/<name key>/<version key>/manifest.json
    renditions/<name key>/<version key>/<width>.webp
    renditions/<name key>/<version key>/<width>.jpg

* `name key` is a hash of the source's storage name ("posters/x.jpg"), so
  `delete_renditions(name)` finds every rendition of a source by listing one
  directory, even after the source itself is gone.
* `version key` is a hash of the source's name, size and modification time,
  of the widths and aspect asked for, of the focal point (when not the
  middle: centred crops keep the keys they had before focal points) and of
  FORMAT_VERSION. A moved focal point therefore gets new URLs too. A replaced
  upload (even one stored under the same name) has a new size or time, so it
  gets a new directory and new URLs: old renditions are never served for it,
  and every rendition URL is immutable, cacheable forever. Hashing the content
  instead would be stricter, but would read the whole upload on every page
  render; size and time are one `stat`.
* `manifest.json` is written last and lists the renditions made (or records
  that the source could not be read, so a corrupt upload is tried once, not
  on every page render). A page render costs one `stat` of the source and
  one read of the manifest; no image work after the first render.

Two processes rendering the same new poster at once may both make its
renditions; the storage then keeps the second copies under other names, the
manifest lists the names actually written, and `delete_renditions` removes
both. That is rare and harmless, so there is no lock.
"""

import contextlib
import hashlib
import io
import json
import logging
import os
from dataclasses import dataclass
from typing import NamedTuple

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import ExifTags, Image, ImageCms, ImageOps

logger = logging.getLogger(__name__)

ROOT = "renditions"
# Widths a poster is shown at: cards (~150-240 CSS px) and the film page
# (~240-320 CSS px), at 1x and 2x density.
POSTER_WIDTHS = (160, 240, 320, 480, 640)
ASPECT = (2, 3)
DEFAULT_WIDTH = 240
# The focal point, (across, down) in percent, when none is set: the middle.
CENTRE = (50, 50)
# Bump when the encoding below changes: every source then gets new files and
# new URLs, so browsers and CDNs holding the old ones are not a problem.
FORMAT_VERSION = 1
QUALITY = 80
# Transparent areas are flattened onto .poster's background (--border in
# static/css/site.css), the colour the box shows before the image loads.
BACKGROUND = (0xE2, 0xDE, 0xD8)
MANIFEST = "manifest.json"

_SRGB = ImageCms.createProfile("sRGB")
# EXIF orientations that turn the picture a quarter turn, swapping width and height.
_QUARTER_TURNS = {5, 6, 7, 8}


class Rendition(NamedTuple):
    width: int
    webp_url: str
    jpeg_url: str


@dataclass(frozen=True)
class RenditionSet:
    """The renditions of one source, ready for a `<picture>` element.

    `width` and `height` are the display size asked for (its height from the
    aspect ratio), for the `<img>` attributes that reserve the box;
    `fallback_url` is the JPEG for `<img src>`: the smallest rendition at
    least that wide, else the largest there is.
    """

    renditions: tuple[Rendition, ...]  # ascending width
    width: int
    height: int
    fallback_url: str

    @property
    def webp_srcset(self):
        return ", ".join(f"{r.webp_url} {r.width}w" for r in self.renditions)

    @property
    def jpeg_srcset(self):
        return ", ".join(f"{r.jpeg_url} {r.width}w" for r in self.renditions)


def renditions(
    field_file, widths=POSTER_WIDTHS, *, aspect=ASPECT, default_width=DEFAULT_WIDTH, focus=CENTRE
):
    """The RenditionSet of an image field's file, making it the first time.

    `widths` are the rendition widths wanted (those wider than the source's
    crop are skipped), `aspect` the (width, height) ratio of the crop,
    `default_width` the width the page shows the image at, which sets the
    <img> width, height and fallback, `focus` the point the crop is centred
    on, (across, down) in percent (Film.poster_focus, Person.photo_focus).

    Returns None when the field is empty, and None with a logged warning
    when its file is missing, unreadable or not an image: the page then
    shows a placeholder rather than failing.
    """
    if not field_file:
        return None
    name = field_file.name
    widths = tuple(sorted({int(w) for w in widths if int(w) > 0}))
    if not widths:
        raise ValueError("renditions() needs at least one positive width.")
    try:
        stamp = _source_stamp(field_file.storage, name)
    except OSError as exc:
        logger.warning("No renditions for %s: source not readable (%s)", name, exc)
        return None

    focus = _clamp_focus(focus)
    storage = default_storage
    directory = _version_dir(name, stamp, widths, aspect, focus)
    manifest = _read_manifest(storage, directory)
    if manifest is None:
        manifest = _make_renditions(
            field_file.storage, name, widths, aspect, focus, storage, directory
        )
        if manifest is None:
            return None
    if manifest.get("error"):
        # Logged when the source was found unreadable; quiet afterwards.
        return None

    made = tuple(
        Rendition(width, storage.url(webp), storage.url(jpeg))
        for width, webp, jpeg in manifest["renditions"]
    )
    fallback = next((r for r in made if r.width >= default_width), made[-1])
    return RenditionSet(
        renditions=made,
        width=default_width,
        height=_height(default_width, aspect),
        fallback_url=fallback.jpeg_url,
    )


def delete_image(model, field, name):
    """Remove an uploaded image no row uses any more, with its renditions."""
    # Another row may share the file (an editor copied it): keep it then.
    if not model.objects.filter(**{field: name}).exists():
        model._meta.get_field(field).storage.delete(name)
        delete_renditions(name)


def delete_renditions(name):
    """Delete every rendition made from the source stored as `name` (any
    version, any widths). Call it when a source is replaced or deleted; the
    source itself is left alone. Returns the number of files deleted."""
    name = getattr(name, "name", name)  # a FieldFile will do too
    if not name:
        return 0
    storage = default_storage
    root = f"{ROOT}/{_name_key(name)}"
    try:
        versions, _ = storage.listdir(root)
    except FileNotFoundError:
        return 0
    deleted = 0
    for version in versions:
        directory = f"{root}/{version}"
        _, files = storage.listdir(directory)
        for file_name in files:
            storage.delete(f"{directory}/{file_name}")
            deleted += 1
        _delete_directory(storage, directory)
    _delete_directory(storage, root)
    return deleted


def _delete_directory(storage, directory):
    # Directories exist only on file-system storages, where delete() removes
    # an empty one (elsewhere it is a no-op). One still holding files, written
    # by a render running meanwhile, is left for the next clean-up.
    with contextlib.suppress(OSError):
        storage.delete(directory)


# --- Keys and manifest ---------------------------------------------------------


def _source_stamp(storage, name):
    """Size and modification time of the source: what changes when it is
    replaced, at the cost of one stat rather than reading the file."""
    try:
        path = storage.path(name)
    except NotImplementedError:  # remote storage: no local path
        size = storage.size(name)
        try:
            modified = storage.get_modified_time(name).isoformat()
        except NotImplementedError:
            modified = ""
        return f"{size}:{modified}"
    stat = os.stat(path)
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def _hash(text):
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _name_key(name):
    return _hash(name)


def _version_dir(name, stamp, widths, aspect, focus=CENTRE):
    key = [FORMAT_VERSION, name, stamp, list(widths), list(aspect)]
    if focus != CENTRE:
        # Only when moved, so renditions made before focal points keep their URLs.
        key.append(list(focus))
    version = _hash(json.dumps(key, separators=(",", ":")))
    return f"{ROOT}/{_name_key(name)}/{version}"


def _read_manifest(storage, directory):
    try:
        with storage.open(f"{directory}/{MANIFEST}", "rb") as manifest:
            return json.loads(manifest.read())
    except FileNotFoundError:
        return None
    except ValueError:
        # A manifest cut short (disk full, killed worker): start that version again.
        logger.warning("Rendition manifest in %s is unreadable; making it again", directory)
        storage.delete(f"{directory}/{MANIFEST}")
        return None


def _write_manifest(storage, directory, manifest):
    storage.save(f"{directory}/{MANIFEST}", ContentFile(json.dumps(manifest).encode()))


# --- Image work ----------------------------------------------------------------


def _height(width, aspect):
    return round(width * aspect[1] / aspect[0])


def _target_widths(width, height, widths, aspect):
    """The widths to make: those the centre crop is wide enough for, plus
    the crop's own width when it is narrower than the widest asked for."""
    crop_width = min(width, height * aspect[0] // aspect[1])
    targets = [w for w in widths if w <= crop_width]
    if crop_width < widths[-1] and crop_width not in targets and crop_width > 0:
        targets.append(crop_width)
    return targets


def _oriented_size(image):
    width, height = image.size
    if image.getexif().get(ExifTags.Base.Orientation) in _QUARTER_TURNS:
        return height, width
    return width, height


def _to_srgb(image):
    """Plain 8-bit sRGB pixels, whatever the upload was."""
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        # 16-bit greyscale (some PNG scans): convert() would clip at 255.
        image = image.convert("I")
        if image.getextrema()[1] > 255:
            image = image.point(lambda value: value * (255 / 65535))
        image = image.convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or ("transparency" in image.info)
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L") and "transparency" not in image.info:
        # Apply the embedded profile (CMYK print files, Adobe RGB, Display P3):
        # the profile is stripped from the output, so the pixels must be sRGB.
        # A broken profile is ignored: the plain conversion below still applies.
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):
            image = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                _SRGB,
                outputMode="RGBA" if image.mode == "RGBA" else "RGB",
            )
    mode = "RGBA" if has_alpha else "RGB"
    converted = image.convert(mode)

    if mode == "RGBA":
        # JPEG has no alpha; flatten both formats the same way so they match.
        flat = Image.new("RGBA", converted.size, (*BACKGROUND, 255))
        flat.alpha_composite(converted)
        converted = flat.convert("RGB")
    converted.info = {}  # no EXIF, ICC or comments carried to the output
    return converted


def _encode(image, file_format):
    buffer = io.BytesIO()
    if file_format == "JPEG":
        image.save(buffer, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    else:
        image.save(buffer, "WEBP", quality=QUALITY, method=4)
    return buffer.getvalue()


def _make_renditions(source_storage, name, widths, aspect, focus, storage, directory):
    """Make the renditions and their manifest. Returns the manifest, or
    None when they could not be stored (tried again on the next render)."""
    try:
        source = source_storage.open(name, "rb")
    except OSError as exc:
        # Missing or unreadable (permissions): not the image's fault, so not
        # remembered; tried again on the next render.
        logger.warning("No renditions for %s: source not readable (%s)", name, exc)
        return None
    try:
        with source:
            images = _resize(source, widths, aspect, focus)
    except Exception as exc:
        # Pillow reports a bad upload with many exception types (OSError,
        # SyntaxError, ValueError, struct.error, DecompressionBombError...);
        # none of them may break a page. Remember the failure for this
        # version of the source, so it is not decoded again on every render.
        logger.warning("No renditions for %s: not a readable image (%r)", name, exc)
        manifest = {"format": FORMAT_VERSION, "source": name, "error": repr(exc)}
        try:
            _write_manifest(storage, directory, manifest)
        except OSError:
            logger.warning("Could not record the failure for %s", name, exc_info=True)
        return manifest

    made = []
    try:
        for width, image in images:
            saved = [
                storage.save(f"{directory}/{width}.{ext}", ContentFile(_encode(image, fmt)))
                for fmt, ext in (("WEBP", "webp"), ("JPEG", "jpg"))
            ]
            made.append([width, *saved])
        manifest = {"format": FORMAT_VERSION, "source": name, "renditions": made}
        _write_manifest(storage, directory, manifest)
    except OSError:
        logger.warning("Could not store renditions of %s", name, exc_info=True)
        return None
    return manifest


def _clamp_focus(focus):
    return tuple(min(100, max(0, int(value))) for value in focus)


def crop_box(width, height, aspect=ASPECT, focus=CENTRE):
    """(left, top, right, bottom) of the crop in an image of that size: the
    largest box of the aspect centred on the focal point, moved back inside
    the image where it would cross an edge."""
    focus = _clamp_focus(focus)
    crop_width = min(width, height * aspect[0] / aspect[1])
    crop_height = min(height, width * aspect[1] / aspect[0])
    left = min(max(width * focus[0] / 100 - crop_width / 2, 0), width - crop_width)
    top = min(max(height * focus[1] / 100 - crop_height / 2, 0), height - crop_height)
    return (left, top, left + crop_width, top + crop_height)


def crop_outline(field_file, focus=CENTRE, aspect=ASPECT):
    """((width, height), crop box) of an upload as browsers show it (EXIF
    orientation applied), for the admin to outline the crop visitors see.
    Reads only the image's header. None when the file cannot be read."""
    if not field_file:
        return None
    try:
        with field_file.storage.open(field_file.name, "rb") as source, Image.open(source) as image:
            size = _oriented_size(image)
    except Exception:  # any unreadable upload; renditions() logs why
        return None
    return size, crop_box(*size, aspect, focus)


def _centering(size, box):
    """The box as ImageOps.fit's `centering`: the share of the spare width
    and height left of and above it (0.5 when there is none to spare)."""
    spare = (size[0] - (box[2] - box[0]), size[1] - (box[3] - box[1]))
    return tuple(box[i] / spare[i] if spare[i] > 0 else 0.5 for i in (0, 1))


def _resize(source, widths, aspect, focus=CENTRE):
    """[(width, image)] for each target width, smallest first."""
    with Image.open(source) as image:
        targets = _target_widths(*_oriented_size(image), widths, aspect)
        if not targets:
            raise ValueError(f"image too small: {image.size}")
        # Let the JPEG decoder scale down by 1/2, 1/4 or 1/8 while decoding
        # (much faster for large uploads). Asking for a square as tall as
        # the tallest rendition keeps both sides, in either orientation,
        # large enough for every target. No-op for other formats.
        tallest = _height(targets[-1], aspect)
        image.draft(None, (tallest, tallest))
        image = _to_srgb(ImageOps.exif_transpose(image))
        # ImageOps.fit crops to each width's exact ratio; `centering` puts
        # that crop where crop_box() says (the middle for CENTRE, as before).
        centering = (
            (0.5, 0.5)
            if focus == CENTRE
            else _centering(image.size, crop_box(*image.size, aspect, focus))
        )
        return [
            (
                width,
                ImageOps.fit(
                    image,
                    (width, _height(width, aspect)),
                    Image.Resampling.LANCZOS,
                    centering=centering,
                ),
            )
            for width in targets
        ]
