"""Uploaded files (posters, photos and their renditions) served by the application.

A web server in front can serve MEDIA_ROOT itself (README, "Serving media");
otherwise `MediaMiddleware` does, when DJANGO_SERVE_MEDIA is on (the default).
It sits directly after whitenoise, as whitenoise does for static files, so an
image request skips the page cache, sessions and authentication: a change
list of forty poster thumbnails costs no database query per image, and
images still load while the database is down.

Uploads are only ever served as images:

* Only names ending in .jpg, .jpeg, .png or .webp are served, with the
  Content-Type their extension says; anything else (HTML, SVG, unknown) is
  a 404, whatever the file holds. The upload validators only accept real
  JPEG, PNG and WebP images; this is the second wall.
* Every answer says `X-Content-Type-Options: nosniff` (the browser never
  guesses another type) and `Content-Security-Policy: default-src 'none';
  sandbox` (were a file ever opened as a document, it runs nothing).
* `django.views.static.serve` does the file work: path normalisation,
  no directory listings, If-Modified-Since. A path that leaves MEDIA_ROOT
  is a 404 like any missing file.

Caching: a rendition's URL changes whenever its source changes (its
directory is a hash of the source's name, size and time, films/images.py),
so renditions are cached for a year and marked immutable. An upload's own
name can come back after the file is deleted, so uploads get an hour.
"""

import re
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponseNotAllowed, HttpResponseNotFound
from django.views.static import serve

from films.images import ROOT as RENDITIONS

CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
# renditions/<name key>/<version key>/<width>.<ext>, as films/images.py names them.
IMMUTABLE = re.compile(rf"{RENDITIONS}/[0-9a-f]{{16}}/[0-9a-f]{{16}}/\d+\.(?:webp|jpg)")
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"
UPLOAD_CACHE = "public, max-age=3600"
POLICY = "default-src 'none'; sandbox"


def serve_media(request, path):
    """The response for `path` under MEDIA_ROOT (a view: request and path)."""
    if request.method not in ("GET", "HEAD"):
        return _safe(HttpResponseNotAllowed(["GET", "HEAD"]))
    content_type = CONTENT_TYPES.get(PurePosixPath(path).suffix.lower())
    if content_type is None:
        return _not_found()
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except (Http404, SuspiciousFileOperation):
        return _not_found()
    if response.status_code == 200:
        response["Content-Type"] = content_type
    response["Cache-Control"] = IMMUTABLE_CACHE if IMMUTABLE.fullmatch(path) else UPLOAD_CACHE
    return _safe(response)


def _not_found():
    # Plain text, not the site's 404 page: probes for missing files stay cheap.
    return _safe(HttpResponseNotFound("Not found.", content_type="text/plain; charset=utf-8"))


def _safe(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = POLICY
    return response


class MediaMiddleware:
    """Answers requests under MEDIA_URL with `serve_media` when SERVE_MEDIA is on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = "/" + settings.MEDIA_URL.lstrip("/")
        if settings.SERVE_MEDIA and request.path_info.startswith(prefix):
            return serve_media(request, request.path_info.removeprefix(prefix))
        return self.get_response(request)
