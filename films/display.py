"""Display helpers for the public pages' templates (filmsite/jinja2.py makes
them filters and globals). Rules live elsewhere (reviews.scores, films.images);
these only format. Each returns plain text, which the templates escape, or
markup built with `html()`, which escapes what it is given.

Numbers, plurals and dates come from Django (filmsite/jinja2.py: humanize's
intcomma, the pluralize filter, and `date` below)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.template import defaultfilters
from django.utils import timezone
from django.utils.safestring import mark_safe
from markupsafe import Markup, escape

from films.images import ASPECT, CENTRE, DEFAULT_WIDTH, POSTER_WIDTHS, renditions
from reviews import scores

MARK_LABELS = {
    "certified-fresh": "Certified fresh",
    "fresh": "Fresh",
    "rotten": "Rotten",
    "upright": "Upright",
    "spilled": "Spilled",
}


def html(format_string, *args):
    """format_html() with markupsafe's escaping, which is written in C: 6 µs a
    call against format_html's 15, and the film list makes one per card (24
    to 96). Escapes `args` unless they are already safe (Django's SafeString
    or markupsafe's Markup); tests/test_display.py holds it to format_html."""
    return Markup(format_string.format(*[escape(arg) for arg in args]))


def runtime(minutes):
    """133 -> '2h 13m'."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h {rest}m" if rest else f"{hours}h"


def critics_mark(film):
    return scores.critics_mark(film.tomatometer, film.tomatometer_count)


def audience_mark(film):
    return scores.audience_mark(film.audience_score)


def mark_label(mark):
    return MARK_LABELS.get(mark, "")


def score_mark(score):
    """A single score (e.g. a similar film's) -> 'fresh' or 'rotten'."""
    return scores.critics_mark(score, 0)


def date(value, format_string):
    """Django's `date` filter for the Jinja2 templates, on the value as Django's
    templates show it (an aware datetime in the site's time zone): "M j, Y"
    gives Nov 16, 2023; "Y-m-d" the form <time datetime> wants."""
    return defaultfilters.date(timezone.template_localtime(value), format_string)


def stars_text(stars):
    """Decimal('3.5') -> '3.5 out of 5 stars'."""
    if stars is None:
        return ""
    value = f"{stars.normalize():f}"
    return f"{value} out of 5 stars"


def star_meter(stars):
    """Five stars drawn with text, with the value for screen readers."""
    if stars is None:
        return ""
    full = int(stars)
    half = stars - full >= 0.5
    shown = "★" * full + ("⯪" if half else "") + "☆" * (5 - full - (1 if half else 0))
    return html(
        '<span class="stars" aria-hidden="true">{}</span><span class="visually-hidden">{}</span>',
        shown,
        stars_text(stars),
    )


def json_ld(data):
    """Structured data for search engines. Not executed by browsers (so the
    CSP allows it); <, > and & are escaped so text cannot close the tag."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # escaped above


def picture(
    field_file,
    *,
    focus=CENTRE,
    alt="",
    sizes=None,
    width=DEFAULT_WIDTH,
    css_class="",
    title="",
    placeholder=True,
    placeholder_label=None,
    loading="lazy",
):
    """A responsive `<picture>` for a poster or photo: WebP renditions in a
    `<source>`, JPEG renditions and a JPEG fallback in the `<img>`, with width
    and height (2:3 from `width`) so the browser reserves the box before the
    image arrives. With no file, or one that cannot be read, the designed
    placeholder naming `title` instead (`placeholder=False`: nothing).

    `focus` is the object's focal point (film.poster_focus,
    person.photo_focus), on which the 2:3 crop is centred. `alt` describes
    the image ("" when the text beside it already names the film, as on
    cards); `sizes` defaults to the display `width` in CSS
    pixels; `placeholder_label` is the placeholder's accessible name, "No
    poster for <title>" unless given; `loading="eager"` for the one image
    above the fold. No style attributes: the CSP forbids inline styles;
    .poster and .poster-placeholder in static/css/site.css size both to 2:3.
    No database queries: everything comes from the field's file name and
    the renditions' manifest (films/images.py)."""
    width = int(width)
    images = renditions(field_file, POSTER_WIDTHS, aspect=ASPECT, default_width=width, focus=focus)
    if images:
        return html(
            '<picture><source type="image/webp" srcset="{}" sizes="{}">'
            '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" loading="{}" '
            'decoding="async" alt="{}"{}></picture>',
            images.webp_srcset,
            sizes or f"{width}px",
            images.fallback_url,
            images.jpeg_srcset,
            sizes or f"{width}px",
            images.width,
            images.height,
            loading,
            alt,
            html(' class="{}"', css_class) if css_class else "",
        )
    if not placeholder:
        return ""
    if placeholder_label is None:
        placeholder_label = f"No poster for {title}" if title else "No poster"
    return html(
        '<span class="{}poster-placeholder" role="img" aria-label="{}"><span>{}</span></span>',
        f"{css_class} " if css_class else "",
        placeholder_label,
        title,
    )
