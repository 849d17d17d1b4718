"""`{% picture %}`: a responsive, CSP-safe `<picture>` for a poster or photo.

    {% load images %}
    {% picture film.poster alt="" title=film.title width=240 css_class="poster"
               sizes="(min-width: 60rem) 240px, 45vw" %}

renders templates/includes/picture.html: WebP renditions in a `<source>`,
JPEG renditions and a JPEG fallback in the `<img>`, with width and height
attributes (2:3 from `width`) so the browser reserves the box before the
image arrives. With no file, or one that cannot be read, it renders the
designed placeholder naming `title` instead (`placeholder=False`: nothing).

No database queries: everything comes from the field's file name and the
renditions' manifest (see films/images.py).
"""

from django import template

from films.images import ASPECT, DEFAULT_WIDTH, POSTER_WIDTHS, renditions

register = template.Library()


@register.inclusion_tag("includes/picture.html")
def picture(
    field_file,
    *,
    alt="",
    sizes=None,
    width=DEFAULT_WIDTH,
    css_class="",
    title="",
    placeholder=True,
    placeholder_label=None,
    loading="lazy",
):
    """`alt` describes the image ("" when the text beside it already names
    the film, as on cards); `sizes` defaults to the display `width` in CSS
    pixels; `placeholder_label` is the placeholder's accessible name,
    "No poster for <title>" unless given (e.g. "No photo of <name>");
    `loading="eager"` for the one image above the fold."""
    width = int(width)
    images = renditions(field_file, POSTER_WIDTHS, aspect=ASPECT, default_width=width)
    if placeholder_label is None:
        placeholder_label = f"No poster for {title}" if title else "No poster"
    return {
        "images": images,
        "alt": alt,
        "sizes": sizes or f"{width}px",
        "css_class": css_class,
        "title": title,
        "placeholder": placeholder,
        "placeholder_label": placeholder_label,
        "loading": loading,
    }
