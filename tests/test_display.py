"""films.display.html() writes markup as Django's format_html() does."""

import html as html_module

import pytest
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from markupsafe import Markup

from films.display import html


@pytest.mark.parametrize(
    "args",
    [
        ("plain", 3, None),
        ("<script>alert('x')</script>", '"quoted" & more', "é ★"),
        (mark_safe("<b>safe</b>"), Markup("<i>also safe</i>"), "<u>not</u>"),
    ],
)
def test_html_escapes_as_format_html(args):
    template = '<span title="{}">{}</span>{}'
    ours = html(template, *args)
    assert isinstance(ours, Markup) and hasattr(ours, "__html__")
    # The same text once the entities are read (one writes &#39;, the other &#x27;).
    assert html_module.unescape(ours) == html_module.unescape(format_html(template, *args))
    assert "<script>" not in ours and "<u>" not in ours


def test_dates_are_shown_in_the_sites_time_zone(settings):
    """A review imported at 23:30 UTC on Nov 16 was written on Nov 17 in Tokyo."""
    from datetime import UTC, date, datetime

    from django.utils import timezone

    from films.display import date as date_filter

    settings.TIME_ZONE = "Asia/Tokyo"
    moment = datetime(2023, 11, 16, 23, 30, tzinfo=UTC)
    with timezone.override("Asia/Tokyo"):
        assert date_filter(moment, "M j, Y") == "Nov 17, 2023"
        assert date_filter(moment, "Y-m-d") == "2023-11-17"
    assert date_filter(date(1921, 7, 24), "F j, Y") == "July 24, 1921"
    assert date_filter(None, "M j, Y") == ""
