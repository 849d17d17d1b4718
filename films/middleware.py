"""Request clean-up that every view can rely on."""

import re

from django.http import QueryDict

# Code points no HTML document may carry (the parser reports each as an error):
# C0 and C1 controls other than tab, newline, form feed and carriage return,
# surrogates and noncharacters.
_NONCHARACTERS = "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0x10000, 0x110000, 0x10000)
)
UNSHOWABLE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff" + _NONCHARACTERS + "]"
)


def showable(text):
    return UNSHOWABLE.sub("", text)


class QueryTextMiddleware:
    """Query-string names and values are text people type or paste: characters that no
    page can show (a NUL, say) carry no meaning there, so they are dropped before any
    view, form or error message sees them, and a page never echoes them back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET
        if any(UNSHOWABLE.search(key + "".join(values)) for key, values in query.lists()):
            cleaned = QueryDict(mutable=True)
            for key, values in query.lists():
                cleaned.setlist(showable(key), [showable(value) for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
