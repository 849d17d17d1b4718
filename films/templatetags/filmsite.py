"""Small display helpers for the public pages. Rules live in films.scores;
these only format."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from films import scores

register = template.Library()

MARK_LABELS = {
    "certified-fresh": "Certified fresh",
    "fresh": "Fresh",
    "rotten": "Rotten",
    "upright": "Upright",
    "spilled": "Spilled",
}


@register.filter
def runtime(minutes):
    """133 -> '2h 13m'."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h {rest}m" if rest else f"{hours}h"


@register.filter
def critics_mark(film):
    return scores.critics_mark(film.tomatometer, film.tomatometer_count)


@register.filter
def audience_mark(film):
    return scores.audience_mark(film.audience_score)


@register.filter
def mark_label(mark):
    return MARK_LABELS.get(mark, "")


@register.filter
def score_mark(score):
    """A single score (e.g. a similar film's) -> 'fresh' or 'rotten'."""
    return scores.critics_mark(score, 0)


@register.filter
def stars_text(stars):
    """Decimal('3.5') -> '3.5 out of 5 stars'."""
    if stars is None:
        return ""
    value = f"{stars.normalize():f}"
    return f"{value} out of 5 stars"


@register.simple_tag
def star_meter(stars):
    """Five stars drawn with text, with the value for screen readers."""
    if stars is None:
        return ""
    full = int(stars)
    half = stars - full >= 0.5
    shown = "★" * full + ("⯪" if half else "") + "☆" * (5 - full - (1 if half else 0))
    return format_html(
        '<span class="stars" aria-hidden="true">{}</span><span class="visually-hidden">{}</span>',
        shown,
        stars_text(stars),
    )


@register.simple_tag
def json_ld(data):
    """Structured data for search engines. Not executed by browsers (so the
    CSP allows it); <, > and & are escaped so text cannot close the tag."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # escaped above


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, for keys held in variables."""
    if not mapping:
        return None
    return mapping.get(str(key))
