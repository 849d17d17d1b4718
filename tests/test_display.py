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
